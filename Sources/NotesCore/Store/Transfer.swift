import SQLiteStore

/// `export` and `import`: the store's content as JSON Lines, one record per line, that
/// round-trips. Records: a header, then each workspace, its members, its notes with their
/// revisions inline, their tasks (ids only: the body holds the rest) and typed links. The audit log is not exported: a store's chain is its own, and an import
/// is itself audited, one event per resource.
public struct Transfer {
    let tx: Transaction
    public init(_ tx: Transaction) { self.tx = tx }

    public static let formatVersion = 1

    /// Streams every workspace the actor may read, its members and its notes (trash included).
    public func export(_ emit: (JSONObject) throws -> Void) throws {
        try emit(["type": "notesctl-export", "format": .int(Int64(Self.formatVersion)),
                  "schema_version": .int(Int64(NotesStore.schemaVersion)), "exported_at": .string(tx.now)])
        let workspaces = WorkspaceService(tx)
        for ws in try workspaces.list() {
            var w = ws.json
            w["type"] = "workspace"
            try emit(w)
            for m in try workspaces.members(ws.id) {
                var o = m.json
                o["type"] = "member"
                try emit(o)
            }
            let notes = NoteService(tx)
            try tx.db.forEach("SELECT \(Note.columns) FROM notes WHERE workspace_id = ? ORDER BY id", [.text(ws.id)]) { row in
                let note = Note(row: row)
                var o = note.json
                o["type"] = "note"
                o["revisions"] = .array(try notes.revisions(of: note.id).map { r in
                    var j = r.json
                    j["note_id"] = nil
                    return .object(j)
                })
                try emit(o)
                try tx.db.forEach("SELECT id, line FROM tasks WHERE note_id = ? ORDER BY line", [.text(note.id)]) { t in
                    try emit(["type": "task", "id": .string(t.text(0)), "note_id": .string(note.id), "line": .int(t.int64(1))])
                }
            }
        }
        // Typed links whose two ends were exported (mentions come back from the bodies).
        var exported = Set<String>()
        for ws in try workspaces.list() {
            try tx.db.forEach("SELECT id FROM notes WHERE workspace_id = ?", [.text(ws.id)]) { exported.insert($0.text(0)) }
        }
        try tx.db.forEach("SELECT \(Link.columns) FROM links WHERE type <> 'mentions' ORDER BY seq") { row in
            let link = Link(row: row)
            guard exported.contains(link.sourceId), let target = link.targetId, exported.contains(target) else { return }
            var o = link.json
            o["type"] = "link"
            o["link_type"] = .string(link.type)
            o["target_text"] = nil
            try emit(o)
        }
    }

    /// Imports an export: every record checked, ids kept, all or nothing. Existing ids are a
    /// conflict; the importing user must be a user (agents cannot create workspaces).
    public func importRecords(_ records: [JSONObject]) throws -> JSONObject {
        try tx.requireWrite()
        guard !tx.actor.isAgent else { throw NotesError.forbidden("agents may not import") }
        guard let header = records.first, header["type"] == "notesctl-export" else {
            throw NotesError.invalid("not a notesctl export: the first line must be the header", details: ["line": 1])
        }
        guard let format = header["format"]?.intValue, format <= Self.formatVersion else {
            throw NotesError.invalid("export format \(header["format"].map { JSONWriter.string($0) } ?? "?") is newer than this notesctl reads",
                                     details: ["line": 1])
        }
        var counts: [String: Int] = ["workspace": 0, "member": 0, "note": 0, "revision": 0, "task": 0, "link": 0]
        let notes = NoteService(tx)
        for (index, record) in records.enumerated().dropFirst() {
            do {
                switch record["type"]?.stringValue {
                case "workspace": try importWorkspace(record)
                case "member": try importMember(record)
                case "note": counts["revision", default: 0] += try importNote(record, notes)
                case "task": try importTask(record)
                case "link": try importLink(record)
                default: throw NotesError.invalid("unknown record type \(record["type"].map { JSONWriter.string($0) } ?? "null")")
                }
                counts[record["type"]?.stringValue ?? "", default: 0] += 1
            } catch var e as NotesError {
                e.details["line"] = .int(Int64(index + 1))
                throw NotesError(e.code, "line \(index + 1): \(e.message)", hint: e.hint, details: e.details)
            }
        }
        return ["workspaces": .int(Int64(counts["workspace"] ?? 0)), "members": .int(Int64(counts["member"] ?? 0)),
                "notes": .int(Int64(counts["note"] ?? 0)), "revisions": .int(Int64(counts["revision"] ?? 0)),
                "tasks": .int(Int64(counts["task"] ?? 0)), "links": .int(Int64(counts["link"] ?? 0))]
    }

