import NotesCore

/// One thing tab completion can offer: the word, and a short description (fish and zsh show it).
struct Candidate: Equatable, Sendable {
    let word: String
    let help: String

    init(_ word: String, _ help: String = "") {
        self.word = word
        self.help = help
    }
}

/// Where the value of an option or argument comes from when completing it.
enum ValueSource: Equatable, Sendable {
    /// Free text, numbers, times: nothing sensible to offer.
    case none
    case files
    case choices([String])
    /// Read from the store by `notesctl __complete KIND` (see `DynamicCompletions`).
    case store(String)
    /// Command words (the arguments of `help`).
    case commands
}

extension ValueKind {
    var completionSource: ValueSource {
        switch self {
        case .string, .int, .time, .tag: .none
        case .path: .files
        case .choice(let choices): .choices(choices)
        case .workspace: .store("workspace")
        case .actor: .store("actor")
        case .id(let kind): .store(DynamicCompletions.name(of: kind))
        case .command: .commands
        }
    }
}

/// What the command table says about completing a command line. The interactive shell asks it
/// directly; the bash, zsh and fish generators turn the same facts into scripts. Hidden commands
/// are not offered.
struct CompletionModel {
    let table: CommandTable

    init(table: CommandTable) { self.table = table }

    /// The commands users see, in table order.
    var commands: [Command] { table.commands.filter { !$0.hidden } }

    /// The visible words that may follow `path`: groups, verbs, top-level commands.
    func children(of path: [String]) -> [String] {
        var seen: [String] = []
        for c in commands where c.path.count > path.count && Array(c.path.prefix(path.count)) == path {
            let next = c.path[path.count]
            if !seen.contains(next) { seen.append(next) }
        }
        return seen
    }

    /// Every path that has children (the root `[]` first), in table order.
    var groupPaths: [[String]] {
        var paths: [[String]] = [[]]
        for c in commands {
            for n in 1..<max(1, c.path.count) {
                let p = Array(c.path.prefix(n))
                if !paths.contains(p) { paths.append(p) }
            }
        }
        return paths
    }

    /// A command's summary, or for a group its summary from the table (or a made-up one for nested groups).
    func summary(of path: [String]) -> String {
        if let c = table.command(path), !c.hidden { return c.summary }
        if path.count == 1, let s = table.groupSummary(path[0]) { return s }
        return "\(path.joined(separator: " ")) commands"
    }

    /// A full command with nothing under it: the rest of the line is its arguments.
    func isLeaf(_ path: [String]) -> Bool { table.command(path) != nil && children(of: path).isEmpty }

    /// What `command` accepts: its own options, the global ones, and for writes the write options.
    func options(for command: Command?) -> [OptionSpec] {
        guard let command else { return GlobalOptions.all }
        var specs = command.options
        for g in GlobalOptions.all where !specs.contains(where: { $0.name == g.name }) { specs.append(g) }
        specs += command.writeOptions
        return specs
    }

    /// The option `token` (`--name` or `-c`) names for `command`, or, before the command is known,
    /// any option of that name in the table (as the parser does when it looks for the command words).
    func option(_ token: String, for command: Command?) -> OptionSpec? {
        let pool = command.map { options(for: $0) } ?? (GlobalOptions.all + GlobalOptions.write + table.commands.flatMap(\.options))
        if token.hasPrefix("--") {
            let name = token.dropFirst(2)
            return pool.first { $0.name == name }
        }
        guard token.count == 2, let c = token.last else { return nil }
        return pool.first { $0.short == c }
    }

    // MARK: Reading a half-typed line

    /// Where a line stands: the command words found, the positionals after them, and an
    /// option still waiting for its value.
    struct Position: Equatable {
        var path: [String] = []
        var positionals: [String] = []
        var pendingOption: String?
        var afterDashDash = false
        /// Options already given, by name: a non-repeatable one is not offered again.
        var given: Set<String> = []
    }

