import Foundation
import Testing
import TestSupport

@Suite struct NotesEndToEndTests {
    func add(_ cli: Notesctl, _ args: String..., stdin: String? = nil) -> [String: Any] {
        let r = cli.run(["note", "add", "--json"] + args, stdin: stdin)
        #expect(r.status == 0, "\(r.stderr)")
        return r.object["note"] as? [String: Any] ?? [:]
    }

    @Test func bodyFromStdinAndFileRoundTripsByteExact() {
        let cli = Notesctl()
        let text = "# Überschrift\n\nemoji 🎉, CJK 漢字, combining e\u{301}, tab\tand \"quotes\" \\\n"
        let fromStdin = add(cli, "--body", "-", stdin: text)
        #expect(fromStdin["body"] as? String == text)
        #expect(fromStdin["title"] as? String == "Überschrift", "title from the first heading")
        let path = cli.dir.write("body.md", text)
        let fromFile = add(cli, "--title", "file", "--body-file", path)
        let shown = cli.run("note", "show", fromFile["id"] as? String ?? "", "--json", "--fields", "body")
        #expect(Array((shown.object["body"] as? String ?? "").utf8) == Array(text.utf8))
        // jq reads exactly what was written.
        let jq = runProcess("/bin/sh", ["-c", "\"$0\" note show \"$1\" --json | jq -j .body", notesctlPath, fromFile["id"] as? String ?? ""], env: cli.env)
        #expect(jq.stdout == text)
    }

