import SQLiteStore

/// The append-only, hash-chained audit log (CLI.md §6 step 3).
///
/// Each event's `hash` is the SHA-256 of its canonical JSON (sorted keys, compact, without
/// `hash`, with `prev_hash`); `prev_hash` is the previous event's hash, or 64 zeros for the first.
public enum AuditLog {
    public static let genesisHash = String(repeating: "0", count: 64)

    static let columns = """
        id, time, actor, action, target_kind, target_id, workspace_id, request_id, correlation_id,
        causation_id, idempotency_key, outcome, changes, traceparent, prev_hash, hash
        """

    /// Appends the transaction's pending events, chained to the current head. Returns their ids.
    static func append(_ tx: Transaction, idempotencyKey: String) throws -> [String] {
        var prev = try head(tx.db)
        var ids: [String] = []
        for e in tx.pendingEvents {
            let correlation = e.correlationId ?? tx.context.correlationId
            let causation = e.correlationId != nil ? e.causationId : tx.context.causationId
            var event: JSONObject = [
                "id": .string(e.id), "time": .string(tx.now), "actor": .string(tx.actor.description),
                "action": .string(e.action),
                "target": .object(["kind": .string(e.targetKind), "id": .string(e.targetId)]),
                "workspace_id": JSON(e.workspaceId), "request_id": .string(tx.context.requestId),
                "correlation_id": .string(correlation), "causation_id": JSON(causation),
                "idempotency_key": .string(idempotencyKey), "outcome": "success",
                "changes": .object(e.changes.canonical()), "traceparent": JSON(tx.context.traceparent),
                "prev_hash": .string(prev),
            ]
            let hash = hashOf(event)
            event["hash"] = .string(hash)
            try tx.db.run("INSERT INTO audit_events(\(columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
                .text(e.id), .text(tx.now), .text(tx.actor.description), .text(e.action), .text(e.targetKind),
                .text(e.targetId), SQLValue(e.workspaceId), .text(tx.context.requestId), .text(correlation),
                SQLValue(causation), .text(idempotencyKey), "success",
                .text(JSONWriter.string(.object(e.changes.canonical()))), SQLValue(tx.context.traceparent),
                .text(prev), .text(hash),
            ])
            ids.append(e.id)
            prev = hash
        }
        return ids
    }

    static func hashOf(_ event: JSONObject) -> String {
        var e = event
        e["hash"] = nil
        return SHA256.hex(JSONWriter.string(.object(e.canonical())))
    }

    static func head(_ db: Connection) throws -> String {
        try db.scalarText("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1") ?? genesisHash
    }

    static func event(from row: Row) throws -> JSONObject {
        let changes = (try? JSONParser.parse(row.text(12))) ?? .string(row.text(12))
        return [
            "id": .string(row.text(0)), "time": .string(row.text(1)), "actor": .string(row.text(2)),
            "action": .string(row.text(3)),
            "target": .object(["kind": .string(row.text(4)), "id": .string(row.text(5))]),
            "workspace_id": JSON(row.optionalText(6)), "request_id": .string(row.text(7)),
            "correlation_id": .string(row.text(8)), "causation_id": JSON(row.optionalText(9)),
            "idempotency_key": .string(row.text(10)), "outcome": .string(row.text(11)),
            "changes": changes, "traceparent": JSON(row.optionalText(13)),
            "prev_hash": .string(row.text(14)), "hash": .string(row.text(15)),
        ]
    }
}

/// Reading and checking the audit log.
public struct AuditService {
    let tx: Transaction
    public init(_ tx: Transaction) { self.tx = tx }

    public struct Filter: Sendable {
        public var actor: String?
        public var target: String?
        public var correlationId: String?
        public var action: String?
        public var since: String?
        public var after: String?
        public var limit: Int?
        public init() {}
    }

    /// Events oldest first, in the workspaces the actor may read (and store-wide events, which
    /// have no workspace, to users only).
    public func list(_ filter: Filter, _ emit: (JSONObject) throws -> Void) throws {
        var sql = "SELECT \(AuditLog.columns) FROM audit_events WHERE 1=1"
        var args: [SQLValue] = []
        if let a = filter.actor { sql += " AND actor = ?"; args.append(.text(a)) }
        if let t = filter.target { sql += " AND target_id = ?"; args.append(.text(try resolveTarget(t))) }
        if let c = filter.correlationId { sql += " AND correlation_id = ?"; args.append(.text(c)) }
        if let a = filter.action {
            // `note` matches every note.* action; `note.update` matches that one.
            if a.contains(".") { sql += " AND action = ?"; args.append(.text(a)) }
            else { sql += " AND substr(action, 1, ?) = ?"; args += [.integer(Int64(a.utf8.count + 1)), .text(a + ".")] }
        }
        if let s = filter.since { sql += " AND time >= ?"; args.append(.text(s)) }
        if let after = filter.after {
            let id = try resolveEventId(after)
            sql += " AND seq > (SELECT seq FROM audit_events WHERE id = ?)"
            args.append(.text(id))
        }
        sql += " ORDER BY seq"
        var remaining = filter.limit ?? Int.max
        let access = AccessCache(tx)
        try tx.db.forEach(sql, args) { row in
            guard remaining > 0 else { return }
            guard try access.canRead(workspaceId: row.optionalText(6)) else { return }
            try emit(try AuditLog.event(from: row))
            remaining -= 1
        }
    }

