import SQLiteStore

/// A file or reference attached to a note (CLI.md §4 artifact).
public struct Artifact: Sendable, Equatable {
    public let id: String
    public let noteId: String
    public let workspaceId: String
    public let name: String
    public let mediaType: String
    public let size: Int?
    public let sha256: String?
    public let uri: String?
    public let createdAt: String
    public let createdBy: String

    static let columns = "id, note_id, workspace_id, name, media_type, size, sha256, uri, created_at, created_by"

    init(row: Row) {
        id = row.text(0)
        noteId = row.text(1)
        workspaceId = row.text(2)
        name = row.text(3)
        mediaType = row.text(4)
        size = row.optionalInt(5)
        sha256 = row.optionalText(6)
        uri = row.optionalText(7)
        createdAt = row.text(8)
        createdBy = row.text(9)
    }

    /// Stored content (as opposed to a reference to content elsewhere).
    public var isBlob: Bool { uri == nil }

    public var json: JSONObject {
        ["id": .string(id), "note_id": .string(noteId), "workspace_id": .string(workspaceId), "name": .string(name),
         "media_type": .string(mediaType), "size": JSON(size), "sha256": JSON(sha256), "uri": JSON(uri),
         "created_at": .string(createdAt), "created_by": .string(createdBy)]
    }
}

public struct ArtifactService {
    let tx: Transaction
    let blobs: BlobStore

    public init(_ tx: Transaction, blobs: BlobStore) {
        self.tx = tx
        self.blobs = blobs
    }

    /// What a new artifact is: a blob already copied into the store, or a reference.
    public enum Content: Sendable {
        case blob(sha256: String, size: Int)
        case reference(uri: String, sha256: String?, size: Int?)
    }

    static let mediaTypes: [String: String] = [
        "txt": "text/plain", "md": "text/markdown", "json": "application/json", "csv": "text/csv", "html": "text/html",
        "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "svg": "image/svg+xml", "webp": "image/webp", "zip": "application/zip", "gz": "application/gzip",
        "tar": "application/x-tar", "mp3": "audio/mpeg", "wav": "audio/wav", "mp4": "video/mp4", "swift": "text/x-swift",
        "py": "text/x-python", "yaml": "application/yaml", "yml": "application/yaml", "xml": "application/xml",
    ]

