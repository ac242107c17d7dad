import NotesCore

/// The result of parsing one command line.
struct ParsedLine {
    /// The command to run; nil when only a group (or nothing) was named, which shows help.
    var command: Command?
    var path: [String]
    var args: Args
    var globals: GlobalValues
    /// Options that were given explicitly, by canonical key (for `--propose` and `apply`).
    var given: Set<String> = []
}

/// A hand-written lexer and parser over the command table: `--x=v`, `--x v`, `-abc`, `-wVALUE`,
/// `--`, options before or after the verb. Errors are `usage` and point at the bad token.
struct Parser {
    let table: CommandTable

    func parse(_ argv: [String]) throws -> ParsedLine {
        let path = try resolvePath(argv)
        var line = ParsedLine(command: table.command(path), path: path, args: Args(), globals: GlobalValues())
        var options = GlobalOptions.all
        if let c = line.command {
            options = c.options + options
            options += c.writeOptions
        }
        var positionals: [(String, Int)] = []
        var commandWordsLeft = path.count
        var seen = Set<String>()
        var i = 0
        var afterDashDash = false

        func setOption(_ spec: OptionSpec, _ value: String?, at index: Int) throws {
            if spec.repeatable {
                var list = line.args[spec.key]?.arrayValue ?? []
                list.append(try typed(spec, value!, at: index))
                line.args[spec.key] = .array(list)
            } else {
                if seen.contains(spec.name) && !spec.isSwitch {
                    throw usage("option --\(spec.name) was given more than once", token: argv[index], at: index)
                }
                seen.insert(spec.name)
                if GlobalOptions.named(spec.name) != nil && !(line.command?.options.contains { $0.name == spec.name } ?? false) {
                    if let value { _ = try typed(spec, value, at: index) }
                    line.globals.set(spec, value)
                } else {
                    line.args[spec.key] = spec.isSwitch ? .bool(true) : try typed(spec, value!, at: index)
                }
            }
            line.given.insert(spec.key)
        }

        while i < argv.count {
            let token = argv[i]
            defer { i += 1 }
            if afterDashDash || token == "-" || !token.hasPrefix("-") {
                if commandWordsLeft > 0 && !afterDashDash { commandWordsLeft -= 1; continue }
                positionals.append((token, i))
                continue
            }
            if token == "--" { afterDashDash = true; continue }
            if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                let inline = body.contains("=") ? String(body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[1]) : nil
                guard let spec = options.first(where: { $0.name == name }) else {
                    throw unknownOption("--" + name, candidates: options.map { "--" + $0.name }, token: token, at: i, line: line)
                }
                if spec.isSwitch {
                    if inline != nil { throw usage("option --\(name) takes no value", token: token, at: i) }
                    try setOption(spec, nil, at: i)
                } else if let inline {
                    try setOption(spec, inline, at: i)
                } else {
                    guard i + 1 < argv.count else { throw usage("option --\(name) needs a value (\(spec.placeholder))", token: token, at: i) }
                    i += 1
                    try setOption(spec, argv[i], at: i)
                }
                continue
            }
            // A cluster of short options: -qw personal, -wpersonal.
            var chars = Array(token.dropFirst())
            while !chars.isEmpty {
                let c = chars.removeFirst()
                guard let spec = options.first(where: { $0.short == c }) else {
                    throw unknownOption("-\(c)", candidates: options.compactMap { $0.short.map { "-\($0)" } }, token: token, at: i, line: line)
                }
                if spec.isSwitch { try setOption(spec, nil, at: i); continue }
                if !chars.isEmpty {
                    try setOption(spec, String(chars), at: i)
                } else {
                    guard i + 1 < argv.count else { throw usage("option -\(c) needs a value (\(spec.placeholder))", token: token, at: i) }
                    i += 1
                    try setOption(spec, argv[i], at: i)
                }
                chars = []
            }
        }

