import SQLiteStore

/// The one place where a write happens (CLI.md §6). Inside a single `BEGIN IMMEDIATE` transaction:
/// bootstrap a new store, check the idempotency key, run the operations (the services check the
/// workspace rules), append one audit event per change, record the receipt, commit.
/// Anything thrown rolls the whole request back: no event, no key, no change.
public enum WritePath {
    public typealias Executor = (Transaction, Operation, Int) throws -> OperationResult
    /// The two forms of an operation its fingerprints are taken of (CLI.md §6 step 2): `typed`,
    /// what the user typed with the workspace in force named where the operation acts in it;
    /// `canonical`, that with id prefixes and workspace slugs resolved to full ids.
    public typealias Canonicalizer = (Transaction, Operation) throws -> (typed: Operation, canonical: Operation)

    /// `bootstrap: false` leaves a new store empty instead of giving it a `personal` workspace
    /// (for `import`, which brings its own). `batch` marks an `apply` batch: its receipt lists
    /// `results` even for one operation, and its fingerprint differs from the plain command's.
    public static func perform(store: NotesStore, context: RequestContext, operations: [Operation],
                               bootstrap: Bool = true, batch: Bool = false, canonicalize: Canonicalizer? = nil,
                               execute: Executor) throws -> Receipt {
        let db = store.db
        let key = context.idempotencyKey ?? "ik_" + ULID.make()
        try db.execute("BEGIN IMMEDIATE")
        let tx = Transaction(db: db, context: context, isWrite: true, storePath: store.path)
        do {
            // The personal workspace a first write makes exists before the request is put in
            // canonical form, which names it by id (a replay below rolls it back with the rest).
            if bootstrap { try WorkspaceService(tx).bootstrapIfNeeded() }
            // Taken before any operation runs: an operation may delete what its ids name.
            let forms = try canonicalize.map { c in try operations.map { try c(tx, $0) } }
            let typedOperations = forms?.map(\.typed) ?? operations, canonicalOperations = forms?.map(\.canonical) ?? operations
            let typed = Self.fingerprint(typedOperations, batch: batch)
            let canonical = canonicalOperations == typedOperations ? typed : Self.fingerprint(canonicalOperations, batch: batch)
            // A generated key is new by construction: only a given one can have been used before.
            if context.idempotencyKey != nil {
                // Records made before v8 fingerprinted a batch like the plain command; records made
                // before the typed form named the workspace in force took the operations as given.
                let given = Self.fingerprint(operations, batch: batch)
                let legacy = batch ? Self.fingerprint(operations) : given
                if let replay = try Idempotency.lookup(tx, key: key, fingerprints: (typed, canonical, legacy, given)) {
                    try Idempotency.authorizeReplay(tx, replay)
                    db.rollback()
                    return replay
                }
            }
            var results: [OperationResult] = []
            for (index, operation) in operations.enumerated() {
                do {
                    var result = try execute(tx, operation, index)
                    // A failure that is itself committed (a proposal that cannot apply becomes
                    // failed) stands for a request of its own only: in a batch of several it
                    // is a failure of the batch, which leaves nothing behind.
                    if let failure = result.failure, operations.count > 1 { throw failure }
                    if batch { result.failure?.details["index"] = .int(Int64(index)) }
                    results.append(result)
                } catch var error as NotesError where batch || operations.count > 1 {
                    error.details["index"] = .int(Int64(index))
                    throw error
                }
            }
            let eventIds = try AuditLog.append(tx, idempotencyKey: key)
            var receipt = makeReceipt(results, context: context, key: key, events: eventIds, batch: batch || operations.count > 1)
            receipt.failure = results.lazy.compactMap(\.failure).first
            if context.dryRun {
                db.rollback()
                return receipt
            }
            try Idempotency.record(tx, key: key, typed: typed, canonical: canonical, receipt: receipt)
            tx.committing()
            try db.execute("COMMIT")
            return receipt
        } catch {
            db.rollback()
            store.discardUnreferencedBlobs(tx.placedBlobs)
            throw error
        }
    }

    /// SHA-256 of the request: the operations with sorted keys (and `batch` for an `apply`).
    /// Output flags and correlation ids are not part of operations, so they do not change it.
    static func fingerprint(_ operations: [Operation], batch: Bool = false) -> String {
        var request: JSONObject = ["operations": .array(operations.map(\.json))]
        if batch { request["batch"] = true }
        return SHA256.hex(JSONWriter.string(JSON.object(request).canonical()))
    }

    static func makeReceipt(_ results: [OperationResult], context: RequestContext, key: String,
                            events: [String], batch: Bool) -> Receipt {
        var json = JSONObject()
        if batch {
            json["results"] = .array(results.map { .object([$0.kind: .object($0.object)]) })
        } else if let only = results.first {
            json[only.kind] = .object(only.object)
        }
        json["request"] = .object([
            "id": .string(context.requestId),
            "correlation_id": .string(context.correlationId),
            "idempotency_key": .string(key),
            "replayed": .bool(false),
            "dry_run": .bool(context.dryRun),
            "events": .array(events.map { .string($0) }),
        ])
        return Receipt(json: json)
    }
}

