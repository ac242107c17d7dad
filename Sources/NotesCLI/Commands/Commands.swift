import NotesCore

/// The command table: every command notesctl has, in the order help lists them.
public enum Commands {
    public static let table = CommandTable(
        commands: GeneralCommands.all + WorkspaceCommands.all + NoteCommands.all + SearchCommands.all
            + AuditCommands.all + [ApplyCommand.command] + ShellCommands.all,
        groups: [
            ("workspace", "workspaces, their members and the agent policy"),
            ("note", "notes: add, show, list, edit, trash, move, history"),
            ("audit", "the append-only, hash-chained log of every change"),
        ])
}
