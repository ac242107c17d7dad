import NotesCore

enum ShellCommands {
    static let all: [Command] = []
}