    @Test func badInputFilesAreExit6AndWriteNothing() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        #expect(cli.run("note", "add", "--body-file", cli.dir.file("nope.md")).status == 6)
        #expect(cli.run("note", "add", "--body-file", cli.dir.path).status == 6)
        let nul = cli.dir.file("nul.md")
        FileManager.default.createFile(atPath: nul, contents: Data([0x61, 0x00, 0x62]))
        #expect(cli.run("note", "add", "--body-file", nul).stderr.contains("NUL"))
        let latin1 = cli.dir.file("latin1.md")
        FileManager.default.createFile(atPath: latin1, contents: Data([0x63, 0x61, 0x66, 0xE9]))
        let r = cli.run("note", "add", "--body-file", latin1)
        #expect(r.status == 6)
        #expect(r.stderr.contains("not valid UTF-8"))
        let big = cli.run(["note", "add", "--title", "big", "--body", "-"], env: ["NOTESCTL_MAX_BODY_BYTES": "100"], stdin: String(repeating: "x", count: 101))
        #expect(big.status == 6)
        #expect(cli.run("note", "add", "--body", "a", "--body-file", nul).status == 2)
        #expect(cli.run("note", "list", "--json").array.isEmpty)
    }

    @Test func fullLifecycleThroughTheCLI() {
        let cli = Notesctl()
        let n = add(cli, "--title", "Plan", "--body", "v1", "--tag", "work")
        let id = n["id"] as? String ?? ""
        let short = String(id.prefix(11))
        #expect(cli.run("note", "edit", short, "--body", "v2", "--if-version", "1").status == 0)
        #expect(cli.run("note", "edit", short, "--body", "v3", "--if-version", "1").status == 4)
        #expect(cli.run("note", "pin", id).status == 0)
        #expect(cli.run("note", "list", "--pinned", "--json").array.count == 1)
        #expect(cli.run("workspace", "create", "Team", "--slug", "team").status == 0)
        #expect(cli.run("note", "move", id, "--to", "team").status == 0)
        #expect(cli.run("note", "list", "--json").array.isEmpty)
        #expect(cli.run("-w", "team", "note", "list", "--json").array.count == 1)
        #expect(cli.run("note", "rm", id).status == 0)
        #expect(cli.run("note", "show", id, "--json").object["trashed"] as? Bool == true)
        #expect(cli.run("note", "restore", id).status == 0)
        #expect(cli.run("note", "revert", id, "--to", "1").status == 0)
        let history = cli.run("note", "history", id, "--json").array
        #expect(history.map { $0["version"] as? Int } == [1, 2, 3, 4, 5, 6, 7])
        #expect(history.last?["body"] as? String == "v1")
        for key in ["version", "title", "body", "tags", "actor", "time", "request_id", "correlation_id"] {
            #expect(history.first?[key] != nil, "\(key)")
        }
        #expect(cli.run("note", "purge", id).status == 4)
        #expect(cli.run("note", "rm", id).status == 0)
        #expect(cli.run("note", "purge", id).status == 0)
        #expect(cli.run("note", "show", id).status == 3)
        #expect(cli.run("audit", "list", "--target", id, "--json").array.count == 9)
    }

    /// A table's columns line up on a terminal whatever the script: a title of three wide
    /// characters takes the six columns of six letters, so the next column starts three
    /// characters earlier on its line.
    @Test func tablesAlignWideCharacters() {
        let cli = Notesctl()
        _ = add(cli, "--title", "日本語", "--tag", "x")
        _ = add(cli, "--title", "abcdef", "--tag", "x")
        let lines = cli.run("note", "list").stdout.split(separator: "\n").map(String.init)
        func column(_ title: String) -> Int? {
            guard let line = lines.first(where: { $0.contains(title) }), let tag = line.range(of: "#x") else { return nil }
            return line.distance(from: line.startIndex, to: tag.lowerBound)
        }
        let (wide, narrow) = (column("日本語"), column("abcdef"))
        #expect(wide != nil && narrow != nil && narrow! - wide! == 3, "\(lines)")
    }

    @Test func jsonlStreamsOneObjectPerLineAndFieldsNarrow() {
        let cli = Notesctl()
        for i in 0..<5 { _ = add(cli, "--title", "n\(i)") }
        let r = cli.run("note", "list", "--jsonl", "--fields", "id,title,nope")
        #expect(r.lines.count == 5)
        #expect(r.lines.allSatisfy { Set($0.keys) == ["id", "title", "nope"] && $0["nope"] is NSNull })
        #expect(cli.run("note", "list", "--fields", "id").status == 2, "--fields needs JSON output")
        let receipt = cli.run("note", "add", "--title", "r", "--json", "--fields", "id")
        #expect(Set((receipt.object["note"] as? [String: Any] ?? [:]).keys) == ["id"])
        #expect(receipt.object["request"] != nil)
    }

    @Test func paginationWithAfterCoversEveryNoteOnce() {
        let cli = Notesctl()
        for i in 0..<9 { _ = add(cli, "--title", "n\(i)") }
        var seen: [String] = []
        var after: String?
        repeat {
            var args = ["note", "list", "--json", "--limit", "4", "--sort", "created"]
            if let after { args += ["--after", after] }
            let page = cli.run(args).array.compactMap { $0["id"] as? String }
            seen += page
            after = page.count == 4 ? page.last : nil
        } while after != nil
        #expect(seen.count == 9 && Set(seen).count == 9)
    }

    @Test func textOutputIsATableAndEmptyListsSaySoOnStderr() {
        let cli = Notesctl()
        let empty = cli.run("note", "list")
        #expect(empty.status == 0)
        #expect(empty.stdout.isEmpty)
        #expect(empty.stderr.contains("No notes."))
        _ = add(cli, "--title", "Hello", "--tag", "x")
        let table = cli.run("note", "list")
        #expect(table.stdout.hasPrefix("ID"))
        #expect(table.stdout.contains("Hello"))
        #expect(table.stdout.contains("#x"))
        #expect(!table.stdout.contains("\u{1B}["), "no colour on a pipe")
    }

    @Test func searchEndToEndWithJqAndNastyInput() {
        let cli = Notesctl()
        _ = add(cli, "--title", "Deploy checklist", "--body", "run the c++ build; foo-bar")
        _ = add(cli, "--title", "Other", "--body", "deploy notes")
        let r = runProcess("/bin/sh", ["-c", "\"$0\" search deploy --json | jq -r '.[].title'", notesctlPath], env: cli.env)
        #expect(r.stdout == "Deploy checklist\nOther\n")
        for q in ["c++", "\"", "(", "AND", "foo-bar", "*"] { #expect(cli.run("search", q).status == 0, "\(q)") }
        #expect(cli.run("search", "--syntax", "fts", "AND (").status == 6)
        let hit = cli.run("search", "checklist", "--jsonl").lines.first ?? [:]
        #expect(hit["score"] is Double)
        #expect(hit["snippet"] as? String == "Deploy checklist")
    }

    /// --all-workspaces searches every workspace the actor may read, and no other; with -w too it
    /// is exit 2, while NOTESCTL_WORKSPACE (a default) does not stand in its way.
    @Test func searchAcrossWorkspacesSeesOnlyWhatTheActorMayRead() {
        let cli = Notesctl()
        _ = add(cli, "--title", "Quarterly plan", "--body", "in personal")
        #expect(cli.run("workspace", "create", "Team", "--slug", "team").status == 0)
        #expect(cli.run("workspace", "create", "Vault", "--slug", "vault").status == 0)
        _ = add(cli, "-w", "team", "--title", "Quarterly review", "--body", "in team")
        _ = add(cli, "-w", "vault", "--title", "Quarterly secrets", "--body", "in vault")
        #expect(cli.run("-w", "vault", "workspace", "policy", "--agents", "deny").status == 0)
        #expect(cli.run("-w", "team", "workspace", "policy", "--agents", "write").status == 0)
        #expect(cli.run("-w", "personal", "workspace", "policy", "--agents", "write").status == 0)
        func titles(_ r: CLIResult) -> [String] { r.array.compactMap { $0["title"] as? String }.sorted() }
        #expect(titles(cli.run("search", "quarterly", "--json")) == ["Quarterly plan"])
        #expect(titles(cli.run("search", "quarterly", "--all-workspaces", "--json")) == ["Quarterly plan", "Quarterly review", "Quarterly secrets"])
        let agent = cli.run(["search", "quarterly", "--all-workspaces", "--json"], env: ["NOTESCTL_ACTOR": "agent:bot"])
        #expect(titles(agent) == ["Quarterly plan", "Quarterly review"], "\(agent.stderr)")
        let both = cli.run("-w", "team", "search", "quarterly", "--all-workspaces", "--json")
        #expect(both.status == 2 && both.error["code"] as? String == "usage", "\(both.stderr)")
        let byDefault = cli.run(["search", "quarterly", "--all-workspaces", "--json"], env: ["NOTESCTL_WORKSPACE": "team"])
        #expect(byDefault.status == 0 && titles(byDefault).count == 3, "\(byDefault.stderr)")
    }

    /// A purge deletes what hangs on the note, each deletion its own audit event (CLI.md §6):
    /// typed links from and to it, its artifacts; mentions of it become dangling.
    @Test func purgeAuditsTheLinksAndArtifactsThatGoWithTheNote() throws {
        let cli = Notesctl()
        let a = add(cli, "--title", "A")["id"] as? String ?? ""
        let c = add(cli, "--title", "C", "--body", "see [[A]]")["id"] as? String ?? ""
        let into = (cli.run("link", "add", c, a, "--type", "blocks", "--json").object["link"] as? [String: Any])?["id"] as? String ?? ""
        let out = (cli.run("link", "add", a, c, "--type", "related", "--json").object["link"] as? [String: Any])?["id"] as? String ?? ""
        let file = cli.dir.path + "/f.txt"
        try "content".write(toFile: file, atomically: true, encoding: .utf8)
        let artifact = (cli.run("artifact", "add", a, file, "--json").object["artifact"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("note", "rm", a).status == 0)
        let r = cli.run("note", "purge", a, "--json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(((r.object["request"] as? [String: Any])?["events"] as? [String])?.count == 4)
        for (id, action) in [(into, "link.delete"), (out, "link.delete"), (artifact, "artifact.delete"), (a, "note.purge")] {
            let events = cli.run("audit", "list", "--target", id, "--json").array.compactMap { $0["action"] as? String }
            #expect(events.last == action, "\(id): \(events)")
        }
        #expect(cli.run("link", "list", c, "--json").array.allSatisfy { $0["type"] as? String == "mentions" })
        #expect(cli.run("link", "dangling", "--json").array.count == 1)
        #expect(cli.run("audit", "verify").status == 0)
    }

    @Test func readsOnAMissingStoreFindNothingAndCreateNothing() {
        let cli = Notesctl()
        for args in [["note", "list", "--json"], ["search", "x", "--json"], ["workspace", "list", "--json"], ["audit", "list", "--json"]] {
            let r = cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.array.isEmpty)
        }
        #expect(cli.run("note", "show", "nt_0123456789").status == 3)
        #expect(!FileManager.default.fileExists(atPath: cli.dir.path + "/store"))
    }

    @Test func brokenPipeIsQuiet() {
        let cli = Notesctl()
        for i in 0..<3 { _ = add(cli, "--title", "n\(i)") }
        let r = runProcess("/bin/sh", ["-c", "\"$0\" note list --jsonl | head -1 >/dev/null; echo ${PIPESTATUS:-ok}", notesctlPath], env: cli.env)
        #expect(r.stderr.isEmpty)
    }
}
