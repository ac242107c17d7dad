import SQLiteStore

/// One transaction's worth of access to the store: a read snapshot, or the write transaction
/// that `WritePath` opened. Domain services take one of these; they never open their own.
public final class Transaction {
    let db: Connection
    public let context: RequestContext
    public let isWrite: Bool
    /// The time of this request, the same on every row it writes.
    public let now: String
    private(set) var pendingEvents: [PendingEvent] = []
    /// The workspace selector in force for the operation being run: an operation's own
    /// `workspace` argument, else the request's.
    public var workspaceSelector: String?

    init(db: Connection, context: RequestContext, isWrite: Bool, now: String = Clock.now()) {
        self.db = db
        self.context = context
        self.isWrite = isWrite
        self.now = now
        self.workspaceSelector = context.workspaceSelector
    }

    public var actor: Actor { context.actor }

    /// Notes one change for the audit log; `WritePath` appends it, hash-chained, before commit.
    func record(action: String, target: (kind: String, id: String), workspaceId: String?, changes: JSONObject) {
        precondition(isWrite, "audit events are recorded by writes only")
        pendingEvents.append(PendingEvent(id: IDKind.event.make(), action: action, targetKind: target.kind,
                                          targetId: target.id, workspaceId: workspaceId, changes: changes))
    }

    /// Throws unless this is a write transaction: a guard for service methods that change things.
    func requireWrite() throws {
        guard isWrite else { throw NotesError(.internalError, "a write was attempted outside the write path") }
    }
}

struct PendingEvent {
    let id: String
    let action: String
    let targetKind: String
    let targetId: String
    let workspaceId: String?
    let changes: JSONObject
}

/// `before`/`after` pairs of the fields that changed, for audit events.
struct Changes {
    private(set) var object = JSONObject()

    mutating func set(_ field: String, before: JSON, after: JSON) {
        guard before != after else { return }
        object[field] = .object(["before": before, "after": after])
    }

    /// Every field of a new resource, with `before: null`.
    static func created(_ fields: JSONObject) -> JSONObject {
        var c = Changes()
        for (k, v) in fields where !v.isNull { c.set(k, before: .null, after: v) }
        return c.object
    }
}
