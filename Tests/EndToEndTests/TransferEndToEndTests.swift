import Foundation
import Testing
import TestSupport

@Suite struct TransferEndToEndTests {
    func populated() -> Notesctl {
        let cli = Notesctl()
        let id = (cli.run("note", "add", "--title", "Ünï", "--body", "v1 🎉\n", "--tag", "t", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("note", "edit", id, "--body", "v2").status == 0)
        #expect(cli.run("workspace", "create", "Team", "--slug", "team").status == 0)
        #expect(cli.run("-w", "team", "workspace", "member", "add", "agent:bot", "--role", "editor").status == 0)
        let b = (cli.run("-w", "team", "note", "add", "--title", "B", "--body", "- [ ] task one\n- [x] two", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("link", "add", b, id, "--type", "references").status == 0)
        #expect(cli.run("note", "rm", id).status == 0)
        return cli
    }

    func exportLines(_ cli: Notesctl, db: String? = nil) -> [String] {
        let r = cli.run((db.map { ["--db", $0] } ?? []) + ["export"])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init).filter { !$0.contains("\"notesctl-export\"") }
    }

    @Test func exportThenImportRoundTrips() {
        let cli = populated()
        let original = exportLines(cli)
        #expect(original.count == 10)  // 2 workspaces, 3 members (1 in personal, 2 in team), 2 notes, 2 tasks, 1 link
        let file = cli.dir.write("export.jsonl", cli.run("export").stdout)
        let copy = cli.dir.file("copy.db")
        let imported = cli.run("--db", copy, "import", file, "--json")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect((imported.object["import"] as? [String: Any])?["notes"] as? Int == 2)
        #expect(exportLines(cli, db: copy) == original)
        #expect(cli.run("--db", copy, "audit", "verify").status == 0)
        #expect(cli.run("--db", copy, "audit", "list", "--action", "note.import", "--json").array.count == 2)
        #expect(cli.run("--db", copy, "search", "B", "-w", "team", "--json").array.count == 1, "imported notes are indexed")
    }

    @Test func importIsAllOrNothing() {
        let cli = populated()
        let file = cli.dir.write("export.jsonl", cli.run("export").stdout)
        let again = cli.run("import", file)
        #expect(again.status == 4, "ids exist already")
        var lines = cli.run("export").stdout.split(separator: "\n").map(String.init)
        lines[lines.count - 1] = "{\"type\": \"note\", \"id\": \"broken\"}"
        let bad = cli.dir.write("bad.jsonl", lines.joined(separator: "\n"))
        let copy = cli.dir.file("copy.db")
        let r = cli.run("--db", copy, "import", bad, "--json")
        #expect(r.status == 6)
        #expect((r.error["details"] as? [String: Any])?["line"] as? Int == lines.count)
        #expect(cli.run("--db", copy, "workspace", "list", "--json").array.isEmpty, "nothing of the good lines was kept")
        #expect(cli.run("--db", copy, "import", cli.dir.write("junk.jsonl", "{not json")).status == 6)
        #expect(cli.run("--db", copy, "import", cli.dir.file("missing.jsonl")).status == 6)
    }

    @Test func backupIsAPrivateConsistentCopy() throws {
        let cli = populated()
        let path = cli.dir.file("backup.db")
        let r = cli.run("backup", path, "--json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(exportLines(cli, db: path) == exportLines(cli))
        #expect(cli.run("--db", path, "health", "--deep").status == 0)
        #expect(cli.run("backup", path).status == 4)
        #expect(cli.run("backup", path, "--force").status == 0)
        #expect(Notesctl().run("backup", path).status == 7, "no store, nothing to back up")
    }
}
