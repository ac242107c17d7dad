import SQLiteStore

/// A typed relationship between two notes (CLI.md §4 link). `mentions` links are derived from
/// `[[Title]]` and `[[nt_…]]` in bodies; a mention that names no note is dangling (no target).
public struct Link: Sendable, Equatable {
    public static let types = ["references", "blocks", "parent", "duplicates", "related"]

    public let id: String
    public let sourceId: String
    public let targetId: String?
    public let type: String
    public let label: String?
    public let targetText: String?
    public let createdAt: String
    public let createdBy: String

    static let columns = "id, source_id, target_id, type, label, target_text, created_at, created_by"

    init(row: Row) {
        id = row.text(0)
        sourceId = row.text(1)
        targetId = row.optionalText(2)
        type = row.text(3)
        label = row.optionalText(4)
        targetText = row.optionalText(5)
        createdAt = row.text(6)
        createdBy = row.text(7)
    }

    public var json: JSONObject {
        ["id": .string(id), "source_id": .string(sourceId), "target_id": JSON(targetId), "type": .string(type),
         "label": JSON(label), "target_text": JSON(targetText), "created_at": .string(createdAt), "created_by": .string(createdBy)]
    }
}

public struct LinkService {
    let tx: Transaction
    let notes: NoteService
    public init(_ tx: Transaction) {
        self.tx = tx
        self.notes = NoteService(tx)
    }

    public enum Direction: String, CaseIterable, Sendable { case out, `in`, both }

    // MARK: Mentions

