import NotesCore

/// Completion candidates that live in the store: workspace slugs, members, note and event ids.
/// Read through the normal read path (a read transaction, the workspace rules of the actor), so
/// completion offers exactly what the actor could name. Any failure — a missing store, no access,
/// a busy file — means no candidates: completion must never print errors into a prompt.
///
/// `notesctl __complete KIND [PREFIX]` prints these for the bash, zsh and fish scripts; the
/// interactive shell calls `candidates` directly on its open connection.
enum DynamicCompletions {
    /// How many notes of each state (active, archived, trashed) are offered, newest first.
    static let noteLimit = 1_000
    /// How many audit events are offered at most.
    static let eventLimit = 2_000

    /// The kind name the scripts pass for an id kind (`note`, `event`, …).
    static func name(of kind: IDKind) -> String {
        switch kind {
        case .workspace: "workspace"
        case .note: "note"
        case .link: "link"
        case .task: "task"
        case .artifact: "artifact"
        case .proposal: "proposal"
        case .event: "event"
        case .request: "request"
        }
    }

    /// What a reader gets besides the transaction.
    struct Request {
        let prefix: String
        let storePath: String
    }

    /// Readers for each kind. A kind without a reader offers nothing (the scripts still ask):
    /// links, whose listing needs a note, and requests.
    private static let readers: [String: @Sendable (Transaction, Request) throws -> [Candidate]] = [
        "workspace": workspaces,
        "actor": actors,
        "note": notes,
        "event": events,
        "proposal": proposals,
        "task": tasks,
        "artifact": artifacts,
    ]

    static var supportedKinds: [String] { readers.keys.sorted() }

    /// Candidates of `kind` starting with `prefix`; none on any error.
    static func candidates(_ kind: String, prefix: String, invocation: Invocation) -> [Candidate] {
        guard let reader = readers[kind] else { return [] }
        do {
            let request = Request(prefix: prefix, storePath: try invocation.storePath())
            return try invocation.read { tx in try reader(tx, request) }.filter { $0.word.hasPrefix(prefix) }
        } catch {
            return []
        }
    }

    /// Slugs (the usual way to name a workspace); ids once the prefix starts with `ws_`.
    private static func workspaces(_ tx: Transaction, _ r: Request) throws -> [Candidate] {
        let list = try WorkspaceService(tx).list()
        if r.prefix.hasPrefix(IDKind.workspace.prefix) {
            return list.map { Candidate($0.id, "\($0.name) (\($0.slug))") }
        }
        return list.map { Candidate($0.slug, $0.name) }
    }

    /// Members of the current workspace.
    private static func actors(_ tx: Transaction, _ r: Request) throws -> [Candidate] {
        try WorkspaceService(tx).members(nil).map { Candidate($0.actor, $0.role.rawValue) }
    }

    /// Notes of the current workspace: active, then archived, then trashed, each newest first.
    private static func notes(_ tx: Transaction, _ r: Request) throws -> [Candidate] {
        var out: [Candidate] = []
        for (state, label) in [(NoteFilter.State.active, ""), (.archived, " (archived)"), (.trashed, " (in trash)")] {
            var filter = NoteFilter()
            filter.state = state
            filter.limit = noteLimit
            try NoteService(tx).list(filter) { note in
                if note.id.hasPrefix(r.prefix) { out.append(Candidate(note.id, (note.title.isEmpty ? "(untitled)" : note.title) + label)) }
            }
        }
        return out
    }

    private struct Enough: Error {}

    /// Audit events the actor may read, oldest first.
    private static func events(_ tx: Transaction, _ r: Request) throws -> [Candidate] {
        var out: [Candidate] = []
        do {
            try AuditService(tx).list(AuditService.Filter()) { event in
                guard let id = event["id"]?.stringValue, id.hasPrefix(r.prefix) else { return }
                let target = event["target"]?["id"]?.stringValue ?? ""
                out.append(Candidate(id, "\(event["action"]?.stringValue ?? "") \(target)"))
                if out.count >= eventLimit { throw Enough() }
            }
        } catch is Enough {}
        return out
    }

    /// Proposals of the current workspace, oldest first.
    private static func proposals(_ tx: Transaction, _ r: Request) throws -> [Candidate] {
        var out: [Candidate] = []
        try ProposalService(tx).list(state: nil) { p in
            out.append(Candidate(p.id, "\(p.state.rawValue) by \(p.proposer)" + (p.reason.map { ": \($0)" } ?? "")))
        }
        return out
    }

    /// Tasks of the current workspace's active notes.
    private static func tasks(_ tx: Transaction, _ r: Request) throws -> [Candidate] {
        var out: [Candidate] = []
        try TaskService(tx).list(TaskService.Filter()) { t in out.append(Candidate(t.id, (t.done ? "[x] " : "[ ] ") + t.text)) }
        return out
    }

    /// Artifacts of the current workspace.
    private static func artifacts(_ tx: Transaction, _ r: Request) throws -> [Candidate] {
        var out: [Candidate] = []
        try ArtifactService(tx, blobs: BlobStore(storePath: r.storePath)).list(note: nil) { a in out.append(Candidate(a.id, a.name)) }
        return out
    }
}
