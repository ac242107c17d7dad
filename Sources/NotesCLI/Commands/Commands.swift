import NotesCore

/// The command table: every command notesctl has, in the order help lists them.
public enum Commands {
    public static let table = CommandTable(
        commands: GeneralCommands.all + WorkspaceCommands.all + NoteCommands.all + LinkCommands.all + TaskCommands.all + ArtifactCommands.all + SearchCommands.all
            + ProposalCommands.all + AuditCommands.all + [ApplyCommand.command] + StoreCommands.all + ShellCommands.all,
        groups: [
            ("workspace", "workspaces, their members and the agent policy"),
            ("note", "notes: add, show, list, edit, trash, move, history"),
            ("link", "typed links between notes, and [[mentions]] in bodies"),
            ("task", "the checkboxes of note bodies, as tasks"),
            ("artifact", "files and references attached to notes"),
            ("proposal", "changes proposed by agents (or anyone) for a person to approve"),
            ("audit", "the append-only, hash-chained log of every change"),
        ])
}

extension Commands {
    /// Runs one canonical operation with the command table's write action: what `apply`,
    /// proposals and plain writes all use.
    static func executor(_ table: CommandTable) -> ProposalService.Executor {
        { tx, op in
            guard let action = table.command(named: op.command)?.writeAction else {
                throw NotesError.invalid("unknown operation '\(op.command)'")
            }
            tx.workspaceSelector = op.args["workspace"]?.stringValue ?? tx.context.workspaceSelector
            return try action.perform(Args(op.args), tx)
        }
    }
}

extension Commands {
    /// The canonical form of an operation, whose fingerprint decides whether a request with a
    /// given idempotency key was made before: ids (`.id` arguments and options) in full,
    /// workspaces by id, the workspace in force named when none was given (so leaving it
    /// implicit, `-w personal` and `NOTESCTL_WORKSPACE` are one request), tags sorted without
    /// repeats (they are a set). A proposal's operations are each made canonical.
    static func canonicalizer(_ table: CommandTable) -> WritePath.Canonicalizer {
        func canonical(_ tx: Transaction, _ op: Operation) -> Operation {
            var args = op.args
            if op.command == "propose", let nested = args["operations"]?.arrayValue {
                args["operations"] = .array(nested.map { item in
                    guard let command = item["command"]?.stringValue, let inner = item["args"]?.objectValue else { return item }
                    return canonical(tx, Operation(command: command, args: inner)).json
                })
                return Operation(command: op.command, args: args)
            }
            guard let command = table.command(named: op.command) else { return op }
            func resolve(_ value: JSON, _ kind: ValueKind?) -> JSON {
                if kind == .tag, case .array(let items) = value {
                    return .array(Set(items.compactMap(\.stringValue)).sorted().map { .string($0) })
                }
                if case .array(let items) = value { return .array(items.map { resolve($0, kind) }) }
                guard let text = value.stringValue else { return value }
                switch kind {
                case .id(let k)?: return .string(tx.canonicalID(text, kind: k))
                case .workspace?: return .string(tx.canonicalWorkspace(text))
                default: return value
                }
            }
            for spec in command.arguments { if let v = args[spec.name] { args[spec.name] = resolve(v, spec.value) } }
            for spec in command.options { if let v = args[spec.key] { args[spec.key] = resolve(v, spec.value) } }
            if let ws = args["workspace"] { args["workspace"] = resolve(ws, .workspace) }
            else if let current = tx.canonicalCurrentWorkspace() { args["workspace"] = .string(current) }
            return Operation(command: op.command, args: args)
        }
        return canonical
    }
}
