import SQLiteStore

/// `gc`: housekeeping, through the write path like every other change.
public struct Maintenance {
    let tx: Transaction
    public init(_ tx: Transaction) { self.tx = tx }

    /// Removes expired idempotency records; with `reindex`, rebuilds the FTS index. Users only.
    public func collectGarbage(reindex: Bool) throws -> JSONObject {
        try tx.requireWrite()
        guard !tx.actor.isAgent else { throw NotesError.forbidden("agents may not run gc") }
        let expired = try Idempotency.purgeExpired(tx)
        if reindex { try tx.db.run("INSERT INTO notes_fts(notes_fts) VALUES ('rebuild')") }
        let result: JSONObject = ["expired_idempotency_keys": .int(Int64(expired)), "reindexed": .bool(reindex)]
        var changes = Changes()
        changes.set("expired_idempotency_keys", before: .int(Int64(expired)), after: 0)
        if reindex { changes.set("fts_index", before: "stale?", after: "rebuilt") }
        tx.record(action: "store.gc", target: ("store", "store"), workspaceId: nil, changes: changes.object)
        return result
    }
}