    public func show(_ selector: String) throws -> JSONObject {
        let id = try resolveEventId(selector)
        guard let event = try tx.db.first("SELECT \(AuditLog.columns) FROM audit_events WHERE id = ?", [.text(id)], AuditLog.event(from:)) else {
            throw NotesError.notFound("no such audit event: \(selector)")
        }
        let workspace = event["workspace_id"]?.stringValue
        if let workspace, let slug = try tx.db.scalarText("SELECT slug FROM workspaces WHERE id = ?", [.text(workspace)]) {
            // Like any id in a workspace the actor may not read: forbidden, naming what is missing.
            try AccessCache(tx).check(.read, workspaceId: workspace, label: slug)
        } else if try !AccessCache(tx).canRead(workspaceId: workspace) {
            // Events of deleted workspaces, and store-wide ones, are the store owner's alone.
            throw NotesError.notFound("no such audit event: \(selector)")
        }
        return event
    }

    /// A target id as typed: a full id, or a unique prefix (8+ characters after the
    /// underscore) of an id the log mentions, even of a resource since deleted.
    func resolveTarget(_ typed: String) throws -> String {
        let t = typed.lowercased()
        guard let kind = IDKind.allCases.first(where: { t.hasPrefix($0.prefix) }) else { return typed }
        if t.utf8.count >= kind.prefix.utf8.count + 26 { return t }
        guard t.utf8.count >= kind.prefix.utf8.count + IDResolver.minimumPrefix else {
            throw NotesError.invalid("id prefix '\(typed)' is too short: give at least \(IDResolver.minimumPrefix) characters after '\(kind.prefix)'")
        }
        let matches = try tx.db.query("SELECT DISTINCT target_id FROM audit_events WHERE target_id >= ? AND target_id < ? LIMIT 11",
                                      [.text(t), .text(t + "~")]) { $0.text(0) }
        if matches.count > 1 {
            throw NotesError.conflict("id prefix '\(typed)' matches more than one target", hint: "give more characters: " + matches.prefix(10).joined(separator: ", "),
                                      details: ["candidates": .array(matches.prefix(10).map { .string($0) })])
        }
        return matches.first ?? t
    }

    func resolveEventId(_ selector: String) throws -> String {
        try IDResolver.resolve(selector, kind: .event, in: tx.db, table: "audit_events")
    }

    /// The head of the chain: the last event's hash and id, and how many events there are.
    public func head() throws -> JSONObject {
        let row = try tx.db.first("SELECT hash, id, (SELECT count(*) FROM audit_events) FROM audit_events ORDER BY seq DESC LIMIT 1") {
            ($0.text(0), $0.text(1), $0.int(2))
        }
        return ["hash": .string(row?.0 ?? AuditLog.genesisHash), "event_id": JSON(row?.1), "count": .int(Int64(row?.2 ?? 0))]
    }

    /// Walks the whole chain. Throws `unavailable` naming the first event whose hash or link is
    /// wrong; `expectedHead`, when given, must be the hash of an event in the chain.
    public func verify(expectedHead: String? = nil) throws -> JSONObject {
        if let head = expectedHead, !Validate.isSHA256Hex(head) {
            throw NotesError.usage("--head must be a hash as `audit head` prints it: 64 lower-case hex digits")
        }
        var prev = AuditLog.genesisHash
        var count = 0
        var sawExpected = expectedHead == nil
        try tx.db.forEach("SELECT \(AuditLog.columns) FROM audit_events ORDER BY seq") { row in
            let event = try AuditLog.event(from: row)
            let id = event["id"]?.stringValue ?? "?"
            let storedPrev = event["prev_hash"]?.stringValue ?? ""
            let storedHash = event["hash"]?.stringValue ?? ""
            if storedPrev != prev {
                throw NotesError.unavailable("audit chain broken at event \(id) (position \(count + 1)): its prev_hash does not match the event before it; an event was removed, inserted or reordered",
                                             details: ["event_id": .string(id), "position": .int(Int64(count + 1)), "reason": "prev_hash_mismatch"])
            }
            if AuditLog.hashOf(event) != storedHash {
                throw NotesError.unavailable("audit chain broken at event \(id) (position \(count + 1)): its content does not match its hash; the event was edited",
                                             details: ["event_id": .string(id), "position": .int(Int64(count + 1)), "reason": "hash_mismatch"])
            }
            if storedHash == expectedHead { sawExpected = true }
            prev = storedHash
            count += 1
        }
        if !sawExpected {
            throw NotesError.unavailable("the expected head \(expectedHead ?? "") is not in the audit chain: events after it were removed or the log was replaced",
                                         details: ["reason": "head_missing"])
        }
        return ["ok": true, "events": .int(Int64(count)), "head": .string(prev)]
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
