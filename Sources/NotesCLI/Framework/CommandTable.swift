import NotesCore

/// The one table of commands: it drives parsing, `help`, the completions and the man page.
public struct CommandTable: Sendable {
    public let commands: [Command]
    /// One line on each group, for help and the man page.
    public let groups: [(name: String, summary: String)]

    public init(commands: [Command], groups: [(String, String)]) {
        self.commands = commands
        self.groups = groups.map { (name: $0.0, summary: $0.1) }
    }

    public func command(_ path: [String]) -> Command? { commands.first { $0.path == path } }
    public func command(named name: String) -> Command? { commands.first { $0.name == name } }

    /// The words that may follow `prefix`: verbs of a group, or groups and top-level verbs.
    public func children(of prefix: [String]) -> [String] {
        var seen: [String] = []
        for c in commands where c.path.count > prefix.count {
            var matches = true
            for i in prefix.indices where c.path[i] != prefix[i] {
                matches = false
                break
            }
            if matches && !seen.contains(c.path[prefix.count]) { seen.append(c.path[prefix.count]) }
        }
        return seen
    }

    public func isGroup(_ prefix: [String]) -> Bool { !prefix.isEmpty && !children(of: prefix).isEmpty }

    public func commands(under prefix: [String]) -> [Command] {
        commands.filter { $0.path.count > prefix.count && Array($0.path.prefix(prefix.count)) == prefix }
    }

    public func groupSummary(_ name: String) -> String? { groups.first { $0.name == name }?.summary }

    /// The option of this long name, in any command or on the command line as a whole: lets
    /// the parser skip option values (and name unknown options) before it knows which command
    /// it is parsing. (Names have one shape across the table; a test keeps it so.)
    func option(long name: String) -> OptionSpec? {
        (GlobalOptions.all + GlobalOptions.write).first { $0.name == name } ?? commands.lazy.compactMap { $0.options.first { $0.name == name } }.first
    }

    func option(short: Character) -> OptionSpec? {
        (GlobalOptions.all + GlobalOptions.write).first { $0.short == short } ?? commands.lazy.compactMap { $0.options.first { $0.short == short } }.first
    }
}
