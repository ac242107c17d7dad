import Foundation
import Testing
@testable import NotesCLI
@testable import NotesCore

/// The man page and the completion scripts must name every command and option of the table,
/// and nothing else; the committed copies must be what the generators produce now.
///
/// When a command or option changes, regenerate the committed files with
///     scripts/regenerate-docs.sh
/// (or `UPDATE_GOLDEN=1 swift test --filter DocsGolden`, which writes them from the test).
@Suite struct DocsGoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func check(_ relative: String, _ generated: String) throws {
        let path = Self.root + "/" + relative
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == generated, "\(relative) is out of date: run scripts/regenerate-docs.sh and commit the result")
    }

    @Test func committedBashCompletionIsCurrent() throws {
        try check("completions/notesctl.bash", CompletionScript.generate(.bash, table: Commands.table))
    }

    @Test func committedZshCompletionIsCurrent() throws {
        try check("completions/_notesctl", CompletionScript.generate(.zsh, table: Commands.table))
    }

    @Test func committedFishCompletionIsCurrent() throws {
        try check("completions/notesctl.fish", CompletionScript.generate(.fish, table: Commands.table))
    }

    @Test func committedManPageIsCurrent() throws {
        try check("man/notesctl.1", ManPage.generate(table: Commands.table))
    }
}

/// What the table says, to compare the documents with.
struct TableFacts {
    let table = Commands.table
    var model: CompletionModel { CompletionModel(table: table) }
    var visible: [Command] { table.commands.filter { !$0.hidden } }
    var leaves: [Command] { visible.filter { model.isLeaf($0.path) } }
    var hidden: [Command] { table.commands.filter(\.hidden) }

    /// Every option name anywhere: global, write, and each command's.
    var allOptionNames: Set<String> {
        Set((GlobalOptions.all + GlobalOptions.write + table.commands.flatMap(\.options)).map(\.name))
    }

    var allShorts: Set<Character> {
        Set((GlobalOptions.all + GlobalOptions.write + table.commands.flatMap(\.options)).compactMap(\.short))
    }

    /// What a command accepts, as `--name`.
    func optionNames(_ c: Command) -> Set<String> { Set(model.options(for: c).map { "--" + $0.name }) }

    /// Every `--name` token in a text.
    static func longOptions(in text: String) -> Set<String> {
        Set(matches(of: #"(?<![A-Za-z0-9-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"#, in: text).map { "--" + $0[0] })
    }

    static func matches(of pattern: String, in text: String) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }
}

@Suite struct ManPageSyncTests {
    let facts = TableFacts()
    let page = ManPage.generate(table: Commands.table)
    var lines: [String] { page.components(separatedBy: "\n") }

    /// The lines of one `.Sh` section.
    func section(_ name: String) -> [String] {
        var out: [String] = []
        var inside = false
        for l in lines {
            if l.hasPrefix(".Sh ") { inside = l == ".Sh " + name; continue }
            if inside { out.append(l) }
        }
        return out
    }

    /// The commands the COMMANDS section documents, with the lines that follow each head.
    var documented: [(name: String, body: [String])] {
        var out: [(String, [String])] = []
        let ls = section("COMMANDS")
        var i = 0
        while i < ls.count {
            if ls[i] == ".It Xo", i + 2 < ls.count, ls[i + 1] == ".Nm", ls[i + 2].hasPrefix(".Cm ") {
                out.append((String(ls[i + 2].dropFirst(4)), []))
                i += 3
                continue
            }
            if ls[i].hasPrefix(".Ss ") { out.append(("", [])) }  // a group heading ends the previous command
            if !out.isEmpty { out[out.count - 1].1.append(ls[i]) }
            i += 1
        }
        return out.filter { !$0.0.isEmpty }
    }

    /// `--name` and `-c` from `.It Fl …` lines.
    static func itemOptions(_ lines: [String]) -> Set<String> {
        var out = Set<String>()
        for l in lines where l.hasPrefix(".It Fl ") {
            let tokens = l.split(separator: " ").map(String.init)
            for (i, t) in tokens.enumerated() where t == "Fl" && i + 1 < tokens.count {
                let arg = tokens[i + 1]
                out.insert("-" + arg)  // `-slug` → `--slug`, `w` → `-w`
            }
        }
        return out
    }

