// libFuzzer target: the search query builder. Whatever the text, the MATCH expression it makes
// is accepted by FTS5 (the store's tokenizer, on an in-memory table), and it makes none exactly
// when the text holds no alphabetic or numeric scalar.
import NotesCore
import SQLiteStore

nonisolated(unsafe) let index: Connection = {
    do {
        let db = try Connection(path: ":memory:")
        try db.execute("""
            CREATE VIRTUAL TABLE t USING fts5(title, body, tags, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
            INSERT INTO t VALUES ('Release plan', 'ship the c++ build; foo-bar "quotes" café', '["work"]');
            """)
        return db
    } catch {
        fatalError("cannot make the FTS5 table: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSearchQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let built = SearchQuery.build(text)
    let searchable = text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    precondition((built == nil) == !searchable, "built \(built ?? "nil") from \(text.debugDescription)")
    if let match = built {
        do {
            _ = try index.scalarInt("SELECT count(*) FROM t WHERE t MATCH ?", [.text(match)])
        } catch {
            preconditionFailure("FTS5 refused \(match.debugDescription) built from \(text.debugDescription): \(error)")
        }
    }
    return 0
}