/// Receipts of committed requests, per actor and key (CLI.md §6 step 2).
enum Idempotency {
    /// The stored receipt marked as replayed when this actor already used `key` for the same
    /// request; throws `conflict` when the key was used for another request; nil when unused.
    static func lookup(_ tx: Transaction, key: String, fingerprints: (typed: String, canonical: String, legacy: String, given: String)) throws -> Receipt? {
        let row = try tx.db.first("""
            SELECT fingerprint, canonical_fingerprint, receipt, failure FROM idempotency_keys
            WHERE actor = ? AND key = ? AND expires_at > ?
            """, [.text(tx.actor.description), .text(key), .text(tx.now)]) { ($0.text(0), $0.optionalText(1), $0.text(2), $0.optionalText(3)) }
        guard let (typed, canonical, receiptText, failureText) = row else { return nil }
        // The same words, or the same request written another way (an id prefix for the full id).
        // (`given`: a record made before the typed form named the workspace in force, whose
        // typed fingerprint is of the operations as given: such a record names no workspace in
        // force, while every newer one of a command that acts in a workspace does.)
        let same = typed == fingerprints.typed || canonical == fingerprints.canonical || typed == fingerprints.given
            || (canonical == nil && typed == fingerprints.legacy)
        guard same else {
            throw NotesError.conflict("idempotency key '\(key)' was already used for a different request",
                                      hint: "use a new key for a new request",
                                      details: ["reason": "idempotency_key_reused", "idempotency_key": .string(key)])
        }
        guard case .object(var receipt) = try JSONParser.parse(receiptText),
              case .object(var request)? = receipt["request"] else {
            throw NotesError(.internalError, "stored receipt for key '\(key)' is unreadable")
        }
        request["replayed"] = .bool(true)
        receipt["request"] = .object(request)
        var replay = Receipt(json: receipt)
        replay.failure = failureText.flatMap { try? JSONParser.parse($0).objectValue }.flatMap(NotesError.init(json:))
        return replay
    }

    /// The workspace rules come before idempotency (CLI.md §6): a replay shows what its receipt
    /// holds, so the actor must still be allowed to read every workspace the receipt names
    /// (an agent whose workspace now denies agents, a member since removed: `forbidden`), but
    /// for one the request itself took the actor's access to: it deleted the workspace, or
    /// removed the actor from it. Its retry is the same request, and replays.
    static func authorizeReplay(_ tx: Transaction, _ receipt: Receipt) throws {
        var ids = Set<String>()
        func collect(_ value: JSON, key: String?) {
            switch value {
            case .object(let o):
                if key == "workspace", let id = o["id"]?.stringValue { ids.insert(id) }
                if let id = o["workspace_id"]?.stringValue { ids.insert(id) }
                for (k, v) in o where k != "request" { collect(v, key: k) }
            case .array(let a): a.forEach { collect($0, key: nil) }
            default: break
            }
        }
        collect(.object(receipt.json), key: nil)
        let events = receipt.json["request"]?["events"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for id in events {
            guard let (action, target, workspace) = try tx.db.first("SELECT action, target_id, workspace_id FROM audit_events WHERE id = ?", [.text(id)], {
                ($0.text(0), $0.text(1), $0.optionalText(2))
            }), let workspace else { continue }
            if action == "workspace.delete" || (action == "member.remove" && target == "\(workspace)/\(tx.actor)") { ids.remove(workspace) }
        }
        let access = AccessCache(tx)
        for id in ids.sorted() {
            if let slug = try tx.db.scalarText("SELECT slug FROM workspaces WHERE id = ?", [.text(id)]) {
                try access.check(.read, workspaceId: id, label: slug)
            } else if try !access.canRead(workspaceId: id) {
                throw NotesError.forbidden("the receipt of this key is of workspace \(id), since deleted: only the store's owner may see it again")
            }
        }
    }

    static func record(_ tx: Transaction, key: String, typed: String, canonical: String, receipt: Receipt) throws {
        let expires = Clock.format(milliseconds: Clock.adding(seconds: tx.context.idempotencyRetentionSeconds, to: Clock.parse(tx.now) ?? 0))
        // An expired record with the same key is replaced: the key is free again after the window.
        try tx.db.run("""
            INSERT OR REPLACE INTO idempotency_keys(actor, key, fingerprint, canonical_fingerprint, request_id, created_at, expires_at, failure, receipt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(tx.actor.description), .text(key), .text(typed), .text(canonical),
                  .text(tx.context.requestId), .text(tx.now), .text(expires),
                  SQLValue(receipt.failure.map { JSONWriter.string(.object($0.json)) }),
                  .text(JSONWriter.string(.object(receipt.json)))])
    }

    /// Deletes expired records; returns how many.
    static func purgeExpired(_ tx: Transaction) throws -> Int {
        try tx.db.run("DELETE FROM idempotency_keys WHERE expires_at <= ?", [.text(tx.now)])
    }
}
