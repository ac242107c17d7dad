import NotesCore

/// `proposal …`: agent actions that a person approves (CLI.md §7).
enum ProposalCommands {
    static let proposal = ArgumentSpec("id", .id(.proposal), help: "proposal id, or a unique prefix of 8+ characters after pr_")
    static let states = Proposal.State.allCases.map(\.rawValue)

    static let all: [Command] = [
        Command("proposal list", "list the proposals of the current workspace, oldest first",
                discussion: "A proposal belongs to the workspace its changes are in. One that also changes a workspace you may not read is left out.",
                options: [OptionSpec("state", .choice(states), help: "only proposals in this state")],
                action: .read { inv in
                    let state = inv.args.string("state").flatMap(Proposal.State.init(rawValue:))
                    try inv.read { tx in
                        try inv.output.list(Render.proposalColumns, empty: "No proposals.") { emit in
                            try ProposalService(tx).list(state: state) { try emit($0.json) }
                        }
                    }
                }),
        Command("proposal show", "show a proposal: its operations, digest, and the changes it would make",
                discussion: "The preview is what the operations changed when they were tried at proposal time; `stale` lists targets that moved since.",
                arguments: [proposal],
                action: .read { inv in
                    let object = try inv.read { tx -> JSONObject in
                        let service = ProposalService(tx)
                        let p = try service.show(try inv.args.required("id"))
                        var o = p.json
                        o["stale"] = .array(try service.staleTargets(p).map { .object(["id": .string($0.0), "base_version": .int(Int64($0.1)), "version": JSON($0.2)]) })
                        return o
                    }
                    try inv.output.object(object, text: Render.proposal)
                }),
        Command("proposal approve", "approve a pending proposal (owner or editor; not your own)",
                arguments: [proposal],
                options: [OptionSpec("apply", help: "apply it at once, in the same transaction"),
                          OptionSpec("digest", .string, valueName: "SHA256", help: "refuse unless the operations still have this digest")],
                action: .write(WriteAction(done: "Approved") { a, tx in
                    try ProposalService(tx).approve(try a.required("id"), digest: a.string("digest"), apply: a.bool("apply"),
                                                    execute: Commands.executor(Commands.table))
                })),
        Command("proposal reject", "reject a pending proposal (owner or editor; not your own)",
                arguments: [proposal],
                options: [OptionSpec("reason", .string, valueName: "TEXT", help: "why (required)")],
                action: .write(WriteAction(done: "Rejected") { a, tx in
                    guard let reason = a.string("reason") else { throw NotesError.usage("missing --reason TEXT") }
                    return result(try ProposalService(tx).reject(try a.required("id"), reason: reason))
                })),
        Command("proposal withdraw", "withdraw your own pending proposal",
                arguments: [proposal],
                action: .write(WriteAction(done: "Withdrew") { a, tx in
                    result(try ProposalService(tx).withdraw(try a.required("id")))
                })),
        Command("proposal apply", "apply an approved proposal atomically (exit 4 and state failed when a target changed)",
                arguments: [proposal],
                action: .write(WriteAction(done: "Applied") { a, tx in
                    try ProposalService(tx).apply(try a.required("id"), execute: Commands.executor(Commands.table))
                })),
    ]

    static func result(_ p: Proposal) -> OperationResult { OperationResult(kind: "proposal", object: p.json) }
}
