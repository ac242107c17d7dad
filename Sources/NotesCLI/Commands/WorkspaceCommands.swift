import NotesCore

/// `workspace …`: workspaces, membership, the agent policy.
enum WorkspaceCommands {
    static let ws = ArgumentSpec("ws", .workspace, help: "workspace id (or 8+ character prefix) or slug")
    static let roles = Role.allCases.map(\.rawValue)

    static let all: [Command] = [
        Command("workspace create", "create a workspace; you become its owner",
                arguments: [ArgumentSpec("name", help: "the workspace's name")],
                options: [OptionSpec("slug", .string, valueName: "SLUG", help: "short name for -w; default: derived from NAME")],
                examples: ["notesctl workspace create \"Team Notes\" --slug team"],
                action: .write(WriteAction(done: "Created") { a, tx in
                    workspace(try WorkspaceService(tx).create(name: try a.required("name"), slug: a.string("slug")))
                })),
        Command("workspace list", "list the workspaces you may read", action: .read { inv in
            let list = try inv.read { try WorkspaceService($0).list() }
            try inv.output.list(Render.workspaceColumns, empty: "No workspaces.") { emit in for w in list { try emit(w.json) } }
        }),
        Command("workspace show", "show a workspace (default: the current one)",
                arguments: [ArgumentSpec("ws", .workspace, optional: true, help: "workspace id or slug")],
                action: .read { inv in
                    let w = try inv.read { try WorkspaceService($0).show(inv.args.string("ws")) }
                    try inv.output.object(w.json, text: Render.workspace)
                }),
        Command("workspace rename", "rename a workspace (owner)",
                arguments: [ws, ArgumentSpec("name", help: "the new name")],
                options: [OptionSpec("slug", .string, valueName: "SLUG", help: "also change the slug")],
                action: .write(WriteAction(done: "Renamed") { a, tx in
                    workspace(try WorkspaceService(tx).rename(try a.required("ws"), name: try a.required("name"), slug: a.string("slug")))
                })),
        Command("workspace use", "make a workspace the default for later commands",
                arguments: [ws], proposable: false,
                action: .write(WriteAction(done: "Now using") { a, tx in
                    workspace(try WorkspaceService(tx).use(try a.required("ws")))
                })),
        Command("workspace archive", "archive a workspace: its notes become read-only (owner)",
                arguments: [ws],
                action: .write(WriteAction(done: "Archived") { a, tx in
                    workspace(try WorkspaceService(tx).setArchived(try a.required("ws"), true))
                })),
        Command("workspace unarchive", "make an archived workspace writable again (owner)",
                arguments: [ws],
                action: .write(WriteAction(done: "Unarchived") { a, tx in
                    workspace(try WorkspaceService(tx).setArchived(try a.required("ws"), false))
                })),
        Command("workspace delete", "delete a workspace (exit 4 while it holds notes, unless --force)",
                arguments: [ws],
                options: [OptionSpec("force", help: "also delete every note in it (each audited as note.purge)")],
                action: .write(WriteAction(done: "Deleted") { a, tx in
                    workspace(try WorkspaceService(tx).delete(try a.required("ws"), force: a.bool("force")))
                })),
        Command("workspace member add", "add a member to the workspace of -w, or change their role (owner)",
                arguments: [ArgumentSpec("actor", .actor, help: "user:NAME or agent:NAME")],
                options: [OptionSpec("role", .choice(roles), help: "owner, editor or viewer")],
                examples: ["notesctl -w team workspace member add agent:summarizer --role editor"],
                inWorkspace: true, action: .write(WriteAction(done: "Added member") { a, tx in
                    guard let role = a.string("role").flatMap(Role.init(rawValue:)) else {
                        throw NotesError.usage("missing --role (owner, editor or viewer)")
                    }
                    return member(try WorkspaceService(tx).addMember(nil, actor: try a.required("actor"), role: role))
                })),
        Command("workspace member rm", "remove a member of the workspace of -w (owner; not the last owner)",
                arguments: [ArgumentSpec("actor", .actor, help: "user:NAME or agent:NAME")],
                inWorkspace: true, action: .write(WriteAction(done: "Removed member") { a, tx in
                    member(try WorkspaceService(tx).removeMember(nil, actor: try a.required("actor")))
                })),
        Command("workspace member list", "list the members of the workspace of -w", action: .read { inv in
            let members = try inv.read { try WorkspaceService($0).members(nil) }
            try inv.output.list(Render.memberColumns, empty: "No members.") { emit in for m in members { try emit(m.json) } }
        }),
        Command("workspace policy", "set what agents without a membership may do in the workspace of -w (owner)",
                discussion: "deny: nothing; propose (default): read, and change only through proposals; write: read and write.",
                options: [OptionSpec("agents", .choice(AgentPolicy.allCases.map(\.rawValue)), help: "deny, propose or write (required)")],
                examples: ["notesctl -w team workspace policy --agents write"],
                inWorkspace: true, action: .write(WriteAction(done: "Set agent policy of") { a, tx in
                    guard let p = a.string("agents").flatMap(AgentPolicy.init(rawValue:)) else {
                        throw NotesError.usage("missing --agents (deny, propose or write)")
                    }
                    return workspace(try WorkspaceService(tx).setPolicy(nil, p))
                })),
    ]

    static func workspace(_ w: Workspace) -> OperationResult { OperationResult(kind: "workspace", object: w.json) }
    static func member(_ m: Member) -> OperationResult { OperationResult(kind: "member", object: m.json) }
}
