import Foundation
import Testing
import NotesCore
import SQLiteStore

/// The search query builder under whatever people type (CLI.md §4: plain words are matched
/// safely whatever punctuation they carry). Whatever the text, the MATCH expression it makes
/// is accepted by FTS5 — run against a real FTS5 table with the store's tokenizer — or there is
/// nothing to search for, exactly when the text holds no letter or digit.
@Suite struct FuzzSearchQueryTests {
    static func index() throws -> Connection {
        let db = try Connection(path: ":memory:")
        try db.execute("""
            CREATE VIRTUAL TABLE t USING fts5(title, body, tags, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
            INSERT INTO t VALUES ('Release plan', 'ship the c++ build; foo-bar and "quotes" 🎉 naïve café', '["work"]');
            INSERT INTO t VALUES ('AND OR NOT', 'NEAR(a b) title:body * ^ - + ( ) {x}', '[]');
            """)
        return db
    }

    func expectAccepted(_ text: String, by db: Connection, _ context: String) {
        let built = SearchQuery.build(text)
        let searchable = text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        if let match = built {
            do {
                _ = try db.scalarInt("SELECT count(*) FROM t WHERE t MATCH ?", [.text(match)])
            } catch {
                Issue.record("\(context): FTS5 refused \(match.debugDescription) built from \(text.debugDescription): \(error)")
            }
            #expect(!match.contains("\u{0}"), "\(context): NUL reached FTS5")
        }
        // Nothing to search exactly when there is no letter or digit (a lone "*" or emoji is no word).
        #expect((built == nil) == !searchable, "\(context): \(text.debugDescription) built \(built ?? "nil")")
    }

    @Test func everyNastySampleAndPairIsValidFTS5() throws {
        let db = try Self.index()
        let samples = NastyText.samples.filter { $0.utf8.count < 1_000 } + [
            "c++", "foo-bar", "\"unterminated", "\"\"", "\"a\"*", "a**", "*a", "NEAR(a b)", "title:plan", "-ship", "+ship",
            "a AND", "OR b", "(a", "a)", "{title}: a", "x\"y", "\"a\" \"", "é*", "🎉*", "\u{0}*", "a\u{0}", "\"a\u{0}b\"",
            "\u{00A0}a\u{3000}b", "a\u{2028}b",
        ]
        for a in samples {
            expectAccepted(a, by: db, "sample")
            for b in samples { expectAccepted(a + " " + b, by: db, "pair"); expectAccepted(a + b, by: db, "glued") }
        }
    }

    @Test func randomTextIsValidFTS5() throws {
        var rng = FuzzRandom(0x6674_7335)
        let db = try Self.index()
        let alphabet: [Character] = ["a", "b", "Z", "9", " ", " ", "\"", "\"", "*", "(", ")", ":", "-", "+", "^", "{", "}",
                                     ",", ".", "'", "\\", "\u{0}", "\t", "\n", "é", "e\u{301}", "🎉", "漢", "\u{00A0}", "_"]
        let words = ["AND", "OR", "NOT", "NEAR", "title", "body", "tags", "c++", "foo-bar"]
        for n in 0..<5_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...16, using: &rng) {
                if rng.chance(0.2) { text += rng.pick(words) } else { text.append(rng.pick(alphabet)) }
            }
            expectAccepted(text, by: db, "seed \(rng.seed) case \(n)")
        }
    }

    /// Found by the libFuzzer target (fuzz/regressions/FuzzSearchQuery): a quote followed by a
    /// combining mark is one Character in Swift; the builder works on scalars so it stays a quote.
    @Test func quoteFollowedByACombiningMarkStaysQuoted() throws {
        let db = try Self.index()
        for text in ["a\"\u{301}=b", "\"\u{301}hello\" x:y", "x \"\u{7A6} y:z", "\"\"\"\"\u{301}g\"\r"] {
            expectAccepted(text, by: db, "combining mark after a quote")
        }
    }

    @Test func hugeInputIsHandled() throws {
        let db = try Self.index()
        expectAccepted(String(repeating: "word ", count: 20_000), by: db, "20k words")
        expectAccepted(String(repeating: "\"", count: 50_001), by: db, "50k quotes")
        expectAccepted(String(repeating: "x", count: 1_000_000), by: db, "one 1 MB word")
        expectAccepted(String(repeating: "a* ", count: 5_000), by: db, "5k prefixes")
    }
}
