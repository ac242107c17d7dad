import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal with `notesctl` running on its slave side: the test types on the master
/// side and reads what a terminal would show.
final class PseudoTerminal {
    let master: Int32
    let process = Process()
    private(set) var screen = ""

    /// posix_openpt(3) and friends: Glibc declares them only under _XOPEN_SOURCE, which the Swift
    /// Glibc module does not set, so they are looked up by name (fixed signatures, so this is safe).
    private static func function<T>(_ name: String, as type: T.Type) -> T? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }

    init(_ args: [String], env: [String: String]) throws {
        typealias IntFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        guard let openpt = Self.function("posix_openpt", as: IntFunction.self),
              let grantpt = Self.function("grantpt", as: IntFunction.self),
              let unlockpt = Self.function("unlockpt", as: IntFunction.self),
              let ptsname = Self.function("ptsname", as: NameFunction.self) else { throw POSIXError(.ENOSYS) }
        master = openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw POSIXError(.ENOTTY)
        }
        let slave = open(String(cString: name), O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.ENOTTY) }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        // setsid -c: a session of its own with this terminal as its controlling terminal, so
        // Ctrl-C reaches it as SIGINT, as in a real terminal.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["-c", "-w", notesctlPath] + args
        } else {
            process.executableURL = URL(fileURLWithPath: notesctlPath)
            process.arguments = args
        }
        process.environment = env
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try? handle.close()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Waits until the line editor has the terminal (canonical mode off: on Linux the master
    /// side reads the terminal's settings). Keys typed before that, while a command runs or just
    /// before libedit takes over, meet the ordinary line discipline, as they would for a person.
    @discardableResult
    func waitForEditor(timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var settings = termios()
            if tcgetattr(master, &settings) == 0 && (settings.c_lflag & tcflag_t(ICANON)) == 0 { return true }
            waitFor("\u{0}never\u{0}", timeout: 0.02)
        }
        return false
    }

    /// Waits for the next prompt (after what was last typed) and for the editor, then types.
    func typeAtPrompt(_ text: String, prompt: String = "notesctl> ") {
        waitFor(prompt)
        waitForEditor()
        type(text)
    }

    /// Where `text` stood when the test last typed: what comes after it answers that typing.
    private(set) var cursor = 0

    func type(_ text: String) {
        cursor = self.text.count
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// What the terminal received, without its control sequences (cursor moves, colours) and
    /// carriage returns: the text a person would read.
    var text: String {
        var out = ""
        var chars = screen.unicodeScalars[...]
        while let c = chars.popFirst() {
            if c == "\u{1B}" {
                if chars.first == "[" {
                    chars.removeFirst()
                    while let d = chars.popFirst(), !(("@"..."~").contains(d)) {}
                } else {
                    chars = chars.dropFirst()
                }
            } else if c != "\r" && c != "\u{07}" {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Reads until the text shows `expected` after `from` (an offset into `text`; by default,
    /// where it stood when the test last typed), or the timeout.
    @discardableResult
    func waitFor(_ expected: String, after start: Int? = nil, timeout: Double = 10) -> Bool {
        let from = start ?? cursor
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let text = self.text
            if text.count > from, text.dropFirst(from).contains(expected) { return true }
            var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 1, 100)
            if ready > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                screen += String(decoding: buffer[0..<n], as: UTF8.self)
            }
        }
        let text = self.text
        return text.count > from && text.dropFirst(from).contains(expected)
    }

    /// Waits for the program to end (reading the screen meanwhile); its exit status, or nil on timeout.
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { waitFor("\u{0}never\u{0}", timeout: 0.1) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

/// `notesctl shell` on a terminal: line editing, history beside the store, Tab completion.
@Suite(.serialized) struct ShellPTYTests {
    func terminalEnv(_ cli: Notesctl) -> [String: String] {
        var env = cli.env
        env["TERM"] = "xterm"
        return env
    }

    @Test func historyIsKeptBesideTheStoreAndRecalledInTheNextSession() throws {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let first = try PseudoTerminal(["shell"], env: terminalEnv(cli))
        first.typeAtPrompt("version\n")
        #expect(first.waitFor("schema"))
        first.typeAtPrompt("note add --title 'From the terminal'\n")
        #expect(first.waitFor("Created note"))
        first.typeAtPrompt(" note list\n")  // a leading space keeps a line out of the history
        #expect(first.waitFor("From the terminal"))
        first.typeAtPrompt("exit\n")
        #expect(first.waitForExit() == 0)

        let history = URL(fileURLWithPath: cli.db).deletingLastPathComponent().appendingPathComponent("shell_history").path
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        // libedit writes entries with strvis(3): a space is \040.
        #expect(saved.contains("version"))
        #expect(saved.contains(#"note\040add\040--title\040'From\040the\040terminal'"#))
        #expect(!saved.contains(#"note\040list"#))
        let mode = try FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // Ctrl-P (previous line) twice, past `exit`, brings back the `note add` of the first session.
        let second = try PseudoTerminal(["shell"], env: terminalEnv(cli))
        second.typeAtPrompt("\u{10}\u{10}\n")
        #expect(second.waitFor("Created note"))
        second.typeAtPrompt("exit\n")
        #expect(second.waitForExit() == 0)
        let list = cli.run("note", "list", "--json")
        #expect(list.array.filter { $0["title"] as? String == "From the terminal" }.count == 2)
    }

    @Test func tabCompletesCommandsOptionsAndIdsFromTheStore() throws {
        let cli = Notesctl()
        let note = try #require(cli.run("note", "add", "--title", "Completed by Tab", "--json").object["note"] as? [String: Any])
        let id = try #require(note["id"] as? String)
        let term = try PseudoTerminal(["shell"], env: terminalEnv(cli))

        term.typeAtPrompt("note li\t")
        #expect(term.waitFor("note list "), "Tab completed the verb")
        term.type("--so\t")
        #expect(term.waitFor("rt "), "Tab completed the option")
        term.type("ti\t")
        #expect(term.waitFor("tle "), "Tab completed the option's value")
        term.type("\n")
        #expect(term.waitFor("Completed by Tab"), "note list --sort title ran")

        term.typeAtPrompt("note show nt_\t")
        #expect(term.waitFor(String(id.dropFirst(3))), "Tab completed the only note id")
        term.type("\n")
        #expect(term.waitFor("version 1"), "note show ran on it")

        term.typeAtPrompt("note un\t")
        #expect(term.waitFor("unarchive"), "Tab listed the choices")
        #expect(term.waitFor("unpin"))
        term.type("\u{15}exit 4\n")  // Ctrl-U clears the line
        #expect(term.waitForExit() == 4)
    }

    /// Ctrl-C right behind the text, in the same write: the line is abandoned each time, never
    /// sent with the next one.
    @Test func ctrlCInTheSameBurstAsTheTextStillAbandonsIt() throws {
        let cli = Notesctl()
        let term = try PseudoTerminal(["shell"], env: terminalEnv(cli))
        for round in 0..<5 {
            term.typeAtPrompt("note add --title never\u{03}")
            term.typeAtPrompt("version\n")
            #expect(term.waitFor("schema"), "round \(round)")
        }
        term.typeAtPrompt("\u{04}")
        #expect(term.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.db), "no abandoned add ran")
    }

    @Test func ctrlCAbandonsTheLineAndCtrlDLeaves() throws {
        let cli = Notesctl()
        let term = try PseudoTerminal(["shell"], env: terminalEnv(cli))
        term.typeAtPrompt("note add --title never")
        #expect(term.waitFor("never"))
        term.type("\u{03}")
        term.typeAtPrompt("version\n")
        #expect(term.waitFor("schema"))
        term.typeAtPrompt("\u{04}")
        #expect(term.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.db), "the abandoned add wrote nothing")
    }
}
