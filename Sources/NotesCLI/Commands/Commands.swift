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
