import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `notesctl shell` reading commands from a pipe, as scripts use it.
@Suite struct ShellPipeTests {
    func shell(_ cli: Notesctl, _ lines: [String], args: [String] = [], env: [String: String] = [:]) -> CLIResult {
        cli.run(args + ["shell"], env: env, stdin: lines.map { $0 + "\n" }.joined())
    }

    func notes(_ cli: Notesctl, _ extra: String...) -> [[String: Any]] { cli.run(["note", "list", "--json"] + extra).array }

    @Test func commandsRunInOrderAndSeeEachOthersWrites() {
        let cli = Notesctl()
        let r = shell(cli, [
            "workspace create Team --slug team",
            "note add -w team --title 'Plan' --tag work",
            "note list -w team --json --fields title,tags",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Created workspace"))
        #expect(r.stdout.contains(#"[{"title":"Plan","tags":["work"]}]"#), "\(r.stdout)")
        #expect(!r.stdout.contains("notesctl>"), "no prompt when stdin is not a terminal")
    }

    @Test func exitStatusAtTheEndIsThatOfTheLastFailure() {
        let cli = Notesctl()
        let r = shell(cli, [
            "note show nt_00000000000000000000000000",  // 3
            "version",
            "note list --bogus",                         // 2
            "version",
        ])
        #expect(r.status == 2)
        #expect(r.stdout.components(separatedBy: "notesctl 0.").count == 3, "both versions ran: \(r.stdout)")
        #expect(r.stderr.contains("no such note"))
        #expect(r.stderr.contains("unknown option '--bogus'"))
        #expect(shell(cli, ["version", "note list"]).status == 0)
        #expect(shell(cli, ["note show nt_00000000000000000000000000", "version"]).status == 3)
    }

    @Test func exitAndQuitLeaveAtOnce() {
        let cli = Notesctl()
        let r = shell(cli, ["exit 5", "note add --title never"])
        #expect(r.status == 5)
        #expect(!FileManager.default.fileExists(atPath: cli.db), "nothing after exit ran")
        #expect(shell(cli, ["note show nt_00000000000000000000000000", "quit"]).status == 3, "exit without a status: the last failure's")
        #expect(shell(cli, ["exit nope"]).status == 2)
    }

    @Test func quotingFollowsPOSIXWordSplitting() throws {
        let cli = Notesctl()
        let r = shell(cli, [
            ##"note add --title "It's a \"test\"" --body 'costs $5; maybe \n' --tag a\#b"##,
            #"note add --title=Two\ words --body "line one"'  and more'"#,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let list = notes(cli, "--sort", "title")
        #expect(list.count == 2)
        let first = try #require(list.first { ($0["title"] as? String)?.hasPrefix("It") == true })
        #expect(first["title"] as? String == #"It's a "test""#)
        #expect(first["body"] as? String == #"costs $5; maybe \n"#)
        #expect(first["tags"] as? [String] == ["a#b"])
        let second = try #require(list.first { $0["title"] as? String == "Two words" })
        #expect(second["body"] as? String == "line one  and more")
    }

    @Test func unterminatedQuoteFailsThatLineWithUsageAndTheShellGoesOn() {
        let cli = Notesctl()
        let r = shell(cli, ["note add --title 'oops", "version"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("notesctl: error: line 1: unterminated single quote"), "\(r.stderr)")
        #expect(r.stdout.contains("notesctl 0."))
        #expect(!FileManager.default.fileExists(atPath: cli.db), "the broken line wrote nothing")
        let json = shell(cli, [#"note add --title "oops"#], env: ["NOTESCTL_FORMAT": "json"])
        #expect(json.status == 2)
        #expect(json.error["code"] as? String == "usage")
    }

    @Test func commentsBlankLinesAndBackslashContinuationsAreHandled() {
        let cli = Notesctl()
        let r = shell(cli, ["# set up", "", "   ", "note add \\", "  --title Continued   # the title", "note list --json --fields title"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#"[{"title":"Continued"}]"#), "\(r.stdout)")
    }

    @Test func optionsGivenToShellHoldForEveryCommand() {
        let cli = Notesctl()
        #expect(cli.run("workspace", "create", "Team", "--slug", "team").status == 0)
        let other = cli.dir.path + "/other/notes.db"
        let r = shell(cli, ["workspace create Team --slug team", "note add --title Elsewhere", "note list --fields title",
                            "note list -w personal --fields title"],
                      args: ["--db", other, "-w", "team", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.dropFirst().first?.hasPrefix(#"{"note":"#) == true, "JSON receipts: \(r.stdout)")
        #expect(lines.contains(#"[{"title":"Elsewhere"}]"#), "in team, in the other store")
        #expect(lines.last == "[]", "an option on a line overrides the session's")
        #expect(notes(cli).isEmpty, "the default store was not touched")
    }

    @Test func writesInsideTheShellGoThroughTheWritePath() {
        let cli = Notesctl()
        let r = shell(cli, [
            "note add --title Once --idempotency-key k-1",
            "note add --title Once --idempotency-key k-1",
            "note add --title Other --idempotency-key k-1",
            "note add --title Dry --dry-run",
        ])
        #expect(r.status == 4, "reusing a key for another request is a conflict: \(r.stderr)")
        #expect(r.stdout.contains("(replayed: nothing written)"))
        #expect(r.stdout.contains("(dry run: nothing written)"))
        #expect(notes(cli).map { $0["title"] as? String } == ["Once"])
        let creates = cli.run("audit", "list", "--action", "note.create", "--json").array
        #expect(creates.count == 1)
        #expect(creates.first?["idempotency_key"] as? String == "k-1")
    }

    @Test func aCommandReadingStdinGetsTheLinesThatFollowIt() {
        let cli = Notesctl()
        let r = shell(cli, ["note add --title FromStdin --body -", "line one", "line two"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(notes(cli).first?["body"] as? String == "line one\nline two\n")
    }

    @Test func helpInsideTheShellExplainsItAndListsCommands() {
        let cli = Notesctl()
        let r = shell(cli, ["help", "help note"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Inside the shell, type commands without 'notesctl'"))
        #expect(r.stdout.contains("Usage: notesctl note <verb>"))
    }

    @Test func aShellInsideTheShellIsRefused() {
        let cli = Notesctl()
        let r = shell(cli, ["shell"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("already in the shell"))
    }

    @Test func notesctlTypedOutOfHabitIsIgnored() {
        let cli = Notesctl()
        let r = shell(cli, ["notesctl version --json"])
        #expect(r.status == 0)
        #expect(r.object["version"] as? String != nil)
    }

    @Test func invalidUTF8LineIsExit6() {
        let cli = Notesctl()
        let bytes = Data("note add --title ".utf8) + Data([0xFF, 0xFE]) + Data("\nversion\n".utf8)
        let r = runProcess(notesctlPath, ["shell"], env: cli.env, stdin: bytes)
        #expect(r.status == 6)
        #expect(r.stderr.contains("not valid UTF-8"))
        #expect(r.stdout.contains("notesctl 0."))
    }

    @Test func theWholeSessionUsesOneOpenConnection() throws {
        let cli = Notesctl()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: notesctlPath)
        process.arguments = ["shell"]
        process.environment = cli.env
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        input.fileHandleForWriting.write(Data("note add --title A\nnote list\nnote add --title B\nworkspace list\nversion\n".utf8))

        // Read what the shell prints, while it waits for more input, until `done` says enough.
        var seen = ""
        let fd = output.fileHandleForReading.fileDescriptor
        func read(until done: (String) -> Bool) {
            let start = seen.count
            let deadline = Date().addingTimeInterval(10)
            while !done(String(seen.dropFirst(start))) && Date() < deadline {
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
                guard poll(&fds, 1, 100) > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { return }
                seen += String(decoding: buffer[0..<n], as: UTF8.self)
            }
        }
        read { $0.contains("notesctl 0.") }
        #expect(seen.contains("Created note"))
        let fdFolder = "/proc/\(process.processIdentifier)/fd"
        let open = try FileManager.default.contentsOfDirectory(atPath: fdFolder).compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: fdFolder + "/" + $0)
        }
        #expect(open.filter { $0 == cli.db }.count == 1, "one connection to the store after five commands: \(open)")

        // Move the file away: a command that opened the store again would find none; the
        // session's connection still reads it.
        try FileManager.default.moveItem(atPath: cli.db, toPath: cli.db + ".moved")
        let before = seen.count
        input.fileHandleForWriting.write(Data("note list --json --fields title\n".utf8))
        read { $0.contains("]") }
        #expect(seen.dropFirst(before).contains(#""title":"A""#), "\(seen.dropFirst(before))")
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func readsOnAMissingStoreCreateNothing() {
        let cli = Notesctl()
        let r = shell(cli, ["note list", "workspace list"])
        #expect(r.status == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.dir.path + "/store"))
    }
}
