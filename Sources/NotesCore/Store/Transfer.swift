import SQLiteStore

/// `export` and `import`: the store's content as JSON Lines, one record per line, that
/// round-trips. Records: a header, then each workspace, its members, its notes with their
/// revisions inline, their tasks (ids only: the body holds the rest) and typed links; then
/// (format 2) the notes' artifacts, each stored content once as a `blob` record before the first
/// artifact that needs it, the workspaces' proposals, and the mention links (ids, targets and
/// times: the bodies hold the rest). The audit log is not exported: a store's chain is its own,
/// and an import is itself audited, one event per resource.
public struct Transfer {
    let tx: Transaction
    public init(_ tx: Transaction) { self.tx = tx }

    /// 1: workspaces, members, notes, tasks, typed links. 2: also blobs, artifacts, proposals, mentions.
    public static let formatVersion = 2

    /// The stored columns of a proposal, in export order. `last_event_id` is left out: it names
    /// an event of this store's audit log, which is not exported; an imported proposal's next
    /// step follows its `proposal.import` event instead.
    static let proposalColumns = ["id", "workspace_id", "state", "proposer", "reason", "operations", "digest", "base_versions",
                                  "preview", "correlation_id", "created_at", "expires_at", "decided_by", "decided_at",
                                  "decision_reason", "applied_at", "supersedes", "superseded_by", "failure"]
    /// Proposal columns that hold JSON text: exported as JSON values, stored back as JSON text.
    static let proposalJSONColumns: Set<String> = ["operations", "base_versions", "preview"]
    /// Text fields that may span lines; every other imported string is one line.
    static let multilineFields: Set<String> = ["body", "reason", "decision_reason", "failure"]