    private func string(_ r: JSONObject, _ key: String) throws -> String {
        guard let v = r[key]?.stringValue else { throw NotesError.invalid("\"\(key)\" must be a string") }
        try Validate.text(v, what: key, multiline: key == "body")
        return v
    }

    private func optionalString(_ r: JSONObject, _ key: String) throws -> String? {
        guard let v = r[key], !v.isNull else { return nil }
        return try string(r, key)
    }

    private func int(_ r: JSONObject, _ key: String) throws -> Int {
        guard let v = r[key]?.intValue else { throw NotesError.invalid("\"\(key)\" must be a whole number") }
        return v
    }

    private func bool(_ r: JSONObject, _ key: String) throws -> Bool {
        guard let v = r[key]?.boolValue else { throw NotesError.invalid("\"\(key)\" must be true or false") }
        return v
    }

    private func time(_ r: JSONObject, _ key: String) throws -> String {
        try Validate.time(try string(r, key), what: key)
    }

    private func identifier(_ r: JSONObject, _ key: String, _ kind: IDKind) throws -> String {
        let v = try string(r, key)
        guard v.hasPrefix(kind.prefix), ULID.isValidBody(v.dropFirst(kind.prefix.count)) else {
            throw NotesError.invalid("\"\(key)\" is not a \(kind.noun) id: \(v)")
        }
        return v
    }

    private func ensureNew(_ table: String, _ id: String) throws {
        if try tx.db.scalarInt("SELECT 1 FROM \(table) WHERE id = ?", [.text(id)]) != nil {
            throw NotesError.conflict("\(id) already exists in this store", details: ["id": .string(id)])
        }
    }

    private func importWorkspace(_ r: JSONObject) throws {
        let id = try identifier(r, "id", .workspace)
        try ensureNew("workspaces", id)
        let slug = try Validate.slug(try string(r, "slug"))
        if try tx.db.scalarInt("SELECT 1 FROM workspaces WHERE slug = ?", [.text(slug)]) != nil {
            throw NotesError.conflict("a workspace with slug '\(slug)' already exists", details: ["slug": .string(slug)])
        }
        guard let policy = AgentPolicy(rawValue: try string(r, "agent_policy")) else { throw NotesError.invalid("unknown agent_policy") }
        var ws = Workspace(id: id, name: try Validate.name(try string(r, "name"), what: "name"), slug: slug, now: try time(r, "created_at"))
        ws.archived = try bool(r, "archived")
        ws.agentPolicy = policy
        ws.updatedAt = try time(r, "updated_at")
        ws.version = try int(r, "version")
        try WorkspaceService(tx).insertImported(ws)
    }

    private func importMember(_ r: JSONObject) throws {
        let ws = try identifier(r, "workspace_id", .workspace)
        guard try tx.db.scalarInt("SELECT 1 FROM workspaces WHERE id = ?", [.text(ws)]) != nil else {
            throw NotesError.invalid("member of a workspace not imported before it: \(ws)")
        }
        guard let role = Role(rawValue: try string(r, "role")) else { throw NotesError.invalid("unknown role") }
        let actor = try Actor(parsing: try string(r, "actor")).description
        try WorkspaceService(tx).insertImportedMember(Member(workspaceId: ws, actor: actor, role: role, addedAt: try time(r, "added_at")))
    }

    /// Gives the task extracted from an imported body its exported id.
    private func importTask(_ r: JSONObject) throws {
        let id = try identifier(r, "id", .task)
        try ensureNew("tasks", id)
        let note = try identifier(r, "note_id", .note)
        let changed = try tx.db.run("UPDATE tasks SET id = ? WHERE note_id = ? AND line = ?", [.text(id), .text(note), SQLValue(try int(r, "line"))])
        guard changed == 1 else { throw NotesError.invalid("no task at line \(try int(r, "line")) of \(note)") }
    }

