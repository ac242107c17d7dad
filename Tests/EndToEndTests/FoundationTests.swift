import Foundation
import Testing
import TestSupport

/// The foundation, as a user meets it: help, version, usage errors, health, the error shape.
@Suite struct FoundationEndToEndTests {
    @Test func versionPrintsJSONWithSchemaAndSQLite() {
        let cli = Notesctl()
        let r = cli.run("version", "--json")
        #expect(r.status == 0)
        #expect(r.object["version"] as? String != nil)
        #expect((r.object["schema_version"] as? Int ?? 0) >= 1)
        #expect((r.object["sqlite_version"] as? String)?.hasPrefix("3.") == true)
    }

    @Test func helpListsGroupsAndIsReachableAtEveryLevel() {
        let cli = Notesctl()
        let root = cli.run("help")
        #expect(root.status == 0)
        #expect(root.stdout.contains("workspace"))
        #expect(root.stdout.contains("note"))
        let group = cli.run("note", "--help")
        #expect(group.status == 0)
        #expect(group.stdout.contains("Usage: notesctl note <verb>"))
        #expect(group.stdout.contains("  add "))
        let verb = cli.run("help", "note", "add")
        #expect(verb.stdout.contains("--body-file"))
        #expect(cli.run("note", "add", "-h").stdout == verb.stdout)
        // `help help` is the help command's own help, as `help search` is search's.
        let helpOfHelp = cli.run("help", "help")
        #expect(helpOfHelp.status == 0 && helpOfHelp.stdout.hasPrefix("notesctl help: "), "\(helpOfHelp.stdout)")
        #expect(helpOfHelp.stdout == cli.run("help", "--help").stdout)
        #expect(cli.run("help", "help", "note").status == 2)
    }

    @Test func unknownCommandIsUsageErrorWithSuggestion() {
        let cli = Notesctl()
        let r = cli.run("note", "lsit")
        #expect(r.status == 2)
        #expect(r.stderr.contains("notesctl: error: unknown command"))
        #expect(r.stderr.contains("hint: did you mean 'note list'?"))
        let top = cli.run("nots")
        #expect(top.status == 2)
        #expect(top.stderr.contains("did you mean 'note'?"))
    }

    @Test func unknownFlagIsUsageErrorWithSuggestion() {
        let cli = Notesctl()
        let r = cli.run("note", "add", "--titel", "x")
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown option '--titel'"))
        #expect(r.stderr.contains("did you mean '--title'?"))
        #expect(!FileManager.default.fileExists(atPath: cli.db), "a usage error creates no store")
    }

    @Test func errorsInJSONModeHaveTheContractShape() {
        let cli = Notesctl()
        let r = cli.run("note", "show", "nt_01aaaaaaaaaaaaaaaaaaaaaaaa", "--json")
        #expect(r.status == 3)
        #expect(r.stdout.isEmpty)
        let error = r.error
        #expect(error["code"] as? String == "not_found")
        #expect(error["exit_code"] as? Int == 3)
        #expect(error["message"] as? String != nil)
        #expect(error["details"] is [String: Any])
        let usage = cli.run("note", "lsit", "--json")
        #expect(usage.error["code"] as? String == "usage")
        #expect(usage.error["exit_code"] as? Int == 2)
    }

    @Test func healthOnMissingStoreIsExit7AndCreatesNothing() {
        let cli = Notesctl()
        let r = cli.run("health", "--json")
        #expect(r.status == 7)
        #expect(r.object["status"] as? String == "missing")
        #expect(!FileManager.default.fileExists(atPath: cli.db))
        #expect(!FileManager.default.fileExists(atPath: cli.dir.path + "/store"))
    }

