import NotesCore

/// `man/notesctl.1` (mdoc, https://mandoc.bsd.lv/man/mdoc.7.html): the command reference is
/// generated from the command table — every visible command with its arguments and options,
/// the global and write options — and framed by the hand-written prose in `ManPageText`.
///
/// The committed file is checked against this output (and by `mandoc -Tlint`) by the Docs
/// tests; regenerate it with `scripts/regenerate-docs.sh`.
enum ManPage {
    /// The page's date (`.Dd`): bump it when the prose changes.
    static let date = "November 29, 2026"

    static func generate(table: CommandTable) -> String {
        let model = CompletionModel(table: table)
        var out = """
        .\\" Generated from the command table by ManPage.swift: do not edit by hand.
        .\\" Regenerate with scripts/regenerate-docs.sh.
        .Dd \(date)
        .Dt NOTESCTL 1
        .Os notesctl \(GeneralCommands.version)

        """
        out += ManPageText.nameAndSynopsis
        out += ManPageText.description
        out += commands(model)
        out += globalOptions()
        out += ManPageText.jsonOutput
        out += ManPageText.writePath(proposals: table.isGroup(["proposal"]))
        out += ManPageText.shell
        out += ManPageText.documentedChoices
        out += ManPageText.environment
        out += ManPageText.files
        out += exitStatus()
        out += ManPageText.examples
        out += ManPageText.seeAlso
        out += ManPageText.security
        return out
    }

    // MARK: Generated sections

    static func commands(_ model: CompletionModel) -> String {
        var out = ".Sh COMMANDS\n"
        out += "Each command's options are listed with it; the global options below work with every command, and commands that change the store also take the write options.\n"
        let topLevel = model.commands.filter { $0.path.count == 1 }
        if !topLevel.isEmpty {
            out += ".Ss Top-level commands\n.Bl -tag -width Ds\n"
            for c in topLevel { out += command(c) }
            out += ".El\n"
        }
        var groups: [String] = []
        for c in model.commands where c.path.count > 1 && !groups.contains(c.path[0]) { groups.append(c.path[0]) }
        for g in groups {
            out += ".Ss \(g)\n"
            out += text(sentence(model.summary(of: [g]))) + "\n"
            out += ".Bl -tag -width Ds\n"
            for c in model.commands where c.path.count > 1 && c.path[0] == g { out += command(c) }
            out += ".El\n"
        }
        return out
    }

    /// One command: its synopsis as the item head, then summary, discussion, arguments, options, examples.
    static func command(_ c: Command) -> String {
        var out = ".It Xo\n.Nm\n.Cm \(c.name)\n"
        for a in c.arguments {
            let name = a.name.uppercased() + (a.variadic ? " ..." : "")
            out += a.optional || a.variadic ? ".Op Ar \(name)\n" : ".Ar \(name)\n"
        }
        if !c.options.isEmpty || c.isWrite { out += ".Op Ar options\n" }
        out += ".Xc\n"
        out += text(sentence(c.summary)) + "\n"
        if let d = c.discussion { out += text(d) + "\n" }
        if c.isWrite { out += c.proposable ? "Takes the write options.\n" : "Takes the write options but --propose (and its --reason, --supersedes): it cannot be proposed.\n" }
        if !c.arguments.isEmpty || !c.options.isEmpty {
            out += ".Bl -tag -width Ds\n"
            for a in c.arguments {
                out += ".It Ar \(a.name.uppercased())\n" + text(sentence(a.help, capitalized: false)) + "\n"
            }
            for o in c.options { out += option(o) }
            out += ".El\n"
        }
        if !c.examples.isEmpty {
            out += ".Bd -literal -offset indent\n"
            for e in c.examples { out += literal(e) + "\n" }
            out += ".Ed\n"
        }
        return out
    }

    static func option(_ o: OptionSpec) -> String {
        var head = ".It "
        if let s = o.short { head += "Fl \(s) , " }
        head += "Fl -\(o.name)"
        if !o.isSwitch { head += " Ar \(o.placeholder)" }
        var body = text(sentence(o.help, capitalized: false))
        if o.repeatable { body += "\nMay be given more than once." }
        if let env = o.env { body += "\nDefault from\n.Ev \(env) ." }
        return head + "\n" + body + "\n"
    }

    static func globalOptions() -> String {
        var out = ".Sh GLOBAL OPTIONS\n"
        out += "These work with every command, before or after the command words, except where a command has an option of the same name of its own, as its entry says (the --actor and --correlation-id of audit list are filters).\n"
        out += ".Bl -tag -width Ds\n"
        for o in GlobalOptions.all { out += option(o) }
        out += ".El\n"
        out += ".Ss Write options\n"
        out += "Commands that change the store also take these.\n"
        out += ".Bl -tag -width Ds\n"
        for o in GlobalOptions.write { out += option(o) }
        out += ".El\n"
        return out
    }

    static func exitStatus() -> String {
        var out = ".Sh EXIT STATUS\n"
        out += "Each failure has a code, shown as\n.Li code\nin JSON errors, that maps to exactly one exit status:\n"
        out += ".Bl -tag -width Ds\n.It 0\nSuccess, including an idempotent replay and an empty list.\n"
        for code in NotesError.Code.all {
            out += ".It \(code.exitCode) Pq Li \(code.name)\n"
            out += (ManPageText.exitMeaning[code.name] ?? "See the message.") + "\n"
        }
        out += ".El\n"
        return out
    }

    // MARK: Escaping

    /// Text for mdoc text lines: backslashes written as `\e`, no line starting with a dot or a
    /// quote (which would make it a request), no blank lines (which mdoc warns about).
    /// Each sentence starts a line, as mdoc wants.
    static func text(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: true)
            .flatMap { sentences(String($0).trimmingSpaces()) }
            .map { line -> String in
                var l = line.replacingOccurrences(of: "\\", with: "\\e")
                if l.hasPrefix(".") || l.hasPrefix("'") { l = "\\&" + l }
                return l
            }.joined(separator: "\n")
    }

    /// Splits a line after each `.`, `?` or `!` (and closing brackets or quotes) followed by a space.
    static func sentences(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            current.append(chars[i])
            if ".?!".contains(chars[i]) {
                var j = i + 1
                while j < chars.count, ")]\"'".contains(chars[j]) { current.append(chars[j]); j += 1 }
                if j < chars.count, chars[j] == " " {
                    out.append(current)
                    current = ""
                    while j < chars.count, chars[j] == " " { j += 1 }
                }
                i = j
                continue
            }
            i += 1
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// A line inside `.Bd -literal`: escaped like text, but kept as it is otherwise.
    static func literal(_ s: String) -> String {
        var l = s.replacingOccurrences(of: "\\", with: "\\e")
        if l.hasPrefix(".") || l.hasPrefix("'") { l = "\\&" + l }
        return l
    }

    /// "list notes" → "List notes." (help texts of options keep their first letter: "user:NAME …").
    static func sentence(_ s: String, capitalized: Bool = true) -> String {
        guard let first = s.first else { return s }
        var out = capitalized ? first.uppercased() + s.dropFirst() : s
        if !(out.hasSuffix(".") || out.hasSuffix("?") || out.hasSuffix("!")) { out += "." }
        return out
    }
}