    private func importLink(_ r: JSONObject) throws {
        let id = try identifier(r, "id", .link)
        try ensureNew("links", id)
        let source = try identifier(r, "source_id", .note), target = try identifier(r, "target_id", .note)
        let type = try string(r, "link_type")
        guard Link.types.contains(type) else { throw NotesError.invalid("unknown link type '\(type)'") }
        for note in [source, target] where try tx.db.scalarInt("SELECT 1 FROM notes WHERE id = ?", [.text(note)]) == nil {
            throw NotesError.invalid("link to a note not imported before it: \(note)")
        }
        let label = try optionalString(r, "label")
        try tx.db.run("INSERT INTO links(\(Link.columns)) VALUES (?,?,?,?,?,?,?,?)", [
            .text(id), .text(source), .text(target), .text(type), SQLValue(label), .null, .text(try time(r, "created_at")),
            .text(try Actor(parsing: try string(r, "created_by")).description),
        ])
        let ws = try tx.db.scalarText("SELECT workspace_id FROM notes WHERE id = ?", [.text(source)])
        tx.record(action: "link.import", target: ("link", id), workspaceId: ws,
                  changes: Changes.created(["source_id": .string(source), "target_id": .string(target), "type": .string(type)]))
    }

    private func importNote(_ r: JSONObject, _ notes: NoteService) throws -> Int {
        let id = try identifier(r, "id", .note)
        try ensureNew("notes", id)
        let ws = try identifier(r, "workspace_id", .workspace)
        guard try tx.db.scalarInt("SELECT 1 FROM workspaces WHERE id = ?", [.text(ws)]) != nil else {
            throw NotesError.invalid("note of a workspace not imported before it: \(ws)")
        }
        guard let tagValues = r["tags"]?.arrayValue else { throw NotesError.invalid("\"tags\" must be an array") }
        let tags = try Validate.tags(try tagValues.map { guard let s = $0.stringValue else { throw NotesError.invalid("tags must be strings") }; return s })
        var note = Note(id: id, workspaceId: ws, title: try Validate.title(try string(r, "title")),
                        body: try Validate.body(try string(r, "body"), limit: tx.context.maxBodyBytes), tags: tags,
                        actor: try Actor(parsing: try string(r, "created_by")).description, now: try time(r, "created_at"))
        note.pinned = try bool(r, "pinned")
        note.archived = try bool(r, "archived")
        note.trashedAt = try optionalString(r, "trashed_at").map { try Validate.time($0, what: "trashed_at") }
        note.version = try int(r, "version")
        note.updatedAt = try time(r, "updated_at")
        note.updatedBy = try Actor(parsing: try string(r, "updated_by")).description
        try notes.insert(note)
        let revisions = r["revisions"]?.arrayValue ?? []
        var versions = Set<Int>()
        for item in revisions {
            guard let rev = item.objectValue else { throw NotesError.invalid("revisions must be objects") }
            let version = try int(rev, "version")
            guard versions.insert(version).inserted, version >= 1, version <= note.version else {
                throw NotesError.invalid("revision \(version) of \(id) is duplicated or beyond the note's version")
            }
            guard let revTags = rev["tags"]?.arrayValue?.compactMap(\.stringValue) else { throw NotesError.invalid("revision tags must be an array") }
            try notes.insert(Revision(noteId: id, version: version, title: try Validate.title(try string(rev, "title")),
                                      body: try Validate.body(try string(rev, "body"), limit: tx.context.maxBodyBytes),
                                      tags: try Validate.tags(revTags), actor: try string(rev, "actor"), time: try time(rev, "time"),
                                      requestId: try string(rev, "request_id"), correlationId: try string(rev, "correlation_id")))
        }
        tx.record(action: "note.import", target: ("note", id), workspaceId: ws,
                  changes: Changes.created(["title": .string(note.title), "version": .int(Int64(note.version)),
                                            "revisions": .int(Int64(revisions.count))]))
        return revisions.count
    }
}