    /// Reads the finished words of a line (without the program name), as the parser would.
    func position(of words: [String]) -> Position {
        var p = Position()
        var i = 0
        while i < words.count {
            let w = words[i]
            i += 1
            let command = table.command(p.path).flatMap { isLeaf(p.path) ? $0 : nil }
            if !p.afterDashDash && w == "--" { p.afterDashDash = true; continue }
            if !p.afterDashDash && w.hasPrefix("--") {
                let name = String(w.dropFirst(2).prefix { $0 != "=" })
                p.given.insert(name)
                if !w.contains("="), let spec = option("--" + name, for: command), !spec.isSwitch {
                    if i < words.count { i += 1 } else { p.pendingOption = "--" + name }
                }
                continue
            }
            if !p.afterDashDash && w.hasPrefix("-") && w != "-" {
                // A cluster of short options: the first one that takes a value takes the rest.
                let chars = Array(w.dropFirst())
                for (n, c) in chars.enumerated() {
                    guard let spec = option("-\(c)", for: command) else { continue }
                    p.given.insert(spec.name)
                    if !spec.isSwitch {
                        if n == chars.count - 1 {
                            if i < words.count { i += 1 } else { p.pendingOption = "-\(c)" }
                        }
                        break
                    }
                }
                continue
            }
            if !p.afterDashDash && !isLeaf(p.path) && children(of: p.path).contains(w) {
                p.path.append(w)
                continue
            }
            p.positionals.append(w)
        }
        return p
    }

    /// What the word at the cursor should be.
    enum Target: Equatable {
        case commands([String])
        case options(path: [String])
        /// The value of an option or argument; `prefix` is what goes before each candidate
        /// (`--sort=` when completing `--sort=ti`).
        case value(ValueSource, prefix: String)
        case nothing
    }

    func target(words: [String], current: String) -> Target {
        let p = position(of: words)
        let command = isLeaf(p.path) ? table.command(p.path) : nil
        if let pending = p.pendingOption {
            return .value(option(pending, for: command)?.value?.completionSource ?? .none, prefix: "")
        }
        if !p.afterDashDash && current.hasPrefix("--"), let eq = current.firstIndex(of: "=") {
            let name = String(current[..<eq])
            guard let spec = option(name, for: command), let kind = spec.value else { return .nothing }
            return .value(kind.completionSource, prefix: name + "=")
        }
        if !p.afterDashDash && current.hasPrefix("-") { return .options(path: p.path) }
        guard let command else {
            return children(of: p.path).isEmpty ? .nothing : .commands(p.path)
        }
        if command.arguments.isEmpty { return .nothing }
        let index = p.positionals.count
        let spec: ArgumentSpec
        if index < command.arguments.count {
            spec = command.arguments[index]
        } else if let last = command.arguments.last, last.variadic {
            spec = last
        } else {
            return .nothing
        }
        if spec.value == .command {
            // `help note ad`: the words after `help` are a command path.
            let words = p.positionals
            return children(of: words).isEmpty ? .nothing : .commands(words)
        }
        return .value(spec.value.completionSource, prefix: "")
    }

    /// The candidates for the word at the cursor, starting with `current`. `store` answers
    /// `.store` sources, `files` lists paths starting with a prefix.
    func candidates(words: [String], current: String,
                    store: (String, String) -> [Candidate], files: (String) -> [String]) -> [Candidate] {
        let p = position(of: words)
        let all: [Candidate]
        switch target(words: words, current: current) {
        case .nothing:
            return []
        case .commands(let path):
            all = children(of: path).map { Candidate($0, summary(of: path + [$0])) }
        case .options(let path):
            let command = isLeaf(path) ? table.command(path) : nil
            all = options(for: command)
                .filter { $0.repeatable || !p.given.contains($0.name) }
                .map { Candidate("--" + $0.name, $0.help) }
        case .value(let source, let prefix):
            let typed = String(current.dropFirst(prefix.count))
            let values: [Candidate]
            switch source {
            case .none, .commands: values = []
            case .choices(let choices): values = choices.map { Candidate($0) }
            case .files: values = files(typed).map { Candidate($0) }
            case .store(let kind): values = store(kind, typed)
            }
            all = values.map { Candidate(prefix + $0.word, $0.help) }
        }
        return all.filter { $0.word.hasPrefix(current) }
    }
}

extension Array where Element == Candidate {
    /// The longest prefix all candidates share.
    var commonPrefix: String {
        guard var prefix = first?.word else { return "" }
        for c in dropFirst() {
            while !c.word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
