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
        for c in commands where c.path.count > prefix.count && Array(c.path.prefix(prefix.count)) == prefix {
            let next = c.path[prefix.count]
            if !seen.contains(next) { seen.append(next) }
        }
        return seen
    }

    public func isGroup(_ prefix: [String]) -> Bool { !prefix.isEmpty && !children(of: prefix).isEmpty }

    public func commands(under prefix: [String]) -> [Command] {
        commands.filter { $0.path.count > prefix.count && Array($0.path.prefix(prefix.count)) == prefix }
    }

    public func groupSummary(_ name: String) -> String? { groups.first { $0.name == name }?.summary }

    /// Every option name that takes a value, anywhere: lets the parser skip option values
    /// before it knows which command it is parsing.
    var valueTakingNames: Set<String> {
        var names = Set<String>()
        for o in GlobalOptions.all + GlobalOptions.write + commands.flatMap(\.options) where !o.isSwitch { names.insert(o.name) }
        return names
    }

    var valueTakingShorts: Set<Character> {
        var names = Set<Character>()
        for o in GlobalOptions.all + GlobalOptions.write + commands.flatMap(\.options) where !o.isSwitch {
            if let s = o.short { names.insert(s) }
        }
        return names
    }
}
