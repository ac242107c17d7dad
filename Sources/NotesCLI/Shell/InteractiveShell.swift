import NotesCore
#if canImport(Glibc)
import Glibc
#endif

/// `notesctl shell`: many commands over one open store. Each line is split into words like a
/// POSIX shell does (`ShellWords`) and run by `Runner.run` — the same parser, output and write
/// path as a command typed at the system prompt — on one `Session`, which keeps the connection.
///
/// On a terminal: libedit line editing, history in `shell_history` beside the store, Tab
/// completion from the command table and the store. Otherwise (a pipe, a file): one command per
/// line, no prompt, and at the end the exit status of the last command that failed (0 if none).
enum InteractiveShell {
    static func run(_ inv: Invocation) throws {
        let session = inv.session
        if session.inShell {
            throw NotesError.usage("already in the shell", hint: "type commands directly; 'exit' leaves")
        }
        let prefix = adopt(inv.globals, into: session)
        session.inShell = true
        defer { session.inShell = false }
        try inv.output.stdout.flush()
        let status: Int32
        if session.env.stdinIsTTY, let editor = makeEditor(session, prefix: prefix) {
            status = interactive(session, editor: editor, prefix: prefix, workspace: inv.globals.workspace)
        } else {
            status = scripted(session, prefix: prefix)
        }
        if status != 0 { throw SilentExit(code: status) }
    }

    /// The global options given to `shell` hold for the whole session: through the environment
    /// where they have a variable (so an option on a line still overrides them), else as words
    /// put before every line.
    static func adopt(_ g: GlobalValues, into session: Session) -> [String] {
        let variables: [(String, String?)] = [
            ("NOTESCTL_DB", g.db), ("NOTESCTL_WORKSPACE", g.workspace), ("NOTESCTL_ACTOR", g.actor),
            ("NOTESCTL_CORRELATION_ID", g.correlationId), ("NOTESCTL_CAUSATION_ID", g.causationId),
            ("NOTESCTL_FORMAT", g.jsonl ? "jsonl" : g.json ? "json" : nil), ("NO_COLOR", g.noColor ? "1" : nil),
        ]
        for case let (name, value?) in variables { session.env.variables[name] = value }
        var prefix: [String] = []
        if g.quiet { prefix.append("--quiet") }
        if let fields = g.fields { prefix += ["--fields", fields.joined(separator: ",")] }
        return prefix
    }

    // MARK: Running lines

    enum Outcome: Equatable {
        case ran(Int32)
        case exit(Int32?)
        case empty
        /// The line ends with a backslash: it goes on on the next line.
        case continues
    }

    /// Splits and runs one line.
    static func execute(_ line: String, session: Session, prefix: [String], lineNumber: Int? = nil) -> Outcome {
        let words: [String]
        do {
            words = try ShellWords.split(line)
        } catch let failure as ShellWords.Failure {
            if failure.continues { return .continues }
            let at = lineNumber.map { "line \($0): " } ?? ""
            return .ran(report(.usage(at + failure.message, details: ["position": .int(Int64(failure.position + 1))]), session))
        } catch {
            return .ran(report(.usage("\(error)"), session))
        }
        var argv = words
        if argv.first == "notesctl" { argv.removeFirst() }  // typed out of habit
        guard let first = argv.first else { return words.isEmpty ? .empty : .ran(Runner.run(prefix, session: session)) }
        switch first {
        case "exit", "quit":
            guard argv.count <= 2 else { return .ran(report(.usage("\(first) takes at most one argument: the exit status"), session)) }
            guard argv.count == 2 else { return .exit(nil) }
            guard let code = Int32(argv[1]), (0...255).contains(code) else {
                return .ran(report(.usage("\(first) needs a number from 0 to 255, not '\(argv[1])'"), session))
            }
            return .exit(code)
        case "help" where argv.count == 1:
            let intro = """
            Inside the shell, type commands without 'notesctl'. Quote as in sh: 'single', "double", \\ escapes.
            Tab completes commands, options and ids; 'exit [N]' or 'quit' leaves (Ctrl-D too).


            """
            Terminal.write(intro, fd: 1)
            return .ran(Runner.run(prefix + argv, session: session))
        default:
            return .ran(Runner.run(prefix + argv, session: session))
        }
    }

    private static func report(_ error: NotesError, _ session: Session) -> Int32 {
        Runner.fail(error, Runner.makeOutput(GlobalValues(), env: session.env, jsonHint: false))
    }

