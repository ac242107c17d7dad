import SQLiteStore

/// Agent actions (CLI.md §7): propose, decide, apply. A proposal never changes after it is
/// made; each transition is one audit event carrying the proposal's correlation id and, as
/// causation, the event of the step before.
public struct ProposalService {
    /// Runs one canonical operation in a transaction: the command table's write action.
    public typealias Executor = (Transaction, Operation) throws -> OperationResult

    let tx: Transaction
    let workspaces: WorkspaceService

    public init(_ tx: Transaction) {
        self.tx = tx
        self.workspaces = WorkspaceService(tx)
    }

    // MARK: Reading

    func load(_ selector: String) throws -> Proposal {
        try IDResolver.fetch(selector, kind: .proposal, table: "proposals", columns: Proposal.columns(now: tx.now), in: tx.db, Proposal.init(row:))
    }

    /// A proposal shows what it would change: only to those who may read its workspace and
    /// every workspace its changes are in.
    public func show(_ selector: String) throws -> Proposal {
        let p = try load(selector)
        try workspaces.authorize(.read, workspaceId: p.workspaceId)
        for id in try changedWorkspaces(p) where id != p.workspaceId { try workspaces.authorize(.read, workspaceId: id) }
        return p
    }

    /// Proposals of the current workspace, oldest first, optionally in one state; not those
    /// that change a workspace the reader may not read.
    public func list(state: Proposal.State?, _ emit: (Proposal) throws -> Void) throws {
        let ws = try workspaces.current(.read)
        let access = AccessCache(tx)
        try tx.db.forEach("SELECT \(Proposal.columns(now: tx.now)) FROM proposals WHERE workspace_id = ? ORDER BY seq", [.text(ws.id)]) { row in
            let p = Proposal(row: row)
            guard state == nil || p.state == state else { return }
            if try changedWorkspaces(p).allSatisfy({ try $0 == ws.id || access.canRead(workspaceId: $0) }) { try emit(p) }
        }
    }

    /// The workspaces, still in the store, that a proposal's changes are in (from its preview;
    /// proposals made before the preview named them give none).
    func changedWorkspaces(_ p: Proposal) throws -> [String] { try changedWorkspaces(from: p.preview) }

    private func changedWorkspaces(from preview: JSON) throws -> [String] {
        var ids: [String] = []
        for change in preview.arrayValue ?? [] {
            guard let id = change["workspace_id"]?.stringValue, !ids.contains(id) else { continue }
            if try tx.db.scalarInt("SELECT count(*) FROM workspaces WHERE id = ?", [.text(id)]) == 1 { ids.append(id) }
        }
        return ids
    }

    /// The targets whose version moved since the proposal was made: id → (base, now).
    public func staleTargets(_ p: Proposal) throws -> [(String, Int, Int?)] {
        var stale: [(String, Int, Int?)] = []
        for (id, base) in p.baseVersions {
            guard let base = base.intValue else { continue }
            let table = id.hasPrefix(IDKind.workspace.prefix) ? "workspaces" : "notes"
            let now = try tx.db.scalarInt("SELECT version FROM \(table) WHERE id = ?", [.text(id)])
            if now != base { stale.append((id, base, now)) }
        }
        return stale.sorted { $0.0 < $1.0 }
    }

    // MARK: Proposing