    static func guessMediaType(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        return mediaTypes[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    public func add(note selector: String, content: Content, name: String?, mediaType: String?) throws -> Artifact {
        try tx.requireWrite()
        let note = try NoteService(tx).show(selector)
        try WorkspaceService(tx).authorize(.write, workspaceId: note.workspaceId)
        try NoteService.refuseTrashed(note)
        var size: Int?, sha: String?, uri: String?
        var defaultName = "artifact"
        switch content {
        case .blob(let s, let n):
            try Self.checkSHA256(s, what: "sha256")
            // The content is this request's own file (staged for this write; only measured on a
            // dry run) or a blob already in the store, as long as the size that names it.
            if let staged = tx.context.stagedBlobs[s] {
                guard staged.size == n else { throw NotesError.invalid("the file of blob \(s) holds \(staged.size) bytes, not \(n)") }
                // A dry run places nothing: the content it measured is enough to validate.
                if !tx.context.dryRun, try blobs.place(staged) { tx.placedBlobs.append(s) }
            } else {
                guard let actual = blobs.size(s) else { throw NotesError.invalid("no blob \(s) in the store: attach the file itself") }
                guard actual == n else {
                    throw NotesError.invalid("blob \(s) holds \(actual) bytes, not \(n)", details: ["sha256": .string(s), "size": .int(Int64(actual))])
                }
            }
            sha = s
            size = n
        case .reference(let u, let s, let n):
            try Validate.text(u, what: "uri", multiline: false)
            guard u.contains(":"), !u.isEmpty, u.utf8.count <= 4096 else { throw NotesError.invalid("'\(u)' is not a URI (scheme:…)") }
            if let s { try Self.checkSHA256(s, what: "--sha256") }
            if let n, n < 0 { throw NotesError.invalid("--size must be 0 or more") }
            uri = u
            sha = s
            size = n
            defaultName = String(u.split(separator: "/").last ?? Substring(u))
        }
        let finalName = try Validate.name(name ?? defaultName, what: "name")
        let type = mediaType ?? Self.guessMediaType(finalName)
        try Validate.text(type, what: "media type", multiline: false)
        guard type.contains("/"), type.utf8.count <= 200 else { throw NotesError.invalid("'\(type)' is not a media type (type/subtype)") }
        let id = IDKind.artifact.make()
        try tx.db.run("INSERT INTO artifacts(\(Artifact.columns)) VALUES (?,?,?,?,?,?,?,?,?,?)", [
            .text(id), .text(note.id), .text(note.workspaceId), .text(finalName), .text(type), size.map { SQLValue($0) } ?? .null,
            SQLValue(sha), SQLValue(uri), .text(tx.now), .text(tx.actor.description),
        ])
        let artifact = try load(id)
        tx.record(action: "artifact.create", target: ("artifact", id), workspaceId: note.workspaceId, changes: Changes.created(artifact.json))
        return artifact
    }

    static func checkSHA256(_ s: String, what: String) throws {
        guard Validate.isSHA256Hex(s) else {
            throw NotesError.invalid("\(what) must be 64 lower-case hex digits")
        }
    }

    func load(_ selector: String) throws -> Artifact {
        try IDResolver.fetch(selector, kind: .artifact, table: "artifacts", columns: Artifact.columns, in: tx.db, Artifact.init(row:))
    }

    public func show(_ selector: String) throws -> Artifact {
        let a = try load(selector)
        try WorkspaceService(tx).authorize(.read, workspaceId: a.workspaceId)
        return a
    }

    /// Artifacts of one note, or of the current workspace.
    public func list(note: String?, _ emit: (Artifact) throws -> Void) throws {
        if let note {
            let n = try NoteService(tx).show(note)
            try tx.db.forEach("SELECT \(Artifact.columns) FROM artifacts WHERE note_id = ? ORDER BY seq", [.text(n.id)]) { try emit(Artifact(row: $0)) }
        } else {
            let ws = try WorkspaceService(tx).current(.read)
            try tx.db.forEach("SELECT \(Artifact.columns) FROM artifacts WHERE workspace_id = ? ORDER BY seq", [.text(ws.id)]) { try emit(Artifact(row: $0)) }
        }
    }

    public func remove(_ selector: String) throws -> Artifact {
        try tx.requireWrite()
        let a = try show(selector)
        try WorkspaceService(tx).authorize(.write, workspaceId: a.workspaceId)
        try tx.db.run("DELETE FROM artifacts WHERE id = ?", [.text(a.id)])
        tx.record(action: "artifact.delete", target: ("artifact", a.id), workspaceId: a.workspaceId, changes: Changes.deleted(a.json))
        return a
    }

    /// Checks every stored blob of the artifacts the actor may read: `{checked, missing, corrupt}`.
    public func verify() throws -> JSONObject {
        var checked = 0
        var bad: [JSON] = []
        var access = [String: Bool]()
        try tx.db.forEach("SELECT \(Artifact.columns) FROM artifacts WHERE uri IS NULL ORDER BY seq") { row in
            let a = Artifact(row: row)
            if access[a.workspaceId] == nil { access[a.workspaceId] = (try? WorkspaceService(tx).authorize(.read, workspaceId: a.workspaceId)) != nil }
            guard access[a.workspaceId] == true, let sha = a.sha256 else { return }
            checked += 1
            do {
                var length = 0
                try blobs.read(sha) { length += $0.count }
                if let size = a.size, size != length {
                    throw NotesError.unavailable("blob \(sha) holds \(length) bytes, but the artifact records \(size)")
                }
            } catch let e as NotesError {
                bad.append(.object(["artifact_id": .string(a.id), "sha256": .string(sha), "problem": .string(e.message)]))
            }
        }
        return ["checked": .int(Int64(checked)), "ok": .bool(bad.isEmpty), "problems": .array(bad)]
    }

    /// Blobs something still needs: those of artifacts, and those that live proposals (pending
    /// and not expired, or approved) would attach when applied.
    static func referencedBlobs(_ db: Connection, now: String) throws -> Set<String> {
        var out = Set(try db.query("SELECT DISTINCT sha256 FROM artifacts WHERE uri IS NULL AND sha256 IS NOT NULL") { $0.text(0) })
        try db.forEach("""
            SELECT json_extract(op.value, '$.args.sha256') FROM proposals p, json_each(p.operations) op
            WHERE (p.state = 'approved' OR (p.state = 'pending' AND p.expires_at > ?))
              AND json_extract(op.value, '$.command') = 'artifact add' AND json_extract(op.value, '$.args.uri') IS NULL
              AND json_type(op.value, '$.args.sha256') = 'text'
            """, [.text(now)]) { out.insert($0.text(0)) }
        return out
    }

    /// Blobs on disk that nothing references.
    static func unreferencedBlobs(_ tx: Transaction, _ blobs: BlobStore) throws -> [String] {
        let referenced = try referencedBlobs(tx.db, now: tx.now)
        return blobs.all().filter { !referenced.contains($0) }
    }
}