    /// Lines from standard input, read a byte at a time so that a command reading stdin itself
    /// (`note add --body -`) or an editor gets exactly the rest, as with `sh`.
    static func scripted(_ session: Session, prefix: [String]) -> Int32 {
        var lastFailure: Int32 = 0
        var lineNumber = 0
        var pending = ""
        while let bytes = readLine(fd: 0) {
            lineNumber += 1
            guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
                lastFailure = report(.invalid("line \(lineNumber) is not valid UTF-8 text"), session)
                pending = ""
                continue
            }
            let line = pending + text
            switch execute(line, session: session, prefix: prefix, lineNumber: lineNumber) {
            case .continues:
                pending = line + "\n"
                continue
            case .ran(let status):
                if status != 0 { lastFailure = status }
            case .exit(let code):
                return code ?? lastFailure
            case .empty:
                break
            }
            pending = ""
        }
        if !pending.isEmpty {
            // The input ended right after a backslash: that is the error the line would have had.
            lastFailure = report(.usage("line \(lineNumber): the input ends with a backslash"), session)
        }
        return lastFailure
    }

    /// One line from `fd` without its newline; nil at end of input.
    static func readLine(fd: Int32) -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return line.isEmpty ? nil : line }
            if byte == 10 { return line }
            line.append(byte)
        }
    }

    // MARK: On a terminal

    private static func makeEditor(_ session: Session, prefix: [String]) -> LineEditor? {
        let historyPath = (try? session.env.storePath(flag: nil)).map { session.env.historyPath(store: $0) }
        let completer = ShellCompleter(session: session)
        return LineEditor(historyPath: historyPath) { completer.complete($0) }
    }

    private static func interactive(_ session: Session, editor: LineEditor, prefix: [String], workspace: String?) -> Int32 {
        Terminal.write("notesctl shell: 'help' for commands, Tab to complete, 'exit' to leave.\n", fd: 2)
        let prompt = workspace.map { "notesctl (\($0))> " } ?? "notesctl> "
        var lastFailure: Int32 = 0
        var pending = ""
        while let bytes = editor.readLine(prompt: pending.isEmpty ? prompt : "> ") {
            guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
                lastFailure = report(.invalid("the line is not valid UTF-8 text"), session)
                continue
            }
            let line = pending + text
            // A line starting with a space stays out of the history (as with HISTCONTROL=ignorespace).
            if !text.trimmingSpaces().isEmpty && !line.hasPrefix(" ") && pending.isEmpty {
                var entry = Substring(text)
                while entry.last == " " || entry.last == "\t" { entry.removeLast() }
                editor.remember(String(entry))
            }
            switch execute(line, session: session, prefix: prefix) {
            case .continues:
                pending = line + "\n"
                continue
            case .ran(let status):
                if status != 0 { lastFailure = status }
            case .exit(let code):
                return code ?? lastFailure
            case .empty:
                break
            }
            pending = ""
        }
        Terminal.write("\n", fd: 1)
        return lastFailure
    }
}

/// Tab completion inside the shell: the completion model over the session's open store.
final class ShellCompleter {
    let session: Session
    let model: CompletionModel

    init(session: Session) {
        self.session = session
        self.model = CompletionModel(table: session.table)
    }

    /// What to insert at the cursor, and what to list, for the text before the cursor.
    func complete(_ before: String) -> (insert: String, list: [Candidate]) {
        let partial = ShellWords.partial(before)
        guard !partial.inComment else { return ("", []) }
        var words = partial.words
        if words.first == "notesctl" { words.removeFirst() }
        let candidates = model.candidates(words: words, current: partial.current,
                                          store: { kind, prefix in self.store(kind, prefix, words: words) },
                                          files: ShellCompleter.files)
        guard !candidates.isEmpty else { return ("", []) }
        let common = candidates.commonPrefix
        let addition = String(common.dropFirst(partial.current.count))
        var insert = ShellWords.escape(addition, inQuote: partial.openQuote)
        if candidates.count == 1 {
            let word = candidates[0].word
            if !word.hasSuffix("/") && !word.hasSuffix("=") {
                if let quote = partial.openQuote { insert.append(quote) }
                insert += " "
            }
            return (insert, [])
        }
        return (insert, addition.isEmpty ? candidates : [])
    }

    /// Store candidates through the normal read path, with any --db, -w or --actor on the line.
    private func store(_ kind: String, _ prefix: String, words: [String]) -> [Candidate] {
        guard let command = session.table.command(named: "__complete") else { return [] }
        var globals = GlobalValues()
        var i = 0
        while i < words.count {
            let w = words[i]
            i += 1
            for (name, short) in [("db", nil), ("workspace", "w"), ("actor", nil)] as [(String, String?)] {
                guard let spec = GlobalOptions.named(name) else { continue }
                if w == "--" + name || (short.map { w == "-" + $0 } ?? false), i < words.count {
                    globals.set(spec, words[i])
                    i += 1
                } else if w.hasPrefix("--" + name + "=") {
                    globals.set(spec, String(w.dropFirst(name.count + 3)))
                }
            }
        }
        let output = Output(format: .text, fields: nil, pretty: false, color: false, quiet: true)
        let inv = Invocation(command: command, args: Args(), globals: globals, output: output, session: session)
        return DynamicCompletions.candidates(kind, prefix: prefix, invocation: inv)
    }

    /// Paths starting with `typed`: the entries of its folder, folders with a trailing `/`.
    static func files(_ typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let namePrefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        guard let dir = opendir(folder.isEmpty ? "." : folder) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            if name.hasPrefix(".") && !namePrefix.hasPrefix(".") { continue }
            guard name.hasPrefix(namePrefix) else { continue }
            var st = stat()
            let isFolder = stat(folder + name, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            out.append(folder + name + (isFolder ? "/" : ""))
        }
        return out.sorted()
    }
}

/// Unbuffered writes for the shell's own messages, between commands (whose output is already flushed).
enum Terminal {
    static func write(_ text: String, fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
