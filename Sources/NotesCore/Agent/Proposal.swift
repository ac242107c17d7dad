import SQLiteStore

/// A proposal (CLI.md §7): operations an actor asked for, frozen with their digest and the
/// base version of every target, and where the decision on them stands.
public struct Proposal: Sendable {
    public enum State: String, CaseIterable, Sendable {
        case pending, approved, applied, rejected, withdrawn, expired, superseded, failed
    }

    public let id: String
    public let workspaceId: String
    public let state: State
    public let proposer: String
    public let reason: String?
    public let operations: JSON
    public let digest: String
    public let baseVersions: JSONObject
    public let preview: JSON
    public let correlationId: String
    let lastEventId: String
    public let createdAt: String
    public let expiresAt: String
    public let decidedBy: String?
    public let decidedAt: String?
    public let decisionReason: String?
    public let appliedAt: String?
    public let supersedes: String?
    public let supersededBy: String?
    public let failure: String?

    /// `state` reads as `expired` for a pending proposal past its expiry; it is never stored.
    static func columns(now: String) -> String {
        """
        id, workspace_id, CASE WHEN state = 'pending' AND expires_at <= '\(now)' THEN 'expired' ELSE state END,
        proposer, reason, operations, digest, base_versions, preview, correlation_id, last_event_id, created_at,
        expires_at, decided_by, decided_at, decision_reason, applied_at, supersedes, superseded_by, failure
        """
    }

    init(row: Row) {
        id = row.text(0)
        workspaceId = row.text(1)
        state = State(rawValue: row.text(2)) ?? .pending
        proposer = row.text(3)
        reason = row.optionalText(4)
        operations = (try? JSONParser.parse(row.text(5))) ?? .array([])
        digest = row.text(6)
        baseVersions = (try? JSONParser.parse(row.text(7)))?.objectValue ?? [:]
        preview = (try? JSONParser.parse(row.text(8))) ?? .array([])
        correlationId = row.text(9)
        lastEventId = row.text(10)
        createdAt = row.text(11)
        expiresAt = row.text(12)
        decidedBy = row.optionalText(13)
        decidedAt = row.optionalText(14)
        decisionReason = row.optionalText(15)
        appliedAt = row.optionalText(16)
        supersedes = row.optionalText(17)
        supersededBy = row.optionalText(18)
        failure = row.optionalText(19)
    }

    /// The operations in canonical form, as `apply` and the executor take them.
    public var operationList: [Operation] {
        (operations.arrayValue ?? []).compactMap { op in
            guard let command = op["command"]?.stringValue, let args = op["args"]?.objectValue else { return nil }
            return Operation(command: command, args: args)
        }
    }

    public var json: JSONObject {
        ["id": .string(id), "workspace_id": .string(workspaceId), "state": .string(state.rawValue),
         "proposer": .string(proposer), "reason": JSON(reason), "operations": operations, "digest": .string(digest),
         "base_versions": .object(baseVersions), "correlation_id": .string(correlationId), "created_at": .string(createdAt),
         "expires_at": .string(expiresAt), "decided_by": JSON(decidedBy), "decided_at": JSON(decidedAt),
         "decision_reason": JSON(decisionReason), "applied_at": JSON(appliedAt), "supersedes": JSON(supersedes),
         "superseded_by": JSON(supersededBy), "failure": JSON(failure), "preview": preview]
    }

    /// The digest of a list of operations: SHA-256 of their canonical JSON.
    static func digest(of operations: [Operation]) -> String {
        SHA256.hex(JSONWriter.string(JSON.array(operations.map(\.json)).canonical()))
    }
}
