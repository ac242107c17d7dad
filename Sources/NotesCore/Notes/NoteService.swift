import SQLiteStore

/// Notes: create, read, list, change, trash, move, history. Every change bumps `version`,
/// keeps the version it replaces as a revision and records one audit event; the workspace
/// rules are checked first.
public struct NoteService {
    let tx: Transaction
    let workspaces: WorkspaceService

    public init(_ tx: Transaction) {
        self.tx = tx
        self.workspaces = WorkspaceService(tx)
    }

    /// The default body size limit: 8 MiB.
    public static let defaultMaxBodyBytes = 8 * 1024 * 1024

    // MARK: Reading

    func load(_ selector: String) throws -> Note {
        try IDResolver.fetch(selector, kind: .note, table: "notes", columns: Note.columns, in: tx.db) { Note(row: $0) }
    }

    /// The note, trashed ones included, if the actor may read its workspace.
    public func show(_ selector: String) throws -> Note {
        let note = try load(selector)
        try workspaces.authorize(.read, workspaceId: note.workspaceId)
        return note
    }

    /// Notes of the current workspace, streamed to `emit` one at a time (constant memory).
    public func list(_ filter: NoteFilter, _ emit: (Note) throws -> Void) throws {
        let ws = try workspaces.current(.read)
        var sql = "SELECT \(Note.columns) FROM notes WHERE workspace_id = ?"
        var args: [SQLValue] = [.text(ws.id)]
        switch filter.state {
        case .active: sql += " AND trashed_at IS NULL AND archived = 0"
        case .pinned: sql += " AND trashed_at IS NULL AND archived = 0 AND pinned = 1"
        case .archived: sql += " AND trashed_at IS NULL AND archived = 1"
        case .trashed: sql += " AND trashed_at IS NOT NULL"
        }
        for tag in filter.tags {
            sql += " AND id IN (SELECT note_id FROM note_tags WHERE tag = ?)"
            args.append(.text(tag))
        }
        if let s = filter.since { sql += " AND updated_at >= ?"; args.append(.text(try Validate.time(s, what: "--since"))) }
        if let u = filter.until { sql += " AND updated_at < ?"; args.append(.text(try Validate.time(u, what: "--until"))) }
        // Each order is total: its key, then the id. Titles order ignoring ASCII case, then exactly
        // (the columns of notes_by_title).
        let keys: [String]
        var descending: Bool
        switch filter.sort {
        case .updated: keys = ["updated_at"]; descending = true
        case .created: keys = ["created_at"]; descending = true
        case .title: keys = ["title COLLATE NOCASE", "title"]; descending = false
        }
        if filter.reverse { descending.toggle() }
        if let after = filter.after {
            // Keyset pagination: continue strictly after the cursor note's position.
            let cursor = try load(after)
            let cursorKeys: [String]
            switch filter.sort {
            case .updated: cursorKeys = [cursor.updatedAt]
            case .created: cursorKeys = [cursor.createdAt]
            case .title: cursorKeys = [cursor.title, cursor.title]
            }
            let placeholders = Array(repeating: "?", count: keys.count + 1).joined(separator: ", ")
            sql += " AND (\(keys.joined(separator: ", ")), id) \(descending ? "<" : ">") (\(placeholders))"
            args += (cursorKeys + [cursor.id]).map { .text($0) }
            if keys.count > 1 {
                // Implied by the row value, and what lets SQLite seek the index to the cursor
                // (it does not for a row value whose first term has a collation).
                sql += " AND \(keys[0]) \(descending ? "<=" : ">=") ?"
                args.append(.text(cursorKeys[0]))
            }
        }
        let direction = descending ? "DESC" : "ASC"
        sql += " ORDER BY " + (keys + ["id"]).map { "\($0) \(direction)" }.joined(separator: ", ")
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        try tx.db.forEach(sql, args) { try emit(Note(row: $0)) }
    }

    public func history(_ selector: String) throws -> [Revision] {
        try revisions(of: try show(selector).id)
    }

    /// Every version of a note, oldest first: the earlier ones from `revisions`, the current one
    /// from the note row (unless a revision of it was kept, see schema v12). No access check.
    func revisions(of noteId: String, version: Int? = nil) throws -> [Revision] {
        let only = version == nil ? "" : " AND version = ?"
        let args: [SQLValue] = [.text(noteId)] + (version.map { [SQLValue($0)] } ?? [])
        return try tx.db.query("""
            SELECT version, title, body, tags, actor, time, request_id, correlation_id FROM revisions
            WHERE note_id = ?\(only)
            UNION ALL
            SELECT version, title, body, tags, updated_by, updated_at, request_id, correlation_id FROM notes n
            WHERE id = ?\(only) AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.note_id = n.id AND r.version = n.version)
            ORDER BY version
            """, args + args) {
            Revision(noteId: noteId, version: $0.int(0), title: $0.text(1), body: $0.text(2), tags: Note.decodeTags($0.text(3)),
                     actor: $0.text(4), time: $0.text(5), requestId: $0.text(6), correlationId: $0.text(7))
        }
    }