    /// The `[[…]]` texts of a body, trimmed, without duplicates, in order: one line each, and
    /// not in code (fenced blocks, as for tasks, and `code spans`), where they are examples.
    static func mentions(in body: String) -> [String] {
        var out: [String] = []
        TaskParser.scan(body) { _, line in
            var rest = Substring(withoutCodeSpans(line))
            while let open = rest.range(of: "[[") {
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "]]") else { break }
                let text = String(after[..<close.lowerBound].trimmingSpaces())
                if !text.isEmpty, text.count <= 200, !out.contains(text) { out.append(text) }
                rest = after[close.upperBound...]
            }
        }
        return out
    }

    /// `line` with each code span (a run of backticks up to the next run of as many,
    /// CommonMark 6.1) left out; a run that is never closed is kept as text.
    static func withoutCodeSpans(_ line: Substring) -> String {
        guard line.contains("`") else { return String(line) }
        let chars = Array(line)
        var out = ""
        var i = 0
        while i < chars.count {
            guard chars[i] == "`" else { out.append(chars[i]); i += 1; continue }
            var n = 0
            while i + n < chars.count && chars[i + n] == "`" { n += 1 }
            // The closing run: exactly n backticks.
            var j = i + n, close: Int?
            while j < chars.count {
                guard chars[j] == "`" else { j += 1; continue }
                var m = 0
                while j + m < chars.count && chars[j + m] == "`" { m += 1 }
                if m == n { close = j; break }
                j += m
            }
            if let close {
                out.append(" ")
                i = close + n
            } else {
                out.append(contentsOf: String(repeating: "`", count: n))
                i += n
            }
        }
        return out
    }

    /// Rewrites a note's mention links from its body, and points dangling mentions of its
    /// title (in its workspace) at it.
    static func syncMentions(_ tx: Transaction, note: Note, isNew: Bool = false) throws {
        if !isNew { try tx.db.run("DELETE FROM links WHERE source_id = ? AND type = 'mentions'", [.text(note.id)]) }
        if !note.trashed {
            // A note that names itself by id mentions nothing. By its title, it mentions the
            // other note of that title, if there is one or will be; until then the mention
            // waits, unresolved, and `dangling` leaves it out (the note it names exists).
            for text in mentions(in: note.body) where text.lowercased() != note.id {
                let target: String?
                if text.hasPrefix(IDKind.note.prefix) {
                    target = try tx.db.scalarText("SELECT id FROM notes WHERE id = ? AND workspace_id = ?", [.text(text.lowercased()), .text(note.workspaceId)])
                } else {
                    target = try tx.db.scalarText("""
                        SELECT id FROM notes WHERE workspace_id = ? AND title = ? COLLATE NOCASE AND trashed_at IS NULL AND id <> ?
                        ORDER BY id LIMIT 1
                        """, [.text(note.workspaceId), .text(text), .text(note.id)])
                }
                try tx.db.run("INSERT INTO links(\(Link.columns)) VALUES (?,?,?,?,?,?,?,?)", [
                    .text(IDKind.link.make()), .text(note.id), SQLValue(target), "mentions", .null, .text(text),
                    .text(tx.now), .text(tx.actor.description),
                ])
            }
        }
        if !note.trashed && !note.title.isEmpty {
            try tx.db.run("""
                UPDATE links SET target_id = ? WHERE type = 'mentions' AND target_id IS NULL AND target_text = ? COLLATE NOCASE
                  AND EXISTS (SELECT 1 FROM notes s WHERE s.id = links.source_id AND s.workspace_id = ?) AND source_id <> ?
                """, [.text(note.id), .text(note.title), .text(note.workspaceId), .text(note.id)])
        }
    }

    // MARK: Reading

    func load(_ selector: String) throws -> Link {
        try IDResolver.fetch(selector, kind: .link, table: "links", columns: Link.columns, in: tx.db, Link.init(row:))
    }

    /// Whether the actor may read both ends (a dangling end counts as readable).
    private func visible(_ link: Link, _ cache: inout [String: Bool]) throws -> Bool {
        for id in [link.sourceId] + (link.targetId.map { [$0] } ?? []) {
            if let known = cache[id] { if !known { return false } else { continue } }
            let ok = (try? notes.show(id)) != nil
            cache[id] = ok
            if !ok { return false }
        }
        return true
    }

    public func list(_ selector: String, direction: Direction, type: String?, _ emit: (Link) throws -> Void) throws {
        let note = try notes.show(selector)
        var sql = "SELECT \(Link.columns) FROM links WHERE "
        var args: [SQLValue]
        switch direction {
        case .out: sql += "source_id = ?"; args = [.text(note.id)]
        case .in: sql += "target_id = ?"; args = [.text(note.id)]
        case .both: sql += "(source_id = ? OR target_id = ?)"; args = [.text(note.id), .text(note.id)]
        }
        if let type { sql += " AND type = ?"; args.append(.text(type)) }
        sql += " ORDER BY seq"
        var cache: [String: Bool] = [:]
        try tx.db.forEach(sql, args) { row in
            let link = Link(row: row)
            if try visible(link, &cache) { try emit(link) }
        }
    }

    /// Mentions that name no note, in the current workspace.
    public func dangling(_ emit: (Link) throws -> Void) throws {
        let ws = try WorkspaceService(tx).current(.read)
        try tx.db.forEach("""
            SELECT \(Link.columns.split(separator: ",").map { "l." + $0.trimmingCharacters() }.joined(separator: ", "))
            FROM links l JOIN notes n ON n.id = l.source_id
            WHERE l.type = 'mentions' AND l.target_id IS NULL AND n.workspace_id = ? AND n.trashed_at IS NULL
              AND l.target_text <> n.title COLLATE NOCASE ORDER BY l.seq
            """, [.text(ws.id)]) { try emit(Link(row: $0)) }
    }

    /// The notes reachable from a note over links in either direction, up to `depth` steps.
    public func graph(_ selector: String, depth: Int) throws -> JSONObject {
        guard (0...10).contains(depth) else { throw NotesError.usage("--depth must be 0 to 10") }
        let root = try notes.show(selector)
        var nodes: [(Note, Int)] = [(root, 0)]
        var seen: Set<String> = [root.id]
        var edges: [JSON] = []
        var edgeIds = Set<String>()
        var frontier = [root.id]
        var cache: [String: Bool] = [:]
        for level in 1...max(1, depth) where depth > 0 {
            var next: [String] = []
            for id in frontier {
                try tx.db.forEach("SELECT \(Link.columns) FROM links WHERE (source_id = ? OR target_id = ?) AND target_id IS NOT NULL ORDER BY seq",
                                  [.text(id), .text(id)]) { row in
                    let link = Link(row: row)
                    guard try visible(link, &cache), let target = link.targetId else { return }
                    if edgeIds.insert(link.id).inserted { edges.append(.object(link.json)) }
                    for other in [link.sourceId, target] where !seen.contains(other) {
                        seen.insert(other)
                        nodes.append((try notes.show(other), level))
                        next.append(other)
                    }
                }
            }
            frontier = next
            if frontier.isEmpty { break }
        }
        return ["root": .string(root.id),
                "nodes": .array(nodes.map { .object(["id": .string($0.0.id), "title": .string($0.0.title), "depth": .int(Int64($0.1))]) }),
                "edges": .array(edges)]
    }

    // MARK: Writing

    public func add(source: String, target: String, type: String, label: String?) throws -> Link {
        try tx.requireWrite()
        guard Link.types.contains(type) else {
            throw NotesError.invalid("unknown link type '\(type)': use one of \(Link.types.joined(separator: ", "))")
        }
        if let label {
            try Validate.text(label, what: "label", multiline: false)
            guard label.utf8.count <= Validate.maxNameBytes else { throw NotesError.invalid("label is longer than \(Validate.maxNameBytes) bytes") }
        }
        let src = try notes.show(source)
        let dst = try notes.show(target)
        try WorkspaceService(tx).authorize(.write, workspaceId: src.workspaceId)
        guard src.id != dst.id else { throw NotesError.invalid("a note cannot link to itself") }
        try NoteService.refuseTrashed(src)
        try NoteService.refuseTrashed(dst)
        if try tx.db.scalarInt("SELECT 1 FROM links WHERE source_id = ? AND target_id = ? AND type = ?", [.text(src.id), .text(dst.id), .text(type)]) != nil {
            throw NotesError.conflict("\(src.id) already \(type) \(dst.id)")
        }
        let id = IDKind.link.make()
        try tx.db.run("INSERT INTO links(\(Link.columns)) VALUES (?,?,?,?,?,?,?,?)", [
            .text(id), .text(src.id), .text(dst.id), .text(type), SQLValue(label), .null, .text(tx.now), .text(tx.actor.description),
        ])
        let link = try load(id)
        tx.record(action: "link.create", target: ("link", id), workspaceId: src.workspaceId, changes: Changes.created(link.json))
        return link
    }

    public func remove(_ selector: String) throws -> Link {
        try tx.requireWrite()
        let link = try load(selector)
        let src = try notes.show(link.sourceId)
        try WorkspaceService(tx).authorize(.write, workspaceId: src.workspaceId)
        guard link.type != "mentions" else {
            throw NotesError.conflict("mentions follow the note's body", hint: "edit the [[…]] out of \(src.id) instead")
        }
        try tx.db.run("DELETE FROM links WHERE id = ?", [.text(link.id)])
        tx.record(action: "link.delete", target: ("link", link.id), workspaceId: src.workspaceId, changes: Changes.deleted(link.json))
        return link
    }
}
