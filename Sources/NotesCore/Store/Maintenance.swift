import SQLiteStore
import Glibc

/// `gc`: housekeeping, through the write path like every other change.
public struct Maintenance {
    let tx: Transaction
    public init(_ tx: Transaction) { self.tx = tx }

    /// Removes expired idempotency records, blobs nothing references (no artifact, no live
    /// proposal) and stagings of dead processes, each at least an hour old; purges notes in
    /// the trash for longer than `purgeTrashOlderThan` seconds; with `reindex`, rebuilds the
    /// FTS indexes. Users only.
    public func collectGarbage(reindex: Bool, purgeTrashOlderThan: Int? = nil) throws -> JSONObject {
        try tx.requireWrite()
        guard !tx.actor.isAgent else { throw NotesError.forbidden("agents may not run gc") }
        // A blob younger than an hour may belong to an `artifact add` whose row is not committed
        // yet. Taken before the trash is purged: the content of artifacts this gc deletes waits
        // for the next one, so that no blob goes that a failed COMMIT would still reference.
        let blobs = tx.blobs
        let unreferenced = try ArtifactService.unreferencedBlobs(tx, blobs).filter { blobs.ageSeconds($0) > 3600 }
        let abandoned = blobs.abandonedStagings(olderThan: 3600)
        var purged = 0
        if let age = purgeTrashOlderThan {
            // Trash older than `age`, in the workspaces this user may write; each purge is audited.
            let cutoff = Clock.format(milliseconds: (Clock.parse(tx.now) ?? 0) - min(Clock.parse(tx.now) ?? 0, UInt64(age) * 1000))
            let candidates = try tx.db.query("SELECT id, workspace_id FROM notes WHERE trashed_at IS NOT NULL AND trashed_at < ? ORDER BY id",
                                             [.text(cutoff)]) { ($0.text(0), $0.text(1)) }
            let workspaces = WorkspaceService(tx)
            for (id, ws) in candidates where (try? workspaces.authorize(.write, workspaceId: ws)) != nil {
                _ = try NoteService(tx).purge(id, ifVersion: nil)
                purged += 1
            }
        }
        let expired = try Idempotency.purgeExpired(tx)
        if reindex {
            for index in ["notes_fts", "tasks_fts", "artifacts_fts"] { try tx.db.run("INSERT INTO \(index)(\(index)) VALUES ('rebuild')") }
        }
        // Files go only when the write is about to commit, under its lock: not in a dry run, a
        // proposal's trial, or a batch that fails after this operation; and not after the lock
        // is released, when an `artifact add` of the same content could commit in between.
        // (Should COMMIT still fail, they were unreferenced before this write as well.)
        tx.beforeCommit {
            unreferenced.forEach(blobs.remove)
            abandoned.forEach { _ = unlink($0) }
        }
        let result: JSONObject = ["expired_idempotency_keys": .int(Int64(expired)), "unreferenced_blobs": .int(Int64(unreferenced.count)),
                                  "abandoned_stagings": .int(Int64(abandoned.count)), "purged_notes": .int(Int64(purged)), "reindexed": .bool(reindex)]
        var changes = Changes()
        changes.set("expired_idempotency_keys", before: .int(Int64(expired)), after: 0)
        changes.set("unreferenced_blobs", before: .int(Int64(unreferenced.count)), after: 0)
        changes.set("abandoned_stagings", before: .int(Int64(abandoned.count)), after: 0)
        if reindex { changes.set("fts_index", before: "stale?", after: "rebuilt") }
        tx.record(action: "store.gc", target: ("store", "store"), workspaceId: nil, changes: changes.object)
        return result
    }
}