    // MARK: Writing

    var maxBody: Int { tx.context.maxBodyBytes }

    /// A title from the body when none is given: the first Markdown heading, else the first
    /// non-empty line, cut to 200 characters.
    static func deriveTitle(from body: String) -> String {
        var firstLine: Substring?
        for line in body.lines where !line.isEmpty {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.hasPrefix("#") {
                let heading = trimmed.drop(while: { $0 == "#" }).trimmingSpaces()
                if !heading.isEmpty { return String(heading.prefix(200)) }
            }
            if firstLine == nil && !trimmed.trimmingSpaces().isEmpty { firstLine = trimmed }
        }
        return firstLine.map { String($0.trimmingSpaces().prefix(200)) } ?? ""
    }

    public func add(title: String?, body: String, tags: [String], pinned: Bool = false) throws -> Note {
        try tx.requireWrite()
        let body = try Validate.body(body, limit: maxBody)
        let title = try Validate.title(title ?? Self.deriveTitle(from: body))
        let tags = try Validate.tags(tags)
        guard !title.isEmpty || !body.isEmpty else {
            throw NotesError.invalid("a note needs a title or a body", hint: "give --title, --body, --body-file or --edit")
        }
        let ws = try workspaces.current(.write)
        var note = Note(id: IDKind.note.make(), workspaceId: ws.id, title: title, body: body, tags: tags,
                        actor: tx.actor.description, now: tx.now)
        note.pinned = pinned
        try insert(note)
        tx.record(action: "note.create", target: ("note", note.id), workspaceId: ws.id, changes: Self.changes(nil, note))
        return note
    }

    /// What `note edit` may change; nil leaves a field as it is.
    public struct Edit: Sendable {
        public var title: String?
        public var body: String?
        public var tags: [String]?
        public var addTags: [String] = []
        public var removeTags: [String] = []
        public init() {}
    }

    public func edit(_ selector: String, _ edit: Edit, ifVersion: Int?) throws -> Note {
        try tx.requireWrite()
        // Validate everything the user gave before touching the store.
        let title = try edit.title.map(Validate.title)
        let body = try edit.body.map { try Validate.body($0, limit: maxBody) }
        let setTags = try edit.tags.map(Validate.tags)
        let add = try Validate.tags(edit.addTags)
        let remove = try edit.removeTags.map(Validate.tag)
        return try change(selector, ifVersion: ifVersion, action: "note.update") { note in
            if let title { note.title = title }
            if let body { note.body = body }
            var tags = setTags ?? note.tags
            tags = Array(Set(tags).union(add).subtracting(remove)).sorted()
            guard tags.count <= Validate.maxTags else { throw NotesError.invalid("too many tags: the limit is \(Validate.maxTags)") }
            note.tags = tags
            guard !note.title.isEmpty || !note.body.isEmpty else { throw NotesError.invalid("a note needs a title or a body") }
        }
    }

    public func setPinned(_ selector: String, _ pinned: Bool, ifVersion: Int?) throws -> Note {
        try change(selector, ifVersion: ifVersion, action: pinned ? "note.pin" : "note.unpin") { $0.pinned = pinned }
    }

    public func setArchived(_ selector: String, _ archived: Bool, ifVersion: Int?) throws -> Note {
        try change(selector, ifVersion: ifVersion, action: archived ? "note.archive" : "note.unarchive") { $0.archived = archived }
    }

    /// Moves a note to the trash: it leaves lists and search but can be restored.
    public func trash(_ selector: String, ifVersion: Int?) throws -> Note {
        try change(selector, ifVersion: ifVersion, action: "note.trash", allowTrashed: true) { note in
            guard !note.trashed else { throw NotesError.conflict("note \(note.id) is already in the trash") }
            note.trashedAt = tx.now
        }
    }

    public func restore(_ selector: String, ifVersion: Int?) throws -> Note {
        try change(selector, ifVersion: ifVersion, action: "note.restore", allowTrashed: true) { note in
            guard note.trashed else { throw NotesError.conflict("note \(note.id) is not in the trash") }
            note.trashedAt = nil
        }
    }