    @Test func everyVisibleCommandIsDocumentedOnceAndNothingElse() {
        let names = documented.map(\.name)
        #expect(Set(names) == Set(facts.visible.map(\.name)))
        #expect(names.count == Set(names).count, "a command is documented twice")
        for h in facts.hidden { #expect(!page.contains(h.name), "hidden \(h.name) is in the man page") }
    }

    @Test func eachCommandListsExactlyItsOwnOptionsAndArguments() {
        for (name, body) in documented {
            guard let c = facts.table.command(named: name) else { continue }
            let longs = Self.itemOptions(body).filter { $0.hasPrefix("--") }
            #expect(longs == Set(c.options.map { "--" + $0.name }), "options of \(name)")
            let args = Set(body.filter { $0.hasPrefix(".It Ar ") }.map { String($0.dropFirst(7)) })
            #expect(args == Set(c.arguments.map { $0.name.uppercased() }), "arguments of \(name)")
            if c.isWrite && c.proposable { #expect(body.contains("Takes the write options."), "\(name) changes the store") }
            if c.isWrite && !c.proposable { #expect(body.contains { $0.hasPrefix("Takes the write options but --propose") }, "\(name) cannot be proposed") }
        }
    }

    @Test func globalOptionsSectionListsEveryGlobalAndWriteOption() {
        let listed = Self.itemOptions(section("GLOBAL OPTIONS")).filter { $0.hasPrefix("--") }
        #expect(listed == Set((GlobalOptions.all + GlobalOptions.write).map { "--" + $0.name }))
    }

    @Test func everyOptionThePageNamesExists() {
        // `.Fl -name` renders --name; `.Fl w` renders -w; `.Fl qw` is a cluster.
        for tokens in lines.filter({ $0.hasPrefix(".") }).map({ $0.split(separator: " ").map(String.init) }) {
            for (i, t) in tokens.enumerated() where t == "Fl" && i + 1 < tokens.count {
                let arg = tokens[i + 1]
                if arg.hasPrefix("-") {
                    let name = String(arg.dropFirst())
                    #expect(name.isEmpty || facts.allOptionNames.contains(name), "the man page names --\(name)")
                } else {
                    for c in arg { #expect(facts.allShorts.contains(c), "the man page names -\(c)") }
                }
            }
        }
        for name in TableFacts.longOptions(in: page) {
            #expect(facts.allOptionNames.contains(String(name.dropFirst(2))), "the man page mentions \(name)")
        }
    }

    @Test func everyCommandThePageNamesExists() {
        // `.Cm a b` outside the synopsis names a command or group (the synopsis's `.Cm bash` is a value).
        let body = lines.drop { $0 != ".Sh DESCRIPTION" }
        for l in body where l.hasPrefix(".") {
            let tokens = l.split(separator: " ").map(String.init)
            for (i, t) in tokens.enumerated() where t == "Cm" {
                let words = tokens[(i + 1)...].prefix { $0.first?.isLowercase == true }
                guard !words.isEmpty else { continue }
                let path = Array(words)
                let exists = facts.visible.contains { Array($0.path.prefix(path.count)) == path }
                #expect(exists, "the man page names '\(path.joined(separator: " "))'")
            }
        }
    }

    @Test func environmentDocumentsEveryVariableTheCodeReadsAndNoOthers() throws {
        let documented = Set(section("ENVIRONMENT").filter { $0.hasPrefix(".It Ev ") }.flatMap { line in
            line.split(separator: " ").enumerated().compactMap { i, t in
                i > 0 && line.split(separator: " ")[i - 1] == "Ev" ? String(t) : nil
            }
        })
        // Read by the options…
        var read = Set((GlobalOptions.all + GlobalOptions.write + facts.table.commands.flatMap(\.options)).compactMap(\.env))
        // …and by the code: env["X"], self["X"], vars["X"] in the CLI layer (the domain reads none).
        let sources = DocsGoldenTests.root + "/Sources"
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(!files.isEmpty)
        for f in files {
            let text = try String(contentsOfFile: sources + "/" + f, encoding: .utf8)
            for m in TableFacts.matches(of: #"(?:env|self|vars|variables)\["([A-Z][A-Z0-9_]*)"\]"#, in: text) { read.insert(m[0]) }
        }
        // Read by libedit itself.
        let libraries: Set<String> = ["EDITRC"]
        #expect(read.isSuperset(of: ["NOTESCTL_DB", "NOTESCTL_WORKSPACE", "NOTESCTL_ACTOR", "NOTESCTL_FORMAT", "TRACEPARENT",
                                     "NOTESCTL_BUSY_TIMEOUT_MS", "VISUAL", "EDITOR", "XDG_DATA_HOME", "HOME"]))
        for name in read { #expect(documented.contains(name), "\(name) is read but not in ENVIRONMENT") }
        for name in documented { #expect(read.contains(name) || libraries.contains(name), "ENVIRONMENT documents \(name), which nothing reads") }
    }

    @Test func exitStatusListsEveryErrorCode() {
        let exit = section("EXIT STATUS").joined(separator: "\n")
        for code in NotesError.Code.all {
            #expect(exit.contains(".It \(code.exitCode) Pq Li \(code.name)"))
        }
    }

    @Test func requiredSectionsArePresent() {
        for name in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "GLOBAL OPTIONS", "JSON OUTPUT", "THE WRITE PATH",
                     "INTERACTIVE SHELL", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "SECURITY CONSIDERATIONS"] {
            #expect(lines.contains(".Sh " + name), "missing section \(name)")
        }
        #expect(page.contains("declared, not authenticated"))
        #expect(section("FILES").contains(".It Pa shell_history"))
    }
}

@Suite struct CompletionScriptSyncTests {
    let facts = TableFacts()

    func script(_ shell: CompletionScript.Shell) -> String { CompletionScript.generate(shell, table: Commands.table) }

    /// The options each command gets in the bash script: `'note add') REPLY='--title …' ;;`.
    @Test func bashOffersEachCommandExactlyItsOptions() {
        let entries = TableFacts.matches(of: #"(?m)^        '([a-z][a-z -]*)'\) REPLY='(--[^']*)' ;;$"#, in: script(.bash))
        let byCommand = Dictionary(entries.map { ($0[0], Set($0[1].split(separator: " ").map(String.init))) }) { a, _ in a }
        #expect(Set(byCommand.keys) == Set(facts.leaves.map(\.name)))
        for c in facts.leaves { #expect(byCommand[c.name] == facts.optionNames(c), "bash options of \(c.name)") }
    }

    /// Each group's words in the bash script: `'note') REPLY='add show …' ;;`.
    @Test func bashOffersEachGroupExactlyItsChildren() {
        let entries = TableFacts.matches(of: #"(?m)^        '([a-z ]*)'\) REPLY='([a-z _-]*)' ;;$"#, in: script(.bash))
        let children = Dictionary(entries.map { ($0[0], $0[1].split(separator: " ").map(String.init)) }) { a, _ in a }
        for path in facts.model.groupPaths {
            #expect(children[path.joined(separator: " ")] == facts.model.children(of: path), "bash children of '\(path.joined(separator: " "))'")
        }
    }

    /// One `_notesctl_cmd_…` function per command in the zsh script, with exactly its option specs.
    @Test func zshHasAFunctionPerCommandWithItsOptions() {
        let text = script(.zsh)
        let functions = TableFacts.matches(of: #"(?ms)^(_notesctl_cmd_[a-z0-9_]+)\(\) \{\n(.*?)^\}"#, in: text)
        let bodies = Dictionary(functions.map { ($0[0], $0[1]) }) { a, _ in a }
        #expect(Set(bodies.keys) == Set(facts.leaves.map { ZshCompletion.functionName($0.path) }))
        for c in facts.leaves {
            let body = bodies[ZshCompletion.functionName(c.path)] ?? ""
            let specs = Set(TableFacts.matches(of: #"(?:'\*?|'\)|,)(--[a-z][a-z0-9-]*)(?:=|\[|\})"#, in: body).map { $0[0] })
            #expect(specs == facts.optionNames(c), "zsh options of \(c.name)")
            #expect(text.contains("'\(c.name)') \(ZshCompletion.functionName(c.path)); return ;;"), "zsh dispatch of \(c.name)")
        }
    }

    /// fish: `complete … -n '__notesctl_at '\''note add'\''' -l title …` per command option.
    @Test func fishOffersEachCommandItsOwnOptions() {
        let text = script(.fish)
        let lines = TableFacts.matches(of: #"(?m)^complete -c notesctl -n '__notesctl_at '\\''([a-z -]+)'\\''' (?:-s . )?-l ([a-z0-9-]+)"#, in: text)
        var byCommand: [String: Set<String>] = [:]
        for l in lines { byCommand[l[0], default: []].insert("--" + l[1]) }
        // Every command option has its own line (with its own description), and so has every
        // write option of a write.
        for c in facts.leaves {
            let writes = Set(c.writeOptions.map { "--" + $0.name })
            if c.isWrite { #expect(writes.contains("--propose") == c.proposable, "\(c.name)") }
            let expected = Set(c.options.map { "--" + $0.name }).union(writes)
            #expect(byCommand[c.name, default: []] == expected, "fish options of \(c.name)")
        }
        // A global option has one line for all commands, but for those with an option of that
        // name of their own (audit list --actor is a filter), whose line describes it.
        for g in GlobalOptions.all {
            let own = facts.leaves.filter { c in c.options.contains { $0.name == g.name } }.map(\.name)
            let guardText = own.isEmpty ? "" : "-n '" + own.map { "not __notesctl_at '\\''\($0)'\\''" }.joined(separator: "; and ") + "' "
            #expect(text.contains("complete -c notesctl \(guardText)\(g.short.map { "-s \($0) " } ?? "")-l \(g.name) "), "global \(g.name)")
        }
    }

    @Test func everyScriptNamesOnlyOptionsThatExistAndEveryOneThatDoes() {
        for shell in CompletionScript.Shell.allCases {
            var named = TableFacts.longOptions(in: script(shell))
            // fish spells an option `-l name`.
            for m in TableFacts.matches(of: #"(?m)^complete .* -l ([a-z][a-z0-9-]*)"#, in: script(shell)) { named.insert("--" + m[0]) }
            for n in named { #expect(facts.allOptionNames.contains(String(n.dropFirst(2))), "\(shell) names \(n)") }
            for c in facts.visible {
                for o in c.options { #expect(named.contains("--" + o.name), "\(shell) lacks --\(o.name) of \(c.name)") }
            }
        }
    }
}
