/// Everything about one invocation that the domain needs: who acts, where, and how the
/// request is identified. Built by the CLI from flags and environment; never read from them here.
public struct RequestContext: Sendable {
    public var actor: Actor
    /// The workspace the user named (`-w` or `NOTESCTL_WORKSPACE`); nil means the current one.
    public var workspaceSelector: String?
    /// The key given with `--idempotency-key`; nil means one is generated for this request.
    public var idempotencyKey: String?
    public var correlationId: String
    public var causationId: String?
    /// The W3C `TRACEPARENT` given, kept on audit events as it was.
    public var traceparent: String?
    /// Validate and report, then roll back: nothing is written and no key is consumed.
    public var dryRun = false
    /// The OS login name: owner of the `personal` workspace that a new store starts with.
    public var loginName: String
    /// How long a pending proposal waits for a decision before it reads as expired.
    public var proposalLifetimeSeconds = 7 * 86_400
    /// How long a committed request's receipt is kept for replay.
    public var idempotencyRetentionSeconds = 86_400
    /// The largest note body accepted, in bytes.
    public var maxBodyBytes = NoteService.defaultMaxBodyBytes
    /// Content this request brings itself, by sha256: staged from its file (only measured for a
    /// dry run), for the write to place in the blob store.
    public var stagedBlobs: [String: StagedBlob] = [:]
    public let requestId: String

    public init(actor: Actor, loginName: String, correlationId: String? = nil, requestId: String = IDKind.request.make()) {
        self.actor = actor
        self.loginName = loginName
        self.requestId = requestId
        self.correlationId = correlationId ?? requestId
    }

    /// Checks an idempotency key: 1–200 printable ASCII characters.
    public static func validateIdempotencyKey(_ key: String) throws {
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw NotesError.usage("malformed idempotency key: use 1-200 printable ASCII characters without spaces")
        }
    }

    /// The trace-id of a W3C `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header),
    /// or nil when the header is malformed (it is then ignored, as the spec says of bad headers).
    public static func traceId(fromTraceparent header: String) -> String? {
        let parts = header.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4 else { return nil }
        func isHex(_ s: Substring, _ n: Int) -> Bool {
            s.utf8.count == n && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
        }
        let (version, trace, parent, flags) = (parts[0], parts[1], parts[2], parts[3])
        guard isHex(version, 2), version != "ff", isHex(trace, 32), isHex(parent, 16), isHex(flags, 2),
              trace != Substring(String(repeating: "0", count: 32)),
              parent != Substring(String(repeating: "0", count: 16)) else { return nil }
        // Version 00 has exactly four fields; later versions may append more.
        if version == "00" && parts.count != 4 { return nil }
        return String(trace)
    }
}

/// One operation in canonical form (CLI.md §4 `apply`): the command as typed and its options and
/// positionals by name. The same shape is fingerprinted for idempotency and stored in proposals.
public struct Operation: Sendable, Equatable {
    public let command: String
    public let args: JSONObject

    public init(command: String, args: JSONObject) {
        self.command = command
        self.args = args
    }

    public var json: JSON { .object(["command": .string(command), "args": .object(args)]) }
}

/// What one operation produced: the resource kind (`note`, `workspace`, …) and its JSON object.
public struct OperationResult: Sendable {
    public let kind: String
    public let object: JSONObject
    /// An outcome that is committed but is still a failure for the caller: a stale proposal is
    /// recorded as `failed`, and the command exits with this error.
    public var failure: NotesError?
    public init(kind: String, object: JSONObject, failure: NotesError? = nil) {
        self.kind = kind
        self.object = object
        self.failure = failure
    }
}

/// The receipt printed for a write (CLI.md §5): the resource(s) and the request that made them.
public struct Receipt: Sendable {
    public let json: JSONObject
    /// Committed failures (see `OperationResult.failure`); not part of the stored receipt.
    public var failure: NotesError?
    public var replayed: Bool { json["request"]?["replayed"]?.boolValue ?? false }
}