    public func move(_ selector: String, to target: String, ifVersion: Int?) throws -> Note {
        let destination = try workspaces.resolve(target, .write)
        return try change(selector, ifVersion: ifVersion, action: "note.move") { note in
            guard note.workspaceId != destination.id else {
                throw NotesError.conflict("note \(note.id) is already in workspace '\(destination.slug)'")
            }
            note.workspaceId = destination.id
        }
    }

    public func revert(_ selector: String, to version: Int, ifVersion: Int?) throws -> Note {
        let current = try show(selector)
        guard let old = try revisions(of: current.id, version: version).first else {
            throw NotesError.notFound("note \(current.id) has no version \(version)", hint: "see its versions: notesctl note history \(current.id)")
        }
        return try change(selector, ifVersion: ifVersion, action: "note.revert") { note in
            note.title = old.title
            note.body = old.body
            note.tags = old.tags
        }
    }

    /// Deletes a trashed note and its history for good.
    public func purge(_ selector: String, ifVersion: Int?) throws -> Note {
        try tx.requireWrite()
        let note = try load(selector)
        try workspaces.authorize(.write, workspaceId: note.workspaceId)
        try checkVersion(note, ifVersion)
        guard note.trashed else {
            throw NotesError.conflict("note \(note.id) is not in the trash", hint: "trash it first: notesctl note rm \(note.id)")
        }
        try deleteForGood([note])
        return note
    }

    /// Deletes notes for good (`note purge`, `gc --purge-trash`, `workspace delete --force`),
    /// one audit event per change, all in the note's workspace: for each note, the typed links
    /// from and to it (`link.delete`; of a link from a note of another workspace only its id,
    /// ends and type, as that workspace's label and author are not for this one's readers), its
    /// artifacts (`artifact.delete`; gc takes their content later), then the note
    /// (`note.purge`). Mentions of it become dangling (ON DELETE SET NULL); its tasks, tags and
    /// revisions go with it.
    func deleteForGood(_ notes: [Note]) throws {
        for note in notes {
            let links = try tx.db.query("""
                SELECT \(Link.columns), (SELECT workspace_id FROM notes WHERE id = links.source_id) FROM links
                WHERE (source_id = ? OR target_id = ?) AND type <> 'mentions' ORDER BY seq
                """, [.text(note.id), .text(note.id)]) { (Link(row: $0), $0.text(8)) }
            for (link, workspace) in links {
                try tx.db.run("DELETE FROM links WHERE id = ?", [.text(link.id)])
                let fields = workspace == note.workspaceId ? link.json
                    : ["id": .string(link.id), "source_id": .string(link.sourceId), "target_id": JSON(link.targetId), "type": .string(link.type)]
                tx.record(action: "link.delete", target: ("link", link.id), workspaceId: note.workspaceId, changes: Changes.deleted(fields))
            }
            for a in try tx.db.query("SELECT \(Artifact.columns) FROM artifacts WHERE note_id = ? ORDER BY seq", [.text(note.id)], Artifact.init(row:)) {
                try tx.db.run("DELETE FROM artifacts WHERE id = ?", [.text(a.id)])
                tx.record(action: "artifact.delete", target: ("artifact", a.id), workspaceId: a.workspaceId, changes: Changes.deleted(a.json))
            }
            try tx.db.run("DELETE FROM notes WHERE id = ?", [.text(note.id)])
            var changes = Changes()
            changes.set("version", before: .int(Int64(note.version)), after: .null)
            changes.set("title", before: .string(note.title), after: .null)
            changes.set("body", before: Self.digest(note.body), after: .null)
            tx.record(action: "note.purge", target: ("note", note.id), workspaceId: note.workspaceId, changes: changes.object)
        }
    }

    // MARK: The one way a note changes

    private func checkVersion(_ note: Note, _ ifVersion: Int?) throws {
        if let expected = ifVersion, expected != note.version {
            throw NotesError.conflict("note \(note.id) is at version \(note.version), not \(expected)",
                                      hint: "show it again and retry: notesctl note show \(note.id)",
                                      details: ["reason": "version_mismatch", "expected": .int(Int64(expected)), "actual": .int(Int64(note.version))])
        }
    }

    /// A note in the trash cannot be changed until it is restored: not its text, nor what is
    /// attached to it or linked from or to it.
    static func refuseTrashed(_ note: Note) throws {
        guard note.trashed else { return }
        throw NotesError.conflict("note \(note.id) is in the trash", hint: "restore it first: notesctl note restore \(note.id)")
    }