    /// Streams every workspace the actor may read, its members and its notes (trash included).
    public func export(_ emit: (JSONObject) throws -> Void) throws {
        try emit(["type": "notesctl-export", "format": .int(Int64(Self.formatVersion)),
                  "schema_version": .int(Int64(NotesStore.schemaVersion)), "exported_at": .string(tx.now)])
        let workspaces = WorkspaceService(tx)
        let readable = try workspaces.list()
        for ws in readable {
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
        for ws in readable {
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
        var blobs: [String: Int] = [:]
        try exportArtifacts(of: exported, blobs: &blobs, emit)
        try exportProposals(of: Set(readable.map(\.id)), blobs: &blobs, emit)
        // Mentions come back from the bodies; these records give them back their ids and times,
        // and their targets: a mention keeps the note it resolved to when that note is renamed
        // later, which extracting the body again in the new store would not find (a target that
        // was not exported is left out: null, as if dangling). By source, then in the order
        // they were made: within one note that is the order of its body, the same in the store
        // an import makes, so that store's export matches this one.
        try tx.db.forEach("""
            SELECT id, source_id, target_id, target_text, created_at, created_by FROM links
            WHERE type = 'mentions' AND target_text IS NOT NULL ORDER BY source_id, seq
            """) { row in
            guard exported.contains(row.text(1)) else { return }
            let target = row.optionalText(2).flatMap { exported.contains($0) ? $0 : nil }
            try emit(["type": "mention", "id": .string(row.text(0)), "source_id": .string(row.text(1)), "target_id": JSON(target),
                      "target_text": .string(row.text(3)), "created_at": .string(row.text(4)), "created_by": .string(row.text(5))])
        }
    }

    /// Artifacts of the exported notes in the order they were attached, each stored content
    /// once, just before the first artifact that needs it. The content is read through
    /// `BlobStore.read`, which checks its hash: a missing or corrupt blob fails the export
    /// (`unavailable`) rather than writing an export that cannot be imported.
    private func exportArtifacts(of notes: Set<String>, blobs sizes: inout [String: Int], _ emit: (JSONObject) throws -> Void) throws {
        let blobs = tx.blobs
        try tx.db.forEach("SELECT \(Artifact.columns) FROM artifacts ORDER BY seq") { row in
            let artifact = Artifact(row: row)
            guard notes.contains(artifact.noteId) else { return }
            if artifact.isBlob, let sha = artifact.sha256 {
                if sizes[sha] == nil { sizes[sha] = try exportBlob(sha, blobs, emit) }
                if let size = artifact.size, size != sizes[sha] {
                    throw NotesError.unavailable("blob \(sha) holds \(sizes[sha] ?? 0) bytes, but artifact \(artifact.id) records \(size)",
                                                 details: ["sha256": .string(sha), "artifact_id": .string(artifact.id)])
                }
            }
            var o = artifact.json
            o["type"] = "artifact"
            try emit(o)
        }
    }

    /// One `blob` record: the content read back and checked against its hash. Returns its size.
    private func exportBlob(_ sha: String, _ blobs: BlobStore, _ emit: (JSONObject) throws -> Void) throws -> Int {
        var content: [UInt8] = []
        try blobs.read(sha) { content.append(contentsOf: $0) }
        try emit(["type": "blob", "sha256": .string(sha), "size": .int(Int64(content.count)),
                  "content_base64": .string(Base64.encode(content))])
        return content.count
    }

    /// Proposals of the exported workspaces as stored: the `state` column itself, not the
    /// `expired` that reads compute for a pending proposal past its expiry. The content that a
    /// live proposal's `artifact add` would attach comes first, as a `blob` record, so that the
    /// proposal can be applied in the store the export goes to.
    private func exportProposals(of workspaces: Set<String>, blobs sizes: inout [String: Int], _ emit: (JSONObject) throws -> Void) throws {
        let columns = Self.proposalColumns
        let store = tx.blobs
        let live = try ArtifactService.referencedBlobs(tx.db, now: tx.now)
        try tx.db.forEach("SELECT \(columns.joined(separator: ", ")) FROM proposals ORDER BY seq") { row in
            guard workspaces.contains(row.text(1)) else { return }
            let operations = (try? JSONParser.parse(row.text(5)))?.arrayValue ?? []
            for op in operations where op["command"] == "artifact add" && op["args"]?["uri"]?.stringValue == nil {
                // Only content that is there and still needed: a decided proposal's may be gone.
                guard let sha = op["args"]?["sha256"]?.stringValue, sizes[sha] == nil, live.contains(sha), store.exists(sha) else { continue }
                sizes[sha] = try exportBlob(sha, store, emit)
            }
            var o = JSONObject()
            for (index, column) in columns.enumerated() {
                guard let text = row.optionalText(index) else {
                    o[column] = JSON.null
                    continue
                }
                if Self.proposalJSONColumns.contains(column) {
                    guard let value = try? JSONParser.parse(text) else {
                        throw NotesError.unavailable("proposal \(row.text(0)) holds malformed JSON in \(column): the store is damaged")
                    }
                    o[column] = value
                } else {
                    o[column] = .string(text)
                }
            }
            o["type"] = "proposal"
            try emit(o)
        }
    }

    /// What an import has brought in so far that later records depend on, or that must be
    /// taken back if it fails.
    private struct Progress {
        /// Content of the blob records read so far, sha256 → size. It is in the blob store,
        /// except on a dry run, which writes nothing: the artifacts that follow find it here.
        var blobs: [String: Int] = [:]
        /// Mention links already given their exported id.
        var mentions = Set<String>()
        /// Workspaces and notes this import made: the only ones its other records may belong
        /// to, so an import adds to no workspace it did not bring.
        var workspaces = Set<String>()
        var notes = Set<String>()
    }

    /// Imports an export: every record checked, ids kept, all or nothing. Existing ids are a
    /// conflict; the importing user must be a user (agents cannot create workspaces).
    public func importRecords(_ records: [JSONObject]) throws -> JSONObject {
        try tx.requireWrite()
        guard !tx.actor.isAgent else { throw NotesError.forbidden("agents may not import") }
        guard let header = records.first, header["type"] == "notesctl-export" else {
            throw NotesError.invalid("not a notesctl export: the first line must be the header", details: ["line": 1])
        }
        guard let format = header["format"]?.intValue, format >= 1, format <= Self.formatVersion else {
            throw NotesError.invalid("export format \(header["format"].map { JSONWriter.string($0) } ?? "?") is not one this notesctl reads (1 to \(Self.formatVersion))",
                                     details: ["line": 1])
        }
        var counts: [String: Int] = [:]
        let notes = NoteService(tx)
        var progress = Progress()
        for (index, record) in records.enumerated().dropFirst() {
            do {
                switch record["type"]?.stringValue {
                case "workspace": progress.workspaces.insert(try importWorkspace(record))
                case "member": try importMember(record, progress)
                case "note":
                    let (id, revisions) = try importNote(record, notes, progress)
                    progress.notes.insert(id)
                    counts["revision", default: 0] += revisions
                case "task": try importTask(record, progress)
                case "link": try importLink(record, progress)
                case "blob": try importBlob(record, &progress)
                case "artifact": try importArtifact(record, progress)
                case "proposal": try importProposal(record, progress)
                case "mention":
                    // Counted only when it named a mention the body makes (see importMention).
                    if try !importMention(record, &progress) { continue }
                default: throw NotesError.invalid("unknown record type \(record["type"].map { JSONWriter.string($0) } ?? "null")")
                }
                counts[record["type"]?.stringValue ?? "", default: 0] += 1
            } catch var e as NotesError {
                e.details["line"] = .int(Int64(index + 1))
                throw NotesError(e.code, "line \(index + 1): \(e.message)", hint: e.hint, details: e.details)
            }
        }
        let summary: [(key: String, type: String)] = [
            ("workspaces", "workspace"), ("members", "member"), ("notes", "note"), ("revisions", "revision"), ("tasks", "task"),
            ("links", "link"), ("artifacts", "artifact"), ("blobs", "blob"), ("proposals", "proposal"), ("mentions", "mention"),
        ]
        var result = JSONObject()
        for (key, type) in summary { result[key] = .int(Int64(counts[type] ?? 0)) }
        return result
    }

    private func string(_ r: JSONObject, _ key: String) throws -> String {
        guard let v = r[key]?.stringValue else { throw NotesError.invalid("\"\(key)\" must be a string") }
        try Validate.text(v, what: key, multiline: Self.multilineFields.contains(key))
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

    private func optionalInt(_ r: JSONObject, _ key: String) throws -> Int? {
        guard let v = r[key], !v.isNull else { return nil }
        return try int(r, key)
    }

    private func actor(_ r: JSONObject, _ key: String) throws -> String {
        try Actor(parsing: try string(r, key)).description
    }

    private func sha256(_ r: JSONObject, _ key: String) throws -> String {
        let v = try string(r, key)
        try ArtifactService.checkSHA256(v, what: "\"\(key)\"")
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

    private func importWorkspace(_ r: JSONObject) throws -> String {
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
        return id
    }

    private func importMember(_ r: JSONObject, _ progress: Progress) throws {
        let ws = try identifier(r, "workspace_id", .workspace)
        guard progress.workspaces.contains(ws) else {
            throw NotesError.invalid("member of a workspace not imported before it: \(ws)")
        }
        guard let role = Role(rawValue: try string(r, "role")) else { throw NotesError.invalid("unknown role") }
        let member = try actor(r, "actor")
        try WorkspaceService(tx).insertImportedMember(Member(workspaceId: ws, actor: member, role: role, addedAt: try time(r, "added_at")))
    }

    /// Gives the task extracted from an imported body its exported id.
    private func importTask(_ r: JSONObject, _ progress: Progress) throws {
        let id = try identifier(r, "id", .task)
        try ensureNew("tasks", id)
        let note = try identifier(r, "note_id", .note)
        guard progress.notes.contains(note) else { throw NotesError.invalid("task of a note not imported before it: \(note)") }
        let changed = try tx.db.run("UPDATE tasks SET id = ? WHERE note_id = ? AND line = ?", [.text(id), .text(note), SQLValue(try int(r, "line"))])
        guard changed == 1 else { throw NotesError.invalid("no task at line \(try int(r, "line")) of \(note)") }
    }

    private func importLink(_ r: JSONObject, _ progress: Progress) throws {
        let id = try identifier(r, "id", .link)
        try ensureNew("links", id)
        let source = try identifier(r, "source_id", .note), target = try identifier(r, "target_id", .note)
        let type = try string(r, "link_type")
        guard Link.types.contains(type) else { throw NotesError.invalid("unknown link type '\(type)'") }
        for note in [source, target] where !progress.notes.contains(note) {
            throw NotesError.invalid("link to a note not imported before it: \(note)")
        }
        let label = try optionalString(r, "label")
        try tx.db.run("INSERT INTO links(\(Link.columns)) VALUES (?,?,?,?,?,?,?,?)", [
            .text(id), .text(source), .text(target), .text(type), SQLValue(label), .null, .text(try time(r, "created_at")),
            .text(try actor(r, "created_by")),
        ])
        let ws = try tx.db.scalarText("SELECT workspace_id FROM notes WHERE id = ?", [.text(source)])
        tx.record(action: "link.import", target: ("link", id), workspaceId: ws,
                  changes: Changes.created(["source_id": .string(source), "target_id": .string(target), "type": .string(type)]))
    }

    private func importNote(_ r: JSONObject, _ notes: NoteService, _ progress: Progress) throws -> (id: String, revisions: Int) {
        let id = try identifier(r, "id", .note)
        try ensureNew("notes", id)
        let ws = try identifier(r, "workspace_id", .workspace)
        guard progress.workspaces.contains(ws) else {
            throw NotesError.invalid("note of a workspace not imported before it: \(ws)")
        }
        guard let tagValues = r["tags"]?.arrayValue else { throw NotesError.invalid("\"tags\" must be an array") }
        let tags = try Validate.tags(try tagValues.map { guard let s = $0.stringValue else { throw NotesError.invalid("tags must be strings") }; return s })
        var note = Note(id: id, workspaceId: ws, title: try Validate.title(try string(r, "title")),
                        body: try Validate.body(try string(r, "body"), limit: tx.context.maxBodyBytes), tags: tags,
                        actor: try actor(r, "created_by"), now: try time(r, "created_at"))
        note.pinned = try bool(r, "pinned")
        note.archived = try bool(r, "archived")
        note.trashedAt = try optionalString(r, "trashed_at").map { try Validate.time($0, what: "trashed_at") }
        note.version = try int(r, "version")
        note.updatedAt = try time(r, "updated_at")
        note.updatedBy = try actor(r, "updated_by")
        var revisions: [Revision] = []
        var versions = Set<Int>()
        for item in r["revisions"]?.arrayValue ?? [] {
            guard let rev = item.objectValue else { throw NotesError.invalid("revisions must be objects") }
            let version = try int(rev, "version")
            guard versions.insert(version).inserted, version >= 1, version <= note.version else {
                throw NotesError.invalid("revision \(version) of \(id) is duplicated or beyond the note's version")
            }
            guard let revTags = rev["tags"]?.arrayValue?.compactMap(\.stringValue) else { throw NotesError.invalid("revision tags must be an array") }
            revisions.append(Revision(noteId: id, version: version, title: try Validate.title(try string(rev, "title")),
                                      body: try Validate.body(try string(rev, "body"), limit: tx.context.maxBodyBytes),
                                      tags: try Validate.tags(revTags), actor: try string(rev, "actor"), time: try time(rev, "time"),
                                      requestId: try string(rev, "request_id"), correlationId: try string(rev, "correlation_id")))
        }
        // The current version is the note row, with the request that made it (unknown, "", when
        // the export has no revision of it: not this import). Its revision is stored only if it
        // says something else than the row (see schema v12).
        let current = revisions.first { $0.version == note.version }
        try notes.insert(note, request: current.map { ($0.requestId, $0.correlationId) } ?? ("", ""))
        for rev in revisions {
            let isRow = rev.version == note.version && rev.actor == note.updatedBy && rev.time == note.updatedAt
                && Note.same(rev.title, note.title) && Note.same(rev.body, note.body) && Note.same(rev.tags, note.tags)
            if !isRow { try notes.insert(rev) }
        }
        tx.record(action: "note.import", target: ("note", id), workspaceId: ws,
                  changes: Changes.created(["title": .string(note.title), "version": .int(Int64(note.version)),
                                            "revisions": .int(Int64(revisions.count))]))
        return (id, revisions.count)
    }

    /// Checks a blob record's content against its size and hash, then puts it in the blob store
    /// (not on a dry run, which writes nothing; the artifacts that follow find it in `progress`).
    private func importBlob(_ r: JSONObject, _ progress: inout Progress) throws {
        let sha = try sha256(r, "sha256")
        let size = try int(r, "size")
        guard size >= 0 else { throw NotesError.invalid("\"size\" must be 0 or more") }
        guard let content = Base64.decode(try string(r, "content_base64")) else {
            throw NotesError.invalid("\"content_base64\" of blob \(sha) is not base64 (RFC 4648: padded, no line breaks)")
        }
        guard content.count == size else { throw NotesError.invalid("blob \(sha) holds \(content.count) bytes, not \(size)") }
        var hasher = SHA256()
        hasher.update(content)
        let actual = SHA256.hexString(hasher.finalize())
        guard actual == sha else {
            throw NotesError.invalid("the content of blob \(sha) hashes to \(actual)", details: ["sha256": .string(sha), "actual": .string(actual)])
        }
        if progress.blobs[sha] == nil && !tx.context.dryRun {
            // Content already in the store is not written again, and so not taken back if the
            // import fails; what it does write the write path takes back (`placedBlobs`).
            if try tx.blobs.put(bytes: content).stored { tx.placedBlobs.append(sha) }
        }
        progress.blobs[sha] = size
    }

    /// An artifact keeps its id and times. A stored one needs its content: from a blob record of
    /// this import, or already in the store, of the size it records.
    private func importArtifact(_ r: JSONObject, _ progress: Progress) throws {
        let id = try identifier(r, "id", .artifact)
        try ensureNew("artifacts", id)
        let note = try identifier(r, "note_id", .note)
        guard progress.notes.contains(note), let ws = try tx.db.scalarText("SELECT workspace_id FROM notes WHERE id = ?", [.text(note)]) else {
            throw NotesError.invalid("artifact of a note not imported before it: \(note)")
        }
        // Checked, but the row takes its note's workspace, where the artifact belongs: a store
        // whose notes were moved can hold artifacts that still name the workspace they left.
        _ = try identifier(r, "workspace_id", .workspace)
        let name = try Validate.name(try string(r, "name"), what: "name")
        let mediaType = try string(r, "media_type")
        guard mediaType.contains("/"), mediaType.utf8.count <= 200 else { throw NotesError.invalid("'\(mediaType)' is not a media type (type/subtype)") }
        let size = try optionalInt(r, "size")
        if let size, size < 0 { throw NotesError.invalid("\"size\" must be 0 or more") }
        let sha = try r["sha256"].flatMap { $0.isNull ? nil : try sha256(r, "sha256") }
        let uri = try optionalString(r, "uri")
        if let uri {
            guard uri.contains(":"), uri.utf8.count <= 4096 else { throw NotesError.invalid("'\(uri)' is not a URI (scheme:…)") }
        } else {
            guard let sha, let size else { throw NotesError.invalid("artifact \(id) has neither a uri nor a sha256 and size") }
            guard let available = progress.blobs[sha] ?? tx.blobs.size(sha) else {
                throw NotesError.invalid("no blob \(sha) for artifact \(id): neither earlier in the export nor in the store",
                                         details: ["sha256": .string(sha)])
            }
            guard available == size else {
                throw NotesError.invalid("blob \(sha) holds \(available) bytes, but artifact \(id) records \(size)", details: ["sha256": .string(sha)])
            }
        }
        try tx.db.run("INSERT INTO artifacts(\(Artifact.columns)) VALUES (?,?,?,?,?,?,?,?,?,?)", [
            .text(id), .text(note), .text(ws), .text(name), .text(mediaType), size.map { SQLValue($0) } ?? .null,
            SQLValue(sha), SQLValue(uri), .text(try time(r, "created_at")), .text(try actor(r, "created_by")),
        ])
        let artifact = try tx.db.first("SELECT \(Artifact.columns) FROM artifacts WHERE id = ?", [.text(id)], Artifact.init(row:))
        tx.record(action: "artifact.import", target: ("artifact", id), workspaceId: ws, changes: Changes.created(artifact?.json ?? [:]))
    }

    /// A proposal keeps its id, its stored state and its decisions. Its operations must still
    /// hash to its digest: what was reviewed in the other store is what can be applied here.
    private func importProposal(_ r: JSONObject, _ progress: Progress) throws {
        let id = try identifier(r, "id", .proposal)
        try ensureNew("proposals", id)
        let ws = try identifier(r, "workspace_id", .workspace)
        guard progress.workspaces.contains(ws) else {
            throw NotesError.invalid("proposal of a workspace not imported before it: \(ws)")
        }
        // `expired` is computed when read, never stored.
        let stateText = try string(r, "state")
        guard let state = Proposal.State(rawValue: stateText), state != .expired else {
            throw NotesError.invalid("unknown proposal state '\(stateText)'")
        }
        guard let opValues = r["operations"]?.arrayValue else { throw NotesError.invalid("\"operations\" must be an array") }
        let operations = try opValues.map { value -> Operation in
            guard let op = value.objectValue, Set(op.keys) == ["command", "args"], let command = op["command"]?.stringValue,
                  let args = op["args"]?.objectValue else {
                throw NotesError.invalid("each operation must be an object of \"command\" (a string) and \"args\" (an object)")
            }
            try Validate.text(command, what: "command", multiline: false)
            return Operation(command: command, args: args)
        }
        let digest = try sha256(r, "digest")
        let actual = Proposal.digest(of: operations)
        guard actual == digest else {
            throw NotesError.invalid("the operations of proposal \(id) do not match its digest \(digest)",
                                     details: ["reason": "digest_mismatch", "digest": .string(digest), "actual": .string(actual)])
        }
        guard let base = r["base_versions"]?.objectValue else { throw NotesError.invalid("\"base_versions\" must be an object") }
        for (target, version) in base {
            let isTarget = [IDKind.note, .workspace].contains { target.hasPrefix($0.prefix) && ULID.isValidBody(target.dropFirst($0.prefix.count)) }
            guard isTarget, let v = version.intValue, v >= 1 else {
                throw NotesError.invalid("\"base_versions\" must map note and workspace ids to versions")
            }
        }
        guard let preview = r["preview"]?.arrayValue, preview.allSatisfy({ $0.objectValue != nil }) else {
            throw NotesError.invalid("\"preview\" must be an array of objects")
        }
        let correlation = try string(r, "correlation_id")
        guard (1...200).contains(correlation.utf8.count), correlation.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw NotesError.invalid("\"correlation_id\" must be 1-200 printable ASCII characters")
        }
        let proposer = try actor(r, "proposer")
        let values: [SQLValue] = [
            .text(id), .text(ws), .text(state.rawValue), .text(proposer), SQLValue(try optionalString(r, "reason")),
            .text(JSONWriter.string(.array(opValues))), .text(digest), .text(JSONWriter.string(.object(base))),
            .text(JSONWriter.string(.array(preview))), .text(correlation), .text(try time(r, "created_at")), .text(try time(r, "expires_at")),
            SQLValue(try optionalString(r, "decided_by").map { try Actor(parsing: $0).description }),
            SQLValue(try optionalString(r, "decided_at").map { try Validate.time($0, what: "decided_at") }),
            SQLValue(try optionalString(r, "decision_reason")),
            SQLValue(try optionalString(r, "applied_at").map { try Validate.time($0, what: "applied_at") }),
            SQLValue(try r["supersedes"].flatMap { $0.isNull ? nil : try identifier(r, "supersedes", .proposal) }),
            SQLValue(try r["superseded_by"].flatMap { $0.isNull ? nil : try identifier(r, "superseded_by", .proposal) }),
            SQLValue(try optionalString(r, "failure")),
        ]
        // The import event stands in for the exported workflow's last step: a decision taken in
        // this store names it as its cause (see `proposalColumns`).
        let event = tx.record(action: "proposal.import", target: ("proposal", id), workspaceId: ws,
                              changes: Changes.created(["state": .string(state.rawValue), "proposer": .string(proposer),
                                                        "digest": .string(digest), "operations": .int(Int64(operations.count))]))
        try tx.db.run("""
            INSERT INTO proposals(id, workspace_id, state, proposer, reason, operations, digest, base_versions, preview,
                                  correlation_id, created_at, expires_at, decided_by, decided_at, decision_reason, applied_at,
                                  supersedes, superseded_by, failure, last_event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, values + [.text(event)])
    }

    /// Gives a mention re-extracted from an imported body its exported id, target, time and
    /// author, the way `importTask` gives tasks their ids. A body names each text once, so one
    /// row matches; should several share a source and text, they are matched in the order made.
    /// Gives the mention the body makes its exported id, target and time; false when the body,
    /// as this notesctl reads it, makes no such mention (an export of an earlier one, which
    /// also took [[…]] in code, or a note naming itself, for mentions): mentions come from the
    /// body, so such a record is left out rather than the import refused.
    private func importMention(_ r: JSONObject, _ progress: inout Progress) throws -> Bool {
        let id = try identifier(r, "id", .link)
        try ensureNew("links", id)
        let source = try identifier(r, "source_id", .note)
        guard progress.notes.contains(source) else { throw NotesError.invalid("mention in a note not imported before it: \(source)") }
        let text = try string(r, "target_text")
        // Null is a dangling mention, so the field must be there, null or not.
        guard let targetValue = r["target_id"] else { throw NotesError.invalid("\"target_id\" must be a note id or null") }
        let target = targetValue.isNull ? nil : try identifier(r, "target_id", .note)
        if let target, !progress.notes.contains(target) {
            throw NotesError.invalid("mention of a note not imported before it: \(target)")
        }
        let createdAt = try time(r, "created_at"), createdBy = try actor(r, "created_by")
        let rows = try tx.db.query("SELECT seq, id FROM links WHERE source_id = ? AND type = 'mentions' AND target_text = ? ORDER BY seq",
                                   [.text(source), .text(text)]) { (seq: $0.int64(0), id: $0.text(1)) }
        guard let row = rows.first(where: { !progress.mentions.contains($0.id) }) else { return false }
        try tx.db.run("UPDATE links SET id = ?, target_id = ?, created_at = ?, created_by = ? WHERE seq = ?",
                      [.text(id), SQLValue(target), .text(createdAt), .text(createdBy), .integer(row.seq)])
        progress.mentions.insert(id)
        return true
    }
}
