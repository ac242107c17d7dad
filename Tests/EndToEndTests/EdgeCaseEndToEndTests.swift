import Foundation
import Testing
import TestSupport

/// Edges where a careless implementation fails open, crashes or lies.
@Suite struct EdgeCaseEndToEndTests {
    func note(_ cli: Notesctl, _ title: String = "t") -> String {
        (cli.run("note", "add", "--title", title, "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
    }

    @Test func workspaceUseIsPerActor() {
        let cli = Notesctl()
        _ = note(cli)
        #expect(cli.run("workspace", "create", "Other", "--slug", "other").status == 0)
        #expect(cli.run(["workspace", "use", "other"], env: ["NOTESCTL_ACTOR": "agent:bot"]).status == 0)
        #expect(cli.run("workspace", "show", "--json").object["slug"] as? String == "personal", "the agent's choice is its own")
        #expect(cli.run(["workspace", "show", "--json"], env: ["NOTESCTL_ACTOR": "agent:bot"]).object["slug"] as? String == "other")
    }

    @Test func eventsOfADeletedWorkspaceAreForTheStoreOwnerOnly() {
        let cli = Notesctl()
        let alice = ["NOTESCTL_ACTOR": "user:alice"]
        #expect(cli.run(["workspace", "create", "Secret", "--slug", "secret"], env: alice).status == 0)
        #expect(cli.run(["-w", "secret", "note", "add", "--title", "salary plan"], env: alice).status == 0)
        #expect(cli.run(["workspace", "delete", "secret", "--force"], env: alice).status == 0)
        let eve = cli.run(["audit", "list", "--json"], env: ["NOTESCTL_ACTOR": "user:eve"])
        #expect(eve.status == 0)
        #expect(!eve.stdout.contains("salary plan"))
        #expect(cli.run("audit", "list", "--json").stdout.contains("salary plan"), "the OS user who owns the file sees everything")
    }

    @Test func invalidUTF8InTheEnvironmentIsRefused() {
        let cli = Notesctl()
        let r = runProcess("/bin/sh", ["-c", "NOTESCTL_ACTOR=\"$(printf 'agent:b\\377')\" exec \"$0\" note add --title t", notesctlPath], env: cli.env)
        #expect(r.status == 6)
        #expect(r.stderr.contains("NOTESCTL_ACTOR"))
        #expect(!FileManager.default.fileExists(atPath: cli.db))
    }

    /// Counts are 0 or more and versions 1 or more, in every command that takes them: a value
    /// out of range is a malformed argument (exit 2), not an empty answer or a version conflict.
    @Test func negativeLimitsAndVersionsBelowOneAreUsageErrors() {
        let cli = Notesctl()
        let id = note(cli)
        for argv in [["note", "list", "--limit", "-1"], ["search", "t", "--limit", "-1"], ["audit", "list", "--limit", "-1"],
                     ["note", "edit", id, "--title", "u", "--if-version", "0"], ["note", "pin", id, "--if-version", "-1"],
                     ["note", "revert", id, "--to", "0"]] {
            let r = cli.run(argv + ["--json"])
            #expect(r.status == 2, "\(argv): \(r.stderr)")
            #expect(r.error["code"] as? String == "usage")
        }
        #expect(cli.run("audit", "list", "--limit", "0", "--json").array.isEmpty)
        #expect(cli.run("note", "edit", id, "--title", "u", "--if-version", "1").status == 0)
    }

    /// A note written by an agent (or an import) must not drive the terminal of the person who
    /// reads it: on a terminal, control characters are shown (`^[`), not sent; piped, the text
    /// is as stored. Error colour follows stderr's own terminal.
    @Test func storedTextCannotDriveTheTerminal() throws {
        let cli = Notesctl()
        let body = "hello \u{1B}]0;PWNED\u{07} world \u{1B}[5mblink\r"
        let id = (cli.run("note", "add", "--title", "t", "--body", body, "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        func onTerminal(_ command: String) -> String {
            let r = runProcess("/usr/bin/script", ["-qec", "\"\(notesctlPath)\" \(command)", "/dev/null"], env: cli.env)
            return r.stdout
        }
        // Search hits are bold on a terminal, and only notesctl's marks make them so.
        let marked = (cli.run("note", "add", "--title", "m", "--body", "mango \u{E000}kiwi\u{E001}", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        #expect(!marked.isEmpty)
        let bold = onTerminal("search mango")
        #expect(bold.contains("\u{1B}[1mmango\u{1B}[0m") && bold.contains("\u{E000}kiwi\u{E001}"), "\(bold.debugDescription)")
        let oneMark = onTerminal("search mango --mark-start '>>'")
        // One mark given: the other is nothing (it was a stray private-use character), and no bold.
        #expect(oneMark.contains(">>mango ") && !oneMark.contains("\u{1B}[1m"), "\(oneMark.debugDescription)")
        for command in ["note show \(id)", "search hello"] {
            let shown = onTerminal(command)
            #expect(shown.contains("^[]0;PWNED^G world ^[[5mblink"), "\(command): \(shown.debugDescription)")
            #expect(!shown.contains("\u{1B}]0;") && !shown.contains("\u{1B}[5m"), "\(command)")
        }
        #expect(cli.run("note", "show", id).stdout.contains(body), "piped: as stored")
        // notesctl's own styles in stored text are shown too: a body cannot fake the error label.
        let fake = (cli.run("note", "add", "--title", "f", "--body", "\u{1B}[1;31merror:\u{1B}[0m fake\r\nline two", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let shown = onTerminal("note show \(fake)")
        #expect(shown.contains("^[[1;31merror:^[[0m fake") && !shown.contains("\u{1B}[1;31merror"), "\(shown.debugDescription)")
        // A CRLF line end is a line end, not a ^M (the terminal turns the newline into CRLF itself).
        #expect(shown.contains("line two") && !shown.contains("^M"), "\(shown.debugDescription)")
        let err = cli.dir.path + "/err.log"
        _ = onTerminal("note show nt_00000000 2>\(err)")
        let logged = try String(contentsOfFile: err, encoding: .utf8)
        #expect(logged == "notesctl: error: no such note: nt_00000000\n", "\(logged.debugDescription)")
        #expect(onTerminal("note show nt_00000000").contains("\u{1B}[1;31merror:\u{1B}[0m"))
    }

    /// A change that changes nothing writes nothing (man page, DOCUMENTED CHOICES), workspaces too.
    @Test func workspaceWritesThatChangeNothingWriteNothing() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        #expect(cli.run("workspace", "use", "personal").status == 0)
        let events = cli.run("audit", "list", "--json").array.count
        let version = cli.run("workspace", "show", "personal", "--json").object["version"] as? Int
        for argv in [["workspace", "rename", "personal", "Personal"], ["workspace", "rename", "personal", "Personal", "--slug", "personal"],
                     ["workspace", "policy", "--agents", "propose"], ["workspace", "use", "personal"]] {
            let r = cli.run(argv + ["--json"])
            #expect(r.status == 0, "\(argv): \(r.stderr)")
            #expect((r.object["request"] as? [String: Any])?["events"] as? [Any] == nil
                    || ((r.object["request"] as? [String: Any])?["events"] as? [Any])?.isEmpty == true, "\(argv)")
        }
        #expect(cli.run("audit", "list", "--json").array.count == events)
        #expect(cli.run("workspace", "show", "personal", "--json").object["version"] as? Int == version)
        let renamed = cli.run("workspace", "rename", "personal", "Mine", "--json")
        #expect(((renamed.object["request"] as? [String: Any])?["events"] as? [Any])?.count == 1)
    }

    /// `audit show` of an event in a workspace the actor may not read: exit 5, as for any id there.
    @Test func auditShowInAnUnreadableWorkspaceIsForbidden() {
        let cli = Notesctl()
        #expect(cli.run("workspace", "create", "Private", "--slug", "p").status == 0)
        let event = cli.run("-w", "p", "audit", "list", "--json").array.last?["id"] as? String ?? ""
        #expect(cli.run("workspace", "member", "add", "user:bob", "--role", "editor").status == 0)
        let bob = ["NOTESCTL_ACTOR": "user:bob"]
        let r = cli.run(["audit", "show", event, "--json"], env: bob)
        #expect(r.status == 5, "\(r.stderr)")
        #expect(r.error["code"] as? String == "forbidden")
        #expect(cli.run(["audit", "show", "ev_00000000"], env: bob).status == 3)
        #expect(cli.run("audit", "show", event).status == 0)
    }

    /// Inputs that name nothing are said to be wrong, not quietly read another way.
    @Test func emptyValuesAndUnknownFormatsAreUsageErrors() throws {
        let cli = Notesctl()
        // A store that does not exist has no workspace to show (it used to make one up).
        let missing = cli.run("workspace", "show", "--json")
        #expect(missing.status == 3, "\(missing.stdout)")
        #expect(!FileManager.default.fileExists(atPath: cli.db))
        let id = note(cli)
        for argv in [["--db", "", "note", "list"], ["--db", "", "note", "add", "--title", "x"], ["note", "show", ""],
                     ["note", "list", "--after="], ["note", "list", "--tag", ""], ["-w", "", "note", "list"]] {
            let r = cli.run(argv + ["--json"])
            #expect(r.status == 2, "\(argv): \(r.stderr)")
        }
        for format in ["JSON", "yaml", " json"] {
            let r = cli.run(["note", "list"], env: ["NOTESCTL_FORMAT": format])
            #expect(r.status == 2 && r.stdout.isEmpty, "\(format): \(r.stdout)")
        }
        #expect(cli.run(["note", "show", id], env: ["NOTESCTL_FORMAT": "text"]).status == 0)
        #expect(cli.run("note", "list", "--json").array.count == 1, "nothing written")
    }

    /// An empty file that `init` turns into the store gets a store's mode, 0600 (CLI.md §2).
    @Test func anAdoptedEmptyFileBecomes0600() throws {
        let cli = Notesctl()
        let path = cli.dir.file("empty.db")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o644]))
        #expect(cli.run("--db", path, "init").status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// -q prints no text on success, tables included; JSON still prints.
    @Test func quietSilencesTablesToo() {
        let cli = Notesctl()
        let id = note(cli)
        for argv in [["note", "list"], ["workspace", "list"], ["audit", "list"], ["workspace", "member", "list"], ["note", "history", id], ["note", "show", id]] {
            let r = cli.run(["-q"] + argv)
            #expect(r.status == 0 && r.stdout.isEmpty, "\(argv): \(r.stdout)")
        }
        #expect(cli.run("-q", "note", "list", "--json").array.count == 1)
    }

    /// A note in the trash takes no new artifact or link until it is restored (as in an archived workspace).
    @Test func aTrashedNoteTakesNoArtifactOrLink() {
        let cli = Notesctl()
        let trashed = note(cli, "gone"), other = note(cli, "here")
        #expect(cli.run("note", "rm", trashed).status == 0)
        for argv in [["artifact", "add", trashed, "--uri", "https://example.com/x"], ["link", "add", other, trashed, "--type", "blocks"],
                     ["link", "add", trashed, other, "--type", "blocks"]] {
            let r = cli.run(argv + ["--json"])
            #expect(r.status == 4, "\(argv): \(r.stderr)")
            #expect(r.error["message"] as? String == "note \(trashed) is in the trash")
        }
        #expect(cli.run("note", "restore", trashed).status == 0)
        #expect(cli.run("link", "add", other, trashed, "--type", "blocks").status == 0)
    }

    /// An ambiguous prefix lists ten candidates and says how many there are.
    @Test func anAmbiguousPrefixSaysHowManyItMatches() throws {
        let cli = Notesctl()
        let ops = (0..<12).map { #"{"command": "note add", "args": {"title": "n\#($0)"}}"# }.joined(separator: ",")
        // Made in one process within a few milliseconds, a batch's ids share their first 8
        // characters (256 ms of their time), unless the batch straddles such a boundary: retry.
        var prefix = "", sharing = 0
        for _ in 0..<3 where sharing <= 10 {
            #expect(cli.run(["apply", "--file", "-", "--json"], stdin: #"{"operations": ["# + ops + "]}").status == 0)
            let ids = cli.run("note", "list", "--json").array.compactMap { $0["id"] as? String }
            let groups = Dictionary(grouping: ids) { String($0.prefix(3 + 8)) }
            if let largest = groups.max(by: { $0.value.count < $1.value.count }) { (prefix, sharing) = (largest.key, largest.value.count) }
        }
        try #require(sharing > 10, "no 8-character prefix is shared by more than 10 notes")
        let r = cli.run("note", "show", prefix, "--json")
        #expect(r.status == 4)
        let details = r.error["details"] as? [String: Any]
        #expect((details?["candidates"] as? [Any])?.count == 10)
        #expect(details?["total"] as? Int == sharing)
        #expect((r.error["hint"] as? String)?.hasSuffix("(10 of \(sharing))") == true)
    }

    /// Help lists an option of a command's own once, as the command's (not also as the global
    /// or write option of that name).
    @Test func helpDoesNotListACommandsOwnOptionAsGlobal() {
        let cli = Notesctl()
        let audit = cli.run("audit", "list", "--help").stdout
        let footer = audit.split(separator: "\n").last { $0.hasPrefix("Global options:") } ?? ""
        #expect(!footer.contains("--actor") && !footer.contains("--correlation-id") && footer.contains("--db"), "\(footer)")
        let reject = cli.run("proposal", "reject", "--help").stdout
        #expect(reject.components(separatedBy: "--reason").count == 2, "\(reject)")
    }

    /// A search cursor that is not a hit is said to be one, and an edit with nothing to change
    /// is a usage error rather than an 'Updated' that changed nothing.
    @Test func aCursorThatIsNoHitAndAnEmptyEditAreErrors() {
        let cli = Notesctl()
        let hit = note(cli, "mango"), other = note(cli, "kiwi")
        let last = cli.run("search", "mango", "--after", hit, "--json")
        #expect(last.status == 0 && last.array.isEmpty, "after the last hit: an empty page")
        let r = cli.run("search", "mango", "--after", other, "--json")
        #expect(r.status == 3 && r.stdout.isEmpty, "\(r.stdout)")
        let edit = cli.run("note", "edit", hit, "--json")
        #expect(edit.status == 2, "\(edit.stderr)")
        #expect(cli.run("audit", "list", "--action", "note.update", "--json").array.isEmpty)
    }

    /// The notes a forced workspace delete takes with it are each audited as purged, so every
    /// note's history in the log ends with its deletion (one event per change, CLI.md §6).
    @Test func aForcedWorkspaceDeleteAuditsEachNote() {
        let cli = Notesctl()
        #expect(cli.run("workspace", "create", "Doomed", "--slug", "d").status == 0)
        let ids = (0..<3).map { i in (cli.run("-w", "d", "note", "add", "--title", "n\(i)", "--json").object["note"] as? [String: Any])?["id"] as? String ?? "" }
        let ws = cli.run("workspace", "show", "d", "--json").object["id"] as? String
        let outside = (cli.run("note", "add", "--title", "outside", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("link", "add", outside, ids[0], "--type", "related").status == 0)
        let personal = cli.run("workspace", "show", "personal", "--json").object["id"] as? String
        let r = cli.run("workspace", "delete", "d", "--force", "--json")
        #expect(r.status == 0)
        let events = ((r.object["request"] as? [String: Any])?["events"] as? [String]) ?? []
        #expect(events.count == 5)
        let logged = cli.run("audit", "list", "--correlation-id", (r.object["request"] as? [String: Any])?["correlation_id"] as? String ?? "", "--json").array
        // The link from outside is deleted before its target goes, audited in the purged note's
        // workspace with its ids only (its label is the other workspace's).
        #expect(logged.map { $0["action"] as? String } == ["link.delete", "note.purge", "note.purge", "note.purge", "workspace.delete"])
        #expect(logged.allSatisfy { $0["workspace_id"] as? String == ws })
        #expect(Set(((logged.first?["changes"] as? [String: Any]) ?? [:]).keys) == ["id", "source_id", "target_id", "type"])
        #expect(personal != ws)
        #expect(logged.dropFirst().prefix(3).map { ($0["target"] as? [String: Any])?["id"] as? String } == ids, "in the order the notes were made")
        for id in ids {
            let events = cli.run("audit", "list", "--target", id, "--json").array
            #expect(events.map { $0["action"] as? String } == ["note.create", "note.purge"], "\(id)")
        }
        // Typed links to its notes from elsewhere go with them, as in note purge.
        #expect(cli.run("link", "list", outside, "--json").array.isEmpty)
        #expect(cli.run("audit", "verify").status == 0)
    }

    @Test func hugeDurationsAreUsageErrorsNotCrashes() {
        let cli = Notesctl()
        for value in ["999999999999999999d", "9223372036854775807", "-5", "1y", ""] {
            let r = cli.run(["note", "add", "--title", "x"], env: ["NOTESCTL_IDEMPOTENCY_RETENTION": value])
            #expect(r.status == (value.isEmpty ? 0 : 2), "\(value): \(r.stderr)")
        }
        #expect(cli.run(["note", "add", "--title", "y"], env: ["NOTESCTL_IDEMPOTENCY_RETENTION": "36500d"]).status == 0)
    }

    @Test func failedJSONListsPrintNothingOnStdout() {
        let cli = Notesctl()
        _ = note(cli)
        for args in [["note", "list", "--json", "--since", "nope"], ["note", "list", "--json", "--after", "nt_zzzzzzzzzz"],
                     ["search", "x", "--json", "--syntax", "fts", "\""]] {
            let r = cli.run(args)
            #expect(r.status != 0)
            #expect(r.stdout.isEmpty, "\(args)")
        }
        #expect(cli.run("note", "list", "--json", "--tag", "none").stdout == "[]\n")
    }

    @Test func replayOfACommittedFailureFailsAgain() {
        let cli = Notesctl()
        let id = note(cli)
        let pr = (cli.run(["note", "edit", id, "--title", "x", "--propose", "--json"], env: ["NOTESCTL_ACTOR": "agent:bot"]).object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("note", "edit", id, "--title", "moved on").status == 0)
        #expect(cli.run("proposal", "approve", pr).status == 0)
        #expect(cli.run("proposal", "apply", pr, "--idempotency-key", "k9").status == 4)
        let again = cli.run("proposal", "apply", pr, "--idempotency-key", "k9", "--json")
        #expect(again.status == 4)
        #expect((again.error["details"] as? [String: Any])?["reason"] as? String == "stale_proposal")
    }

    @Test func operationsRefuseCommandLineOnlyInputs() {
        let cli = Notesctl()
        let id = note(cli)
        for args in [#"{"title":"t","body_file":"/etc/hostname"}"#, #"{"title":"t","edit":true}"#] {
            let r = cli.run(["apply", "--file", "-"], stdin: #"{"operations":[{"command":"note add","args":\#(args)}]}"#)
            #expect(r.status == 6, "\(args)")
        }
        let file = #"{"operations":[{"command":"artifact add","args":{"note":"\#(id)","file":"/etc/hostname"}}]}"#
        #expect(cli.run(["apply", "--file", "-"], stdin: file).status == 6)
        #expect(cli.run("note", "list", "--json").array.count == 1)
    }

    @Test func dryRunsAndReadsCreateNothing() throws {
        let cli = Notesctl()
        #expect(cli.run("note", "add", "--title", "x", "--dry-run").status == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.dir.path + "/store"))
        try FileManager.default.createDirectory(atPath: cli.dir.path + "/store", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: cli.db, contents: Data())
        #expect(cli.run("note", "list", "--json").status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: cli.db)[.size] as? Int == 0)
    }

    @Test func auditTargetTakesPrefixesAndActionIsLiteral() {
        let cli = Notesctl()
        let id = note(cli)
        #expect(cli.run("note", "rm", id).status == 0)
        #expect(cli.run("note", "purge", id).status == 0)
        #expect(cli.run("audit", "list", "--target", String(id.prefix(20)), "--json").array.count == 3, "even after the note is gone")
        #expect(cli.run("audit", "list", "--target", "NT_" + id.dropFirst(3).uppercased(), "--json").array.count == 3)
        #expect(cli.run("audit", "list", "--action", "%", "--json").array.isEmpty)
        #expect(cli.run("audit", "list", "--action", "note", "--json").array.count == 3)
    }

    @Test func normalizationOnlyEditsAreKept() {
        let cli = Notesctl()
        let id = (cli.run("note", "add", "--title", "caf\u{E9}", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let r = cli.run("note", "edit", id, "--title", "cafe\u{301}", "--json")
        #expect((r.object["note"] as? [String: Any])?["version"] as? Int == 2)
        let shown = cli.run("note", "show", id, "--json", "--fields", "title").stdout
        #expect(shown.utf8.contains(0xCC), "the decomposed bytes were stored as typed")
    }

    @Test func timesPastYear9999AreInvalid() {
        let cli = Notesctl()
        _ = note(cli)
        #expect(cli.run("note", "list", "--since", "9999-12-31T23:59:59-01:00").status == 6)
        #expect(cli.run("note", "list", "--since", "9999-12-31", "--json").array.isEmpty)
        #expect(cli.run("note", "show", "NT_" + String(repeating: "Z", count: 8)).status == 3)
    }
}
