import NotesCore

enum SearchCommands {
    static let all: [Command] = []
}