    /// Records `operations` as a proposal instead of running them. They are run once in a
    /// savepoint that is rolled back, to validate them and capture the base version of every
    /// target and a preview of the changes; nothing else is kept.
    public func propose(_ operations: [Operation], reason: String?, supersedes: String?, execute: Executor) throws -> Proposal {
        try tx.requireWrite()
        guard !operations.contains(where: { $0.command.hasPrefix("proposal ") }) else {
            throw NotesError.invalid("proposal commands cannot themselves be proposed")
        }
        if let reason { try Validate.text(reason, what: "reason", multiline: true) }
        let ws = try workspaces.current(.read)
        // Pin each operation to a workspace id, so it runs where it was reviewed.
        let pinned = try operations.map { op -> Operation in
            var args = op.args
            let selector = args["workspace"]?.stringValue
            args["workspace"] = .string(try selector.map { try workspaces.find($0).id } ?? ws.id)
            return Operation(command: op.command, args: args)
        }
        tx.proposing = true
        defer { tx.proposing = false }
        var tried = 0
        let (_, events) = try run(pinned, execute: execute, done: &tried)
        tx.proposing = false
        var base = JSONObject()
        for e in events where base[e.targetId] == nil {
            if let before = e.changes["version"]?["before"], before.intValue != nil { base[e.targetId] = before }
        }
        let preview = JSON.array(events.map { e in
            .object(["action": .string(e.action), "target": .object(["kind": .string(e.targetKind), "id": .string(e.targetId)]),
                     "workspace_id": JSON(e.workspaceId), "changes": .object(e.changes.canonical())])
        })
        // A proposal belongs where its changes are: to the one workspace they change (where it
        // is listed and decided on), else to the workspace in force. (A workspace the
        // operations create is gone again with the trial.)
        let changed = try changedWorkspaces(from: preview)
        let home = changed.count == 1 ? changed[0] : ws.id
        let id = IDKind.proposal.make()
        let superseded = try supersedes.map { try load($0) }
        if let old = superseded {
            guard old.proposer == tx.actor.description else {
                throw NotesError.forbidden("only its proposer can supersede proposal \(old.id)")
            }
            // Its reviewers are those of its workspace: the replacement goes to the same ones.
            guard old.workspaceId == home else {
                throw NotesError.conflict("proposal \(old.id) is of another workspace than this one", hint: "supersede it with a proposal of the same workspace",
                                          details: ["workspace_id": .string(old.workspaceId), "wanted": .string(home)])
            }
            try transition(old, from: [.pending], to: .superseded, action: "proposal.supersede",
                           set: ["superseded_by": .text(id)], changes: ["superseded_by": .string(id)])
        }
        let expires = Clock.format(milliseconds: Clock.adding(seconds: tx.context.proposalLifetimeSeconds, to: Clock.parse(tx.now) ?? 0))
        let opsJSON = JSON.array(pinned.map(\.json))
        let digest = Proposal.digest(of: pinned)
        let eventId = tx.record(action: "proposal.create", target: ("proposal", id), workspaceId: home,
                                changes: Changes.created(["state": "pending", "digest": .string(digest), "reason": JSON(reason),
                                                          "operations": .int(Int64(pinned.count)), "supersedes": JSON(superseded?.id)]))
        try tx.db.run("""
            INSERT INTO proposals(id, workspace_id, state, proposer, reason, operations, digest, base_versions, preview,
                                  correlation_id, last_event_id, created_at, expires_at, supersedes)
            VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(id), .text(home), .text(tx.actor.description), SQLValue(reason), .text(JSONWriter.string(opsJSON)),
                  .text(digest), .text(JSONWriter.string(.object(base))), .text(JSONWriter.string(preview)),
                  .text(tx.context.correlationId), .text(eventId), .text(tx.now), .text(expires), SQLValue(superseded?.id)])
        return try load(id)
    }

    // MARK: Deciding

    /// Only users who are owners or editors decide, and never on their own proposals.
    private func requireDecider(_ p: Proposal) throws {
        guard !tx.actor.isAgent else { throw NotesError.forbidden("agents cannot approve or reject proposals") }
        guard p.proposer != tx.actor.description else {
            throw NotesError.forbidden("nobody approves or rejects their own proposal", hint: "withdraw it instead")
        }
        let role = try AccessCache(tx).role(in: p.workspaceId)
        guard role == .owner || role == .editor else {
            throw NotesError.forbidden("deciding on proposals needs the owner or editor role in the proposal's workspace",
                                       details: ["required_role": "editor"])
        }
        // Nobody decides on what they may not see (`show`): every workspace it changes.
        let access = AccessCache(tx)
        for id in try changedWorkspaces(p) where try !access.canRead(workspaceId: id) {
            throw NotesError.forbidden("deciding on proposal \(p.id) needs read access to every workspace it changes")
        }
    }

    public func approve(_ selector: String, digest: String?, apply: Bool, execute: Executor) throws -> OperationResult {
        try tx.requireWrite()
        var p = try load(selector)
        try requireDecider(p)
        try requireIntact(p)
        if let digest, digest != p.digest {
            throw NotesError.conflict("proposal \(p.id) has digest \(p.digest), not \(digest): it is not what was reviewed",
                                      details: ["expected": .string(digest), "actual": .string(p.digest)])
        }
        p = try transition(p, from: [.pending], to: .approved, action: "proposal.approve",
                           set: ["decided_by": .text(tx.actor.description), "decided_at": .text(tx.now)],
                           changes: ["decided_by": .string(tx.actor.description)])
        try requireAuthority(p, execute: execute)
        return apply ? try self.apply(p, execute: execute) : OperationResult(kind: "proposal", object: p.json)
    }

    /// Approving vouches for the changes: the approver must be allowed to make them directly
    /// (an editor cannot approve what needs an owner, nor anyone a change in a workspace they
    /// may not write). Tried as the approver, all of them, and undone. One that fails now for
    /// another reason is no approval either (exit 4, nothing recorded): what is approved must
    /// apply as it stands, and an operation that fails would hide the checks of those after it.
    private func requireAuthority(_ p: Proposal, execute: Executor) throws {
        var index = 0
        do {
            _ = try run(p.operationList, execute: execute, done: &index)
        } catch let e as NotesError where e.code == .forbidden {
            // Not the refusal's own words: they may name a workspace the approver cannot read.
            throw NotesError.forbidden("approving proposal \(p.id) needs the right to make its changes yourself, and operation \(index) is not yours to make",
                                       details: ["operation_index": .int(Int64(index)), "required_role": e.details["required_role"] ?? .null])
        } catch let e as NotesError {
            throw NotesError.conflict("proposal \(p.id) cannot be approved: operation \(index) fails as the store stands: \(e.message)",
                                      hint: "reject it, or approve it once what it needs is back",
                                      details: ["reason": "operation_fails", "operation_index": .int(Int64(index)), "code": .string(e.code.name)])
        }
    }

    /// Runs `operations` as the acting actor and undoes them; returns the events they recorded.
    /// `done` counts those that ran: on a throw, the index of the one that failed.
    private func run(_ operations: [Operation], execute: Executor, done: inout Int) throws -> ((), [PendingEvent]) {
        let selector = tx.workspaceSelector
        defer { tx.workspaceSelector = selector }
        var count = 0
        defer { done = count }
        return try tx.trial {
            for op in operations {
                tx.workspaceSelector = op.args["workspace"]?.stringValue
                _ = try execute(tx, op)
                count += 1
            }
        }
    }

    /// The stored operations must still hash to the stored digest: what is decided on and applied
    /// is what was proposed, not a row edited since (the digest alone would not show it).
    private func requireIntact(_ p: Proposal) throws {
        let actual = Proposal.digest(of: p.operationList)
        guard actual == p.digest, p.operationList.count == p.operations.arrayValue?.count else {
            throw NotesError.conflict("proposal \(p.id) was changed after it was made: its operations no longer match its digest \(p.digest)",
                                      hint: "reject it and make a new proposal",
                                      details: ["reason": "digest_mismatch", "digest": .string(p.digest), "actual": .string(actual)])
        }
    }

    public func reject(_ selector: String, reason: String) throws -> Proposal {
        try tx.requireWrite()
        let p = try load(selector)
        try requireDecider(p)
        try Validate.text(reason, what: "reason", multiline: true)
        guard reason.contains(where: { !$0.isWhitespace }) else {
            throw NotesError.invalid("a rejection needs a reason", hint: "say why with --reason TEXT")
        }
        return try transition(p, from: [.pending], to: .rejected, action: "proposal.reject",
                              set: ["decided_by": .text(tx.actor.description), "decided_at": .text(tx.now), "decision_reason": .text(reason)],
                              changes: ["decided_by": .string(tx.actor.description), "decision_reason": .string(reason)])
    }

    public func withdraw(_ selector: String) throws -> Proposal {
        try tx.requireWrite()
        let p = try load(selector)
        guard p.proposer == tx.actor.description else {
            throw NotesError.forbidden("only its proposer (\(p.proposer)) can withdraw proposal \(p.id)")
        }
        return try transition(p, from: [.pending], to: .withdrawn, action: "proposal.withdraw", set: [:], changes: [:])
    }

    /// Applies an approved proposal's operations atomically, as the acting user. A target that
    /// moved past its base version makes the proposal `failed` (committed) and nothing is applied.
    public func apply(_ selector: String, execute: Executor) throws -> OperationResult {
        try tx.requireWrite()
        return try apply(try load(selector), execute: execute)
    }

    private func apply(_ p: Proposal, execute: Executor) throws -> OperationResult {
        guard p.state == .approved else {
            throw NotesError.conflict("proposal \(p.id) is \(p.state.rawValue): only an approved proposal can be applied",
                                      details: ["state": .string(p.state.rawValue)])
        }
        try workspaces.authorize(.write, workspaceId: p.workspaceId)
        try requireIntact(p)
        let stale = try staleTargets(p)
        if !stale.isEmpty {
            let what = stale.map { "\($0.0) is at version \($0.2.map(String.init) ?? "none"), not \($0.1)" }.joined(separator: "; ")
            let failed = try transition(p, from: [.approved], to: .failed, action: "proposal.fail",
                                        set: ["failure": .text("stale: " + what)], changes: ["failure": .string("stale: " + what)])
            let error = NotesError.conflict("proposal \(p.id) is stale: \(what); nothing was applied",
                                            hint: "make a new proposal against the current versions",
                                            details: ["reason": "stale_proposal", "proposal_id": .string(p.id),
                                                      "stale": .array(stale.map { .object(["id": .string($0.0), "base_version": .int(Int64($0.1)), "version": JSON($0.2)]) })])
            return OperationResult(kind: "proposal", object: failed.json, failure: error)
        }
        // The applied changes belong to the proposal's workflow, caused by its approval.
        tx.workflow = (p.correlationId, p.lastEventId)
        defer { tx.workflow = nil }
        var results: [JSON] = []
        do {
            try tx.attempt {
                for (index, op) in p.operationList.enumerated() {
                    tx.workspaceSelector = op.args["workspace"]?.stringValue
                    do {
                        let r = try execute(tx, op)
                        results.append(.object([r.kind: .object(r.object)]))
                    } catch var e as NotesError {
                        e.details["operation_index"] = .int(Int64(index))
                        throw e
                    }
                }
            }
        } catch let e as NotesError where [.conflict, .notFound, .invalid].contains(e.code) {
            // The store moved on since the review in a way the base versions do not show (the
            // link was added meanwhile, the note is gone or archived): the proposal fails,
            // committed, as a stale one does, rather than stay approved for ever, and a new one
            // is needed. (Not for a refusal of the applier, or a busy store: another try may work.)
            tx.workflow = nil
            let failure = "operation \(e.details["operation_index"]?.intValue ?? 0): \(e.message)"
            let failed = try transition(p, from: [.approved], to: .failed, action: "proposal.fail",
                                        set: ["failure": .text(failure)], changes: ["failure": .string(failure)])
            var details = e.details
            if let cause = details["reason"] { details["operation_reason"] = cause }
            details["reason"] = "operation_failed"
            details["proposal_id"] = .string(p.id)
            details["code"] = .string(e.code.name)
            let error = NotesError.conflict("proposal \(p.id) cannot be applied: \(failure); nothing was applied",
                                            hint: "make a new proposal against the store as it is", details: details)
            return OperationResult(kind: "proposal", object: failed.json, failure: error)
        }
        tx.workflow = nil
        let applied = try transition(p, from: [.approved], to: .applied, action: "proposal.apply",
                                     set: ["applied_at": .text(tx.now)], changes: ["applied_at": .string(tx.now)])
        var object = applied.json
        object["results"] = .array(results)
        return OperationResult(kind: "proposal", object: object)
    }

    /// Moves a proposal between states, recording the event in its workflow.
    @discardableResult
    private func transition(_ p: Proposal, from: Set<Proposal.State>, to: Proposal.State, action: String,
                            set: [String: SQLValue], changes extra: JSONObject) throws -> Proposal {
        guard from.contains(p.state) else {
            throw NotesError.conflict("proposal \(p.id) is \(p.state.rawValue): it cannot become \(to.rawValue)",
                                      details: ["state": .string(p.state.rawValue), "wanted": .string(to.rawValue)])
        }
        var changes = Changes()
        changes.set("state", before: .string(p.state.rawValue), after: .string(to.rawValue))
        for (k, v) in extra { changes.set(k, before: .null, after: v) }
        tx.workflow = (p.correlationId, p.lastEventId)
        let id = tx.record(action: action, target: ("proposal", p.id), workspaceId: p.workspaceId, changes: changes.object)
        tx.workflow = nil
        var sql = "UPDATE proposals SET state = ?, last_event_id = ?"
        var args: [SQLValue] = [.text(to.rawValue), .text(id)]
        for (column, value) in set.sorted(by: { $0.key < $1.key }) {
            sql += ", \(column) = ?"
            args.append(value)
        }
        sql += " WHERE id = ?"
        args.append(.text(p.id))
        try tx.db.run(sql, args)
        return try load(p.id)
    }
}
