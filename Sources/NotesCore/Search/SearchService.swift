import SQLiteStore

/// Full-text search over notes (CLI.md §4 search): FTS5, ranked by bm25 with the title
/// weighted above tags and body, with snippets. Trashed notes are never found.
public struct SearchService {
    let tx: Transaction

    public init(_ tx: Transaction) { self.tx = tx }

    public enum Syntax: String, CaseIterable, Sendable {
        /// Words and "phrases", matched safely whatever they contain.
        case plain
        /// FTS5 query syntax passed through; its errors are `invalid`.
        case fts
    }

    /// What a search looks through; each has its own FTS5 index, ranked the same way.
    public enum Kind: String, CaseIterable, Sendable { case note, task, artifact }

    /// How one kind is searched: its index, how hits join their note, how a hit reads.
    struct Index {
        let fts: String
        let table: String
        let columns: String
        let columnCount: Int
        let join: String
        let tagFilter: String
        let idKind: IDKind
        let resource: (Row) -> JSONObject

        static func prefixed(_ columns: String, _ alias: String) -> String {
            columns.split(separator: ",").map { alias + "." + $0.trimmingCharacters() }.joined(separator: ", ")
        }

        static func of(_ kind: Kind) -> Index {
            switch kind {
            case .note:
                return Index(fts: "notes_fts", table: "notes", columns: prefixed(Note.columns, "n"), columnCount: 13,
                             join: "JOIN notes n ON n.seq = notes_fts.rowid",
                             tagFilter: "n.id IN (SELECT note_id FROM note_tags WHERE tag = ?)", idKind: .note) { Note(row: $0).json }
            case .task:
                return Index(fts: "tasks_fts", table: "tasks", columns: prefixed(NoteTask.columns, "t"), columnCount: 8,
                             join: "JOIN tasks t ON t.seq = tasks_fts.rowid JOIN notes n ON n.id = t.note_id",
                             tagFilter: "EXISTS (SELECT 1 FROM json_each(t.tags) WHERE value = ?)", idKind: .task) { NoteTask(row: $0).json }
            case .artifact:
                return Index(fts: "artifacts_fts", table: "artifacts", columns: prefixed(Artifact.columns, "a"), columnCount: 10,
                             join: "JOIN artifacts a ON a.seq = artifacts_fts.rowid JOIN notes n ON n.id = a.note_id",
                             tagFilter: "n.id IN (SELECT note_id FROM note_tags WHERE tag = ?)", idKind: .artifact) { Artifact(row: $0).json }
            }
        }
    }

    public struct Request: Sendable {
        public var query: String
        /// Notes (the default), tasks or artifacts.
        public var kind: Kind = .note
        public var syntax: Syntax = .plain
        public var tags: [String] = []
        public var since: String?
        public var until: String?
        public var allWorkspaces = false
        public var limit = 20
        /// The id of the last hit of the previous page.
        public var after: String?
        /// Snippet highlight markers.
        public var markStart = ""
        public var markEnd = ""
        public init(query: String) { self.query = query }
    }

    /// Streams hits, best first: the resource's fields plus `score` (higher is better) and
    /// `snippet`. Task tags are the task's own; artifact tags and every time filter are the note's.
    public func search(_ request: Request, _ emit: (JSONObject) throws -> Void) throws {
        let match: String
        switch request.syntax {
        case .plain:
            guard let built = SearchQuery.build(request.query) else { return }
            match = built
        case .fts:
            guard !request.query.allSatisfy(\.isWhitespace) else { throw NotesError.invalid("empty FTS5 query") }
            try Validate.text(request.query, what: "query", multiline: true)
            match = request.query
        }
        let workspaces = WorkspaceService(tx)
        let ids = request.allWorkspaces ? try workspaces.list().map(\.id) : [try workspaces.current(.read).id]
        guard !ids.isEmpty else { return }
        let index = Index.of(request.kind)
        var sql = """
            SELECT \(index.columns), -\(index.fts).rank, snippet(\(index.fts), -1, ?, ?, '…', 16)
            FROM \(index.fts) \(index.join)
            WHERE \(index.fts) MATCH ? AND n.trashed_at IS NULL
              AND n.workspace_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))
            """
        var args: [SQLValue] = [.text(request.markStart), .text(request.markEnd), .text(match)] + ids.map { .text($0) }
        for tag in request.tags {
            sql += " AND \(index.tagFilter)"
            args.append(.text(tag))
        }
        if let s = request.since { sql += " AND n.updated_at >= ?"; args.append(.text(try Validate.time(s, what: "--since"))) }
        if let u = request.until { sql += " AND n.updated_at < ?"; args.append(.text(try Validate.time(u, what: "--until"))) }
        // ORDER BY rank alone lets FTS5 deliver rows in rank order, so snippets are made only
        // for the rows printed, not for every match.
        sql += " ORDER BY \(index.fts).rank"
        var skipping = request.after != nil
        let afterId = try request.after.map { try IDResolver.resolve($0, kind: index.idKind, in: tx.db, table: index.table) }
        if !skipping { sql += " LIMIT \(max(0, request.limit))" }
        var emitted = 0
        do {
            let statement = try tx.db.prepare(sql)
            try statement.bind(args)
            defer { statement.reset() }
            while emitted < request.limit, try statement.step() {
                let row = statement.row
                if skipping {
                    if row.text(0) == afterId { skipping = false }
                    continue
                }
                var hit = index.resource(row)
                hit["score"] = .double(row.double(index.columnCount))
                hit["snippet"] = .string(row.text(index.columnCount + 1))
                try emit(hit)
                emitted += 1
            }
        } catch let e as SQLiteError where request.syntax == .fts && e.kind == .sql {
            // With plain syntax the query is built safely, so an error there is a bug and stays one.
            throw NotesError.invalid("invalid FTS5 query: \(e.message)", hint: "drop --syntax fts to search plain words")
        }
        if skipping, let afterId, request.limit > 0 {
            // A cursor that is not a hit (of this query, or any more) pages through nothing.
            throw NotesError.notFound("--after \(afterId) is not among the hits of this search",
                                      hint: "give the id of the last hit of the previous page")
        }
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(self.drop(while: { $0 == " " || $0 == "\n" }).reversed().drop(while: { $0 == " " || $0 == "\n" }).reversed())
    }
}
