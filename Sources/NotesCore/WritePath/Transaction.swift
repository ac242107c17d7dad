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
    /// Blobs this write put into the blob store: taken back, unless something references them,
    /// when the write does not commit.
    var placedBlobs: [String] = []
    /// What to do to files when this write is about to commit (gc's removals), still holding
    /// the write lock: never for a write that fails, a dry run or a trial.
    private(set) var commitActions: [() -> Void] = []
    /// The workspace selector in force for the operation being run: an operation's own
    /// `workspace` argument, else the request's.
    public var workspaceSelector: String?
    /// Set while a proposal's operations are tried: writes then need only read access, since
    /// nothing is kept and whoever applies the proposal is checked at that time.
    var proposing = false
    /// Correlation and causation for the events recorded now, when they belong to a proposal's
    /// workflow rather than to this request.
    var workflow: (correlationId: String, causationId: String?)?

    /// `storePath` is the store's file, which the connection's own path is not for the empty
    /// in-memory stand-in of a store that does not exist yet.
    init(db: Connection, context: RequestContext, isWrite: Bool, storePath: String? = nil, now: String = Clock.now()) {
        self.db = db
        self.context = context
        self.isWrite = isWrite
        self.storePath = storePath ?? db.path
        self.now = now
        self.workspaceSelector = context.workspaceSelector
    }

    public var actor: Actor { context.actor }
    /// The correlation id of what is recorded now: the proposal's while its operations are
    /// applied (its events and the versions they make belong to its workflow), else the request's.
    var correlationId: String { workflow?.correlationId ?? context.correlationId }
    /// The store file: artifacts keep their content beside it.
    public let storePath: String
    public var blobs: BlobStore { BlobStore(storePath: storePath) }

    /// Notes one change for the audit log; `WritePath` appends it, hash-chained, before commit.
    @discardableResult
    func record(action: String, target: (kind: String, id: String), workspaceId: String?, changes: JSONObject) -> String {
        precondition(isWrite, "audit events are recorded by writes only")
        let id = IDKind.event.make()
        pendingEvents.append(PendingEvent(id: id, action: action, targetKind: target.kind, targetId: target.id,
                                          workspaceId: workspaceId, changes: changes,
                                          correlationId: workflow?.correlationId, causationId: workflow?.causationId))
        return id
    }

    /// Runs `action` when this write has done everything but COMMIT, under its lock: a write
    /// that places a blob (inside its own write transaction) then sees the removal done, and
    /// places its own copy. Never for a write that fails, a dry run, or a trial.
    func beforeCommit(_ action: @escaping () -> Void) {
        commitActions.append(action)
    }

    /// Called by `WritePath` right before COMMIT.
    func committing() {
        let actions = commitActions
        commitActions.removeAll()
        actions.forEach { $0() }
    }

    /// Runs `body` and undoes it: a savepoint rolled back, its events and commit actions
    /// dropped. Returns what `body` returned and the events it would have recorded.
    func trial<T>(_ body: () throws -> T) throws -> (T, [PendingEvent]) {
        let mark = pendingEvents.count, actions = commitActions.count
        try db.execute("SAVEPOINT trial")
        defer {
            try? db.execute("ROLLBACK TO trial; RELEASE trial")
            pendingEvents.removeSubrange(mark...)
            commitActions.removeSubrange(actions...)
        }
        let result = try body()
        return (result, Array(pendingEvents[mark...]))
    }

    /// Runs `body` in a savepoint: kept when it returns, undone (with its events and commit
    /// actions) when it throws, the rest of the transaction going on.
    func attempt<T>(_ body: () throws -> T) throws -> T {
        let mark = pendingEvents.count, actions = commitActions.count
        try db.execute("SAVEPOINT attempt")
        do {
            let result = try body()
            try db.execute("RELEASE attempt")
            return result
        } catch {
            try? db.execute("ROLLBACK TO attempt; RELEASE attempt")
            pendingEvents.removeSubrange(mark...)
            commitActions.removeSubrange(actions...)
            throw error
        }
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
    var correlationId: String? = nil
    var causationId: String? = nil
}

/// `before`/`after` pairs of the fields that changed, for audit events.
struct Changes {
    private(set) var object = JSONObject()

    init() {}

    /// Starts from every field of a deleted resource.
    init(deleted fields: JSONObject) { object = Changes.deleted(fields) }

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

    /// Every field of a deleted resource, with `after: null`.
    static func deleted(_ fields: JSONObject) -> JSONObject {
        var c = Changes()
        for (k, v) in fields { c.set(k, before: v, after: .null) }
        return c.object
    }
}