        // `--help` shows the command's help whatever else the line holds or lacks.
        if line.globals.help { return line }
        guard let command = line.command else {
            if let (word, index) = positionals.first {
                throw usage("unexpected argument '\(word)'", token: word, at: index)
            }
            return line
        }
        var remaining = positionals[...]
        for arg in command.arguments {
            if arg.variadic {
                line.args[arg.name] = .array(try remaining.map { try typed(arg, $0.0, at: $0.1) })
                remaining = []
                break
            }
            guard let (word, index) = remaining.popFirst() else {
                if arg.optional { continue }
                throw NotesError.usage("missing argument \(arg.name.uppercased()) for '\(command.name)'",
                                       hint: "usage: \(command.usage)", details: ["argument": .string(arg.name)])
            }
            line.args[arg.name] = try typed(arg, word, at: index)
        }
        if let (word, index) = remaining.first {
            throw usage("unexpected argument '\(word)' for '\(command.name)'", token: word, at: index, hint: "usage: \(command.usage)")
        }
        return line
    }

    /// Finds the command words among the tokens, skipping options and their values.
    private func resolvePath(_ argv: [String]) throws -> [String] {
        var path: [String] = []
        var i = 0
        while i < argv.count {
            let token = argv[i]
            i += 1
            if token == "--" { break }
            // An option no command has, before the command is whole: reported here, or the
            // word after it (its value, as like as not) would be taken for the command.
            if token.hasPrefix("--") {
                let name = String(token.dropFirst(2).prefix { $0 != "=" })
                guard let spec = table.option(long: name) else {
                    if table.command([name]) != nil {
                        throw usage("unknown option '--\(name)'", token: token, at: i - 1, hint: "did you mean the command: notesctl \(name)?")
                    }
                    // Candidates: the global options, and those of the commands under the words so far.
                    let near = GlobalOptions.all + GlobalOptions.write + table.commands(under: path).flatMap(\.options)
                    throw unknownOption("--" + name, candidates: Array(Set(near.map { "--" + $0.name })).sorted(), token: token, at: i - 1, line: ParsedLine(command: nil, path: path, args: Args(), globals: GlobalValues()))
                }
                if !token.contains("="), !spec.isSwitch { i += 1 }
                continue
            }
            if token.hasPrefix("-") && token != "-" {
                let chars = Array(token.dropFirst())
                // Switches up to the first option that takes a value; the rest is that value.
                for (index, c) in chars.enumerated() {
                    guard let spec = table.option(short: c) else {
                        throw unknownOption("-\(c)", candidates: (GlobalOptions.all + GlobalOptions.write).compactMap { $0.short.map { "-\($0)" } }, token: token, at: i - 1, line: ParsedLine(command: nil, path: path, args: Args(), globals: GlobalValues()))
                    }
                    if !spec.isSwitch {
                        // Its value is the next word when nothing follows it in the cluster.
                        if index == chars.count - 1 { i += 1 }
                        break
                    }
                }
                continue
            }
            let children = table.children(of: path)
            if children.isEmpty { break }  // a full command: the rest are its arguments
            if children.contains(token) {
                path.append(token)
                if table.command(path) != nil && table.children(of: path).isEmpty { break }
                continue
            }
            let what = path.isEmpty ? "command" : "command for '\(path.joined(separator: " "))'"
            // Hidden commands (for completion scripts) are never suggested.
            let visible = children.filter { word in !table.commands.contains { $0.hidden && $0.path == path + [word] } }
            var hint: String? = Suggest.closest(to: token, in: visible).map { "did you mean '\((path + [$0]).joined(separator: " "))'?" }
            if hint == nil { hint = "see: notesctl \((path + ["--help"]).joined(separator: " "))" }
            throw NotesError.usage("unknown \(what): '\(token)'", hint: hint,
                                   details: ["token": .string(token), "position": .int(Int64(i))])
        }
        return path
    }

    private func typed(_ spec: OptionSpec, _ value: String, at index: Int) throws -> JSON {
        try typed(kind: spec.value ?? .string, value, what: "--\(spec.name)", at: index)
    }

    private func typed(_ spec: ArgumentSpec, _ value: String, at index: Int) throws -> JSON {
        try typed(kind: spec.value, value, what: spec.name.uppercased(), at: index)
    }

    private func typed(kind: ValueKind, _ value: String, what: String, at index: Int) throws -> JSON {
        switch kind {
        case .id, .workspace, .actor, .tag, .time:
            // An empty word names nothing: a missing argument, not a search for ''.
            guard !value.isEmpty else { throw usage("\(what) needs a value, not an empty string", token: value, at: index) }
        default: break
        }
        switch kind {
        case .actor:
            // A malformed argument (CLI.md §5: exit 2), not bad data: the same words as an
            // actor in an apply file, which is exit 6.
            do { _ = try Actor(parsing: value) } catch let e as NotesError { throw usage(e.message, token: value, at: index, hint: e.hint) }
            return .string(value)
        case .int:
            guard let n = Int(value) else { throw usage("\(what) needs a whole number, not '\(value)'", token: value, at: index) }
            return .int(Int64(n))
        case .choice(let choices):
            guard choices.contains(value) else {
                let hint = Suggest.closest(to: value, in: choices).map { "did you mean '\($0)'?" } ?? "choose one of: \(choices.joined(separator: ", "))"
                throw usage("\(what) must be one of \(choices.joined(separator: ", ")), not '\(value)'", token: value, at: index, hint: hint)
            }
            return .string(value)
        default:
            return .string(value)
        }
    }

    private func usage(_ message: String, token: String, at index: Int, hint: String? = nil) -> NotesError {
        NotesError.usage(message, hint: hint, details: ["token": .string(token), "position": .int(Int64(index + 1))])
    }

    private func unknownOption(_ name: String, candidates: [String], token: String, at index: Int, line: ParsedLine) -> NotesError {
        let scope = line.command.map { " for '\($0.name)'" } ?? ""
        // Every letter is one edit from every other: a short option gets no "did you mean".
        var hint = name.count > 2 ? Suggest.closest(to: name, in: candidates).map { "did you mean '\($0)'?" } : nil
        if hint == nil, GlobalOptions.write.contains(where: { "--" + $0.name == name }) {
            hint = line.command?.isWrite == true ? "'\(line.command!.name)' cannot be proposed: it is not a change for someone else to approve"
                : "\(name) applies only to commands that change the store"
        }
        return usage("unknown option '\(name)'\(scope)", token: token, at: index, hint: hint ?? "see: \((["notesctl"] + line.path + ["--help"]).joined(separator: " "))")
    }

    /// Canonical arguments from an operation's JSON (`apply`, proposals), checked against the
    /// command's options and arguments as the command line would be. Errors are `invalid`.
    static func args(from json: JSONObject, for command: Command) throws -> Args {
        var args = Args()
        for (key, value) in json {
            if command.options.first(where: { $0.key == key })?.inputOnly == true || command.arguments.first(where: { $0.name == key })?.inputOnly == true {
                throw NotesError.invalid("'\(key)' is read from the command line only; in operations give the content itself",
                                         hint: key.hasPrefix("body") || key == "edit" ? "use \"body\"" : nil, details: ["argument": .string(key)])
            } else if let spec = command.options.first(where: { $0.key == key }) {
                args[key] = try check(value, kind: spec.value, repeatable: spec.repeatable, what: "--\(spec.name)")
            } else if let spec = command.arguments.first(where: { $0.name == key }) {
                args[key] = try check(value, kind: spec.value, repeatable: spec.variadic, what: spec.name.uppercased())
            } else if key == "workspace" {
                guard value.stringValue != nil else { throw NotesError.invalid("'workspace' must be a string") }
                args[key] = value
            } else {
                throw NotesError.invalid("'\(command.name)' has no option or argument '\(key)'",
                                         details: ["argument": .string(key)])
            }
        }
        for a in command.arguments where !a.optional && !a.variadic && args[a.name] == nil {
            throw NotesError.invalid("'\(command.name)' needs argument '\(a.name)'", details: ["argument": .string(a.name)])
        }
        return args
    }

    private static func check(_ value: JSON, kind: ValueKind?, repeatable: Bool, what: String) throws -> JSON {
        if repeatable {
            let items = value.arrayValue ?? [value]
            return .array(try items.map { try check($0, kind: kind, repeatable: false, what: what) })
        }
        switch kind {
        case nil:
            guard value.boolValue != nil else { throw NotesError.invalid("\(what) must be true or false") }
            return value
        case .int?:
            guard let n = value.intValue else { throw NotesError.invalid("\(what) must be a whole number") }
            return .int(Int64(n))
        case .choice(let choices)?:
            guard let s = value.stringValue, choices.contains(s) else {
                throw NotesError.invalid("\(what) must be one of \(choices.joined(separator: ", "))")
            }
            return value
        default:
            guard value.stringValue != nil else { throw NotesError.invalid("\(what) must be a string") }
            return value
        }
    }
}
