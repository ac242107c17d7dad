import SQLiteStore

/// A note as stored (CLI.md §5).
public struct Note: Sendable, Equatable {
    public let id: String
    public var workspaceId: String
    public var title: String
    public var body: String
    public var tags: [String]
    public var pinned: Bool
    public var archived: Bool
    public var trashedAt: String?
    public var version: Int
    public let createdAt: String
    public var updatedAt: String
    public let createdBy: String
    public var updatedBy: String

    public var trashed: Bool { trashedAt != nil }

    static let columns = "id, workspace_id, title, body, tags, pinned, archived, trashed_at, version, created_at, updated_at, created_by, updated_by"

    init(row: Row, offset o: Int = 0) {
        id = row.text(o)
        workspaceId = row.text(o + 1)
        title = row.text(o + 2)
        body = row.text(o + 3)
        tags = Note.decodeTags(row.text(o + 4))
        pinned = row.bool(o + 5)
        archived = row.bool(o + 6)
        trashedAt = row.optionalText(o + 7)
        version = row.int(o + 8)
        createdAt = row.text(o + 9)
        updatedAt = row.text(o + 10)
        createdBy = row.text(o + 11)
        updatedBy = row.text(o + 12)
    }

    init(id: String, workspaceId: String, title: String, body: String, tags: [String], actor: String, now: String) {
        self.id = id
        self.workspaceId = workspaceId
        self.title = title
        self.body = body
        self.tags = tags
        pinned = false
        archived = false
        trashedAt = nil
        version = 1
        createdAt = now
        updatedAt = now
        createdBy = actor
        updatedBy = actor
    }

    static func encodeTags(_ tags: [String]) -> String { JSONWriter.string(JSON(tags)) }

    static func decodeTags(_ text: String) -> [String] {
        (try? JSONParser.parse(text))?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The same bytes: Swift's `==` on strings treats canonically equivalent text (NFC "é" and
    /// NFD "e\u{301}") as equal, which would drop such an edit.
    static func same(_ x: String, _ y: String) -> Bool { x.utf8.elementsEqual(y.utf8) }
    static func same(_ x: [String], _ y: [String]) -> Bool { x.count == y.count && zip(x, y).allSatisfy(same) }

    /// Equal when every field holds the same bytes (see `same`).
    public static func == (a: Note, b: Note) -> Bool {
        same(a.id, b.id) && same(a.workspaceId, b.workspaceId) && same(a.title, b.title) && same(a.body, b.body)
            && same(a.tags, b.tags) && a.pinned == b.pinned
            && a.archived == b.archived && a.trashedAt == b.trashedAt && a.version == b.version && a.createdAt == b.createdAt
            && a.updatedAt == b.updatedAt && a.createdBy == b.createdBy && a.updatedBy == b.updatedBy
    }

    public var json: JSONObject {
        ["id": .string(id), "workspace_id": .string(workspaceId), "title": .string(title), "body": .string(body),
         "tags": JSON(tags), "pinned": .bool(pinned), "archived": .bool(archived), "trashed": .bool(trashed),
         "trashed_at": JSON(trashedAt), "version": .int(Int64(version)), "created_at": .string(createdAt),
         "updated_at": .string(updatedAt), "created_by": .string(createdBy), "updated_by": .string(updatedBy)]
    }
}

/// One version of a note (`note history`).
public struct Revision: Sendable, Equatable {
    public let noteId: String
    public let version: Int
    public let title: String
    public let body: String
    public let tags: [String]
    public let actor: String
    public let time: String
    public let requestId: String
    public let correlationId: String

    public var json: JSONObject {
        ["note_id": .string(noteId), "version": .int(Int64(version)), "title": .string(title), "body": .string(body),
         "tags": JSON(tags), "actor": .string(actor), "time": .string(time), "request_id": .string(requestId),
         "correlation_id": .string(correlationId)]
    }
}

/// What `note list` shows and in which order.
public struct NoteFilter: Sendable {
    public enum Sort: String, CaseIterable, Sendable { case updated, created, title }
    public enum State: Sendable { case active, pinned, archived, trashed }

    public var tags: [String] = []
    public var since: String?
    public var until: String?
    public var state: State = .active
    public var sort: Sort = .updated
    /// Flip the natural order (newest first for times, A→Z for titles).
    public var reverse = false
    public var limit: Int?
    /// The id of the last note of the previous page.
    public var after: String?
    public init() {}
}
