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
    /// The two forms of an operation whose fingerprints decide whether a request with a given
    /// idempotency key was made before (CLI.md §6: "command + normalized parameters").
    /// - typed: as typed, but with the workspace it acts in named when the command acts in the
    ///   workspace of `-w` (`inWorkspace`, and a proposal, which belongs to one) and none was
    ///   given, and without `-w` where the command does not use it. A request that leaves the
    ///   workspace implicit is then not another one that happened in another workspace.
    /// - canonical: that with ids (`.id` arguments and options) in full, workspaces by id, and
    ///   tags sorted without repeats (they are a set).
    /// A proposal's operations are each put in both forms. One canonicalizer serves one request,
    /// whose operations it sees in order: after a `workspace use` in an `apply` batch (and no
    /// `-w` for the batch), the later operations act in the workspace it chose.
    static func canonicalizer(_ table: CommandTable) -> WritePath.Canonicalizer {
        var chosen: String?
        func inForce(_ tx: Transaction) throws -> String {
            if tx.context.workspaceSelector == nil, let chosen { return chosen }
            return try tx.currentWorkspaceSelector()
        }
        func forms(_ tx: Transaction, _ op: Operation) throws -> (typed: Operation, canonical: Operation) {
            if op.command == "workspace use", let ws = op.args["ws"]?.stringValue { chosen = ws }
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
            var typed = op.args
            if op.command == "propose", let nested = op.args["operations"]?.arrayValue {
                var canonical = typed
                // The proposal belongs to the workspace in force when it is made.
                let ws = try inForce(tx)
                var t: [JSON] = [], c: [JSON] = []
                for item in nested {
                    guard let command = item["command"]?.stringValue, let inner = item["args"]?.objectValue else {
                        t.append(item); c.append(item); continue
                    }
                    let f = try forms(tx, Operation(command: command, args: inner))
                    t.append(f.typed.json); c.append(f.canonical.json)
                }
                typed["operations"] = .array(t); canonical["operations"] = .array(c)
                typed["workspace"] = .string(ws); canonical["workspace"] = .string(tx.canonicalWorkspace(ws))
                return (Operation(command: op.command, args: typed), Operation(command: op.command, args: canonical))
            }
            guard let command = table.command(named: op.command) else { return (op, op) }
            if !command.inWorkspace { typed["workspace"] = nil }
            else if typed["workspace"] == nil { typed["workspace"] = .string(try inForce(tx)) }
            var canonical = typed
            for spec in command.arguments { if let v = canonical[spec.name] { canonical[spec.name] = resolve(v, spec.value) } }
            for spec in command.options { if let v = canonical[spec.key] { canonical[spec.key] = resolve(v, spec.value) } }
            if let ws = canonical["workspace"] { canonical["workspace"] = resolve(ws, .workspace) }
            return (Operation(command: op.command, args: typed), Operation(command: op.command, args: canonical))
        }
        return forms
    }
}