    /// Loads, checks access and `--if-version`, applies `mutate`, and when anything changed
    /// keeps the current version as a revision, writes the new one and one audit event. No
    /// change, no write.
    private func change(_ selector: String, ifVersion: Int?, action: String, allowTrashed: Bool = false,
                        _ mutate: (inout Note) throws -> Void) throws -> Note {
        try tx.requireWrite()
        let before = try load(selector)
        try workspaces.authorize(.write, workspaceId: before.workspaceId)
        try checkVersion(before, ifVersion)
        if !allowTrashed { try Self.refuseTrashed(before) }
        var after = before
        try mutate(&after)
        guard after != before else { return before }
        after.version = before.version + 1
        after.updatedAt = tx.now
        after.updatedBy = tx.actor.description
        // The version being replaced becomes a revision, with the request that made it. (OR
        // IGNORE: a revision of it kept by the v12 migration is already there.)
        try tx.db.run("""
            INSERT OR IGNORE INTO revisions(note_id, version, title, body, tags, actor, time, request_id, correlation_id)
            SELECT id, version, title, body, tags, updated_by, updated_at, request_id, correlation_id FROM notes WHERE id = ?
            """, [.text(before.id)])
        try tx.db.run("""
            UPDATE notes SET workspace_id = ?, title = ?, body = ?, tags = ?, pinned = ?, archived = ?, trashed_at = ?,
                version = ?, updated_at = ?, updated_by = ?, request_id = ?, correlation_id = ?
            WHERE id = ?
            """, [.text(after.workspaceId), .text(after.title), .text(after.body), .text(Note.encodeTags(after.tags)),
                  SQLValue(after.pinned), SQLValue(after.archived), SQLValue(after.trashedAt), SQLValue(after.version),
                  .text(after.updatedAt), .text(after.updatedBy), .text(tx.context.requestId), .text(tx.correlationId),
                  .text(after.id)])
        if after.workspaceId != before.workspaceId {
            // Its artifacts go where the note goes (its tasks follow through `syncDerived`).
            try tx.db.run("UPDATE artifacts SET workspace_id = ? WHERE note_id = ?", [.text(after.workspaceId), .text(after.id)])
        }
        if !Note.same(after.body, before.body) || !Note.same(after.title, before.title) || after.workspaceId != before.workspaceId || after.trashed != before.trashed {
            // A moved note's tasks move with it; a trashed note's mentions leave until it is restored.
            try syncDerived(after)
        }
        tx.record(action: action, target: ("note", after.id), workspaceId: after.workspaceId, changes: Self.changes(before, after))
        return after
    }

    /// Inserts a note row (triggers index its text and tags): the one INSERT of a note, for `add`
    /// and `import`. `request` made its current version: this request, unless an import says.
    func insert(_ note: Note, request: (id: String, correlationId: String)? = nil) throws {
        let request = request ?? (tx.context.requestId, tx.correlationId)
        try tx.db.run("""
            INSERT INTO notes(\(Note.columns), request_id, correlation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(note.id), .text(note.workspaceId), .text(note.title), .text(note.body), .text(Note.encodeTags(note.tags)),
                  SQLValue(note.pinned), SQLValue(note.archived), SQLValue(note.trashedAt), SQLValue(note.version),
                  .text(note.createdAt), .text(note.updatedAt), .text(note.createdBy), .text(note.updatedBy),
                  .text(request.id), .text(request.correlationId)])
        try syncDerived(note, isNew: true)
    }

    /// Tasks and mention links follow the body: re-extracted whenever it (or where it lives) changes.
    private func syncDerived(_ note: Note, isNew: Bool = false) throws {
        try TaskService.sync(tx, note: note, isNew: isNew)
        try LinkService.syncMentions(tx, note: note, isNew: isNew)
    }

    func insert(_ r: Revision) throws {
        try tx.db.run("""
            INSERT INTO revisions(note_id, version, title, body, tags, actor, time, request_id, correlation_id)
            VALUES (?,?,?,?,?,?,?,?,?)
            """, [.text(r.noteId), SQLValue(r.version), .text(r.title), .text(r.body), .text(Note.encodeTags(r.tags)),
                  .text(r.actor), .text(r.time), .text(r.requestId), .text(r.correlationId)])
    }

    /// Bodies are summarized in audit events by size and hash: the revisions keep the text.
    static func digest(_ body: String) -> JSON {
        .object(["bytes": .int(Int64(body.utf8.count)), "sha256": .string(SHA256.hex(body))])
    }

    static func changes(_ before: Note?, _ after: Note) -> JSONObject {
        var c = Changes()
        let b = before?.json ?? [:]
        for (key, value) in after.json where key != "updated_at" && key != "updated_by" && key != "id" {
            if key == "body" {
                if !(before.map { Note.same($0.body, after.body) } ?? false) { c.set("body", before: before.map { digest($0.body) } ?? .null, after: digest(after.body)) }
            } else {
                c.set(key, before: b[key] ?? .null, after: value)
            }
        }
        return c.object
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