    @Test func healthOnFreshStoreIsOk() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let r = cli.run("health", "--deep", "--json")
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.object["status"] as? String == "ok")
        #expect(r.object["schema_version"] as? Int == cli.run("version", "--json").object["schema_version"] as? Int)
        let names = (r.object["checks"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("wal"))
        #expect(names.contains("integrity_check"))
        #expect(names.contains("fts_integrity"))
    }

    /// Every kind of row in the store, and both health checks still say ok (until a tag row is
    /// deleted behind the triggers' back). SQLite 3.40.0–3.41.0
    /// made `quick_check` (plain `health`) report NULLs in a WITHOUT ROWID table whose primary key
    /// lists its columns in another order than the table: every store with a tag was "degraded".
    @Test func healthIsOkOnAStoreHoldingEveryKindOfRow() {
        let cli = Notesctl()
        let file = cli.dir.write("attachment.txt", "attached")
        let a = cli.run("note", "add", "--title", "Plan", "--body", "- [ ] ship due:2026-12-24 #release\nSee [[Other]]", "--tag", "work", "--tag", "q4", "--json")
        let id = (a.object["note"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("note", "add", "--title", "Other", "--tag", "work").status == 0)
        #expect(cli.run("artifact", "add", id, file).status == 0)
        #expect(cli.run("note", "edit", id, "--add-tag", "later").status == 0)
        for deep in [false, true] {
            let r = cli.run(deep ? ["health", "--deep", "--json"] : ["health", "--json"])
            let failed = (r.object["checks"] as? [[String: Any]] ?? []).filter { $0["ok"] as? Bool != true }
            #expect(r.status == 0, "health\(deep ? " --deep" : ""): \(failed)")
            #expect(r.object["status"] as? String == "ok")
        }
        // A tag row lost behind the triggers' back: the deep check names it, exit 7.
        _ = cli.sqlite("DELETE FROM note_tags WHERE tag = 'q4'")
        let r = cli.run("health", "--deep", "--json")
        #expect(r.status == 7)
        let failed = (r.object["checks"] as? [[String: Any]] ?? []).filter { $0["ok"] as? Bool != true }
        #expect(failed.compactMap { $0["name"] as? String } == ["tag_index"])
        #expect((failed.first?["detail"] as? String)?.contains("lacks 1") == true)
    }

    @Test func initIsIdempotentAndCreatesPrivateFiles() throws {
        let cli = Notesctl()
        let first = cli.run("init", "--json")
        #expect(first.status == 0)
        #expect((first.object["store"] as? [String: Any])?["created"] as? Bool == true)
        let attrs = try FileManager.default.attributesOfItem(atPath: cli.db)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: cli.dir.path + "/store")
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        let events = cli.run("audit", "list", "--json").array.count
        let second = cli.run("init", "--json")
        #expect(second.status == 0)
        #expect((second.object["store"] as? [String: Any])?["created"] as? Bool == false)
        #expect(cli.run("audit", "list", "--json").array.count == events, "a second init writes nothing")
    }

    @Test func invalidUTF8InArgvIsRejected() {
        // Bytes that are not UTF-8 cannot pass through Process' String arguments: use the shell.
        let cli = Notesctl()
        let r = runProcess("/bin/sh", ["-c", "\"$0\" note add --title \"$(printf 'bad\\377')\"", notesctlPath], env: cli.env)
        #expect(r.status == 6)
        #expect(r.stderr.contains("not valid UTF-8"))
        #expect(!FileManager.default.fileExists(atPath: cli.db))
    }

    @Test func foreignSQLiteFileIsRefusedUnchanged() throws {
        let cli = Notesctl()
        try FileManager.default.createDirectory(atPath: cli.dir.path + "/store", withIntermediateDirectories: true)
        _ = cli.sqlite("CREATE TABLE theirs(x); INSERT INTO theirs VALUES (1);")
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.db))
        let r = cli.run("note", "add", "--title", "x")
        #expect(r.status == 7)
        #expect(r.stderr.contains("not a notesctl store"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.db)) == before)
        #expect(cli.run("health").status == 7)
    }

    @Test func newerSchemaIsRefusedUnchanged() throws {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        _ = cli.sqlite("PRAGMA user_version=99;")
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.db))
        let r = cli.run("note", "list")
        #expect(r.status == 7)
        #expect(r.stderr.contains("newer"))
        #expect(cli.run("note", "add", "--title", "x").status == 7)
        let health = cli.run("health", "--json")
        #expect(health.status == 7)
        #expect(health.object["schema_version"] as? Int == 99, "health says which schema it found")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.db)) == before)
    }

    /// `--help` (or `-h`) prints the command's help and exits 0, even with its arguments missing.
    @Test func helpFlagWinsOverMissingArguments() {
        let cli = Notesctl()
        for words in [["note", "show"], ["link", "add"], ["import"], ["workspace", "create"], ["task", "add"]] {
            for flag in ["--help", "-h"] {
                let r = cli.run(words + [flag])
                #expect(r.status == 0, "\(words) \(flag): \(r.stderr)")
                #expect(r.stdout.contains("notesctl " + words.joined(separator: " ")), "\(words) \(flag)")
                #expect(r.stdout == cli.run(["help"] + words).stdout)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: cli.db))
    }

    @Test func garbageFileIsUnavailableNotACrash() {
        let cli = Notesctl()
        try? FileManager.default.createDirectory(atPath: cli.dir.path + "/store", withIntermediateDirectories: true)
        cli.dir.write("store/notes.db", String(repeating: "garbage, not a database. ", count: 200))
        #expect(cli.run("note", "list").status == 7)
        #expect(cli.run("health").status == 7)
        #expect(cli.run("note", "add", "--title", "x").status == 7)
    }
}
