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
        // The first note has 3 versions: 2 earlier ones in revisions, the current one its row.
        for db in [cli.db, copy] {
            #expect(runProcess("/usr/bin/sqlite3", [db, "SELECT count(*) FROM revisions"], env: cli.env).stdout == "2\n")
        }
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

    /// A store with what format 2 adds: a stored artifact (its content attached twice, so one
    /// blob serves two artifacts), a URI artifact, a pending, a rejected and an applied proposal,
    /// and mentions (one of them dangling). Returns the CLI, the note ids and the stored content.
    func populatedWithArtifacts() -> (cli: Notesctl, a: String, b: String, content: Data) {
        let cli = Notesctl()
        let a = (cli.run("note", "add", "--title", "A", "--body", "see [[B]] and [[Nowhere]]", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let b = (cli.run("note", "add", "--title", "B", "--body", "back to [[A]]", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let content = Data((0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let file = cli.dir.file("data.bin")
        FileManager.default.createFile(atPath: file, contents: content)
        #expect(cli.run("artifact", "add", a, file).status == 0)
        #expect(cli.run("artifact", "add", b, file, "--name", "again.bin").status == 0)
        #expect(cli.run("artifact", "add", a, "--uri", "https://example.com/spec.pdf", "--sha256", String(repeating: "ab", count: 32), "--size", "9").status == 0)
        let agent = ["NOTESCTL_ACTOR": "agent:bot"]
        func propose(_ note: String, _ title: String) -> String {
            let r = cli.run(["note", "edit", note, "--title", title, "--propose", "--reason", "tidy\nup", "--json"], env: agent)
            #expect(r.status == 0, "\(r.stderr)")
            return (r.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        }
        _ = propose(b, "B2")  // left pending
        #expect(cli.run("proposal", "reject", propose(a, "No"), "--reason", "not\nthis").status == 0)
        #expect(cli.run("proposal", "approve", propose(a, "A2"), "--apply").status == 0)
        return (cli, a, b, content)
    }

    func records(_ lines: [String]) -> [[String: Any]] {
        lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// `lines` with the first record of `type` changed by `change`.
    func changing(_ lines: [String], _ type: String, _ change: (inout [String: Any]) -> Void) -> [String] {
        var out = lines
        guard let index = lines.firstIndex(where: { $0.contains("\"type\":\"\(type)\"") }),
              var record = try? JSONSerialization.jsonObject(with: Data(lines[index].utf8)) as? [String: Any] else {
            Issue.record("no \(type) record")
            return out
        }
        change(&record)
        out[index] = String(decoding: (try? JSONSerialization.data(withJSONObject: record)) ?? Data(), as: UTF8.self)
        return out
    }

    /// Every file (blobs and any temp file left behind) under the blobs folder beside `db`.
    func blobFiles(besides db: String) -> [String] {
        let folder = (db as NSString).deletingLastPathComponent + "/blobs"
        let all = FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []
        return all.filter { entry in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + entry, isDirectory: &isFolder) && !isFolder.boolValue
        }
    }

    @Test func artifactsBlobsProposalsAndMentionsRoundTrip() throws {
        let (cli, a, b, content) = populatedWithArtifacts()
        let full = cli.run("export").stdout
        #expect(full.hasPrefix("{\"type\":\"notesctl-export\",\"format\":2,"))
        let original = exportLines(cli)
        let types = records(original).compactMap { $0["type"] as? String }
        #expect(types.filter { $0 == "blob" }.count == 1, "one blob for two artifacts of the same content")
        #expect(types.filter { $0 == "artifact" }.count == 3)
        #expect(types.filter { $0 == "proposal" }.count == 3)
        #expect(types.filter { $0 == "mention" }.count == 3)
        #expect(types.firstIndex(of: "blob") ?? 99 < types.firstIndex(of: "artifact") ?? 0, "content before the artifact that needs it")

        let file = cli.dir.write("export.jsonl", full)
        let copy = cli.dir.file("copy/notes.db")
        try FileManager.default.createDirectory(atPath: cli.dir.file("copy"), withIntermediateDirectories: true)
        let imported = cli.run("--db", copy, "import", file, "--json")
        #expect(imported.status == 0, "\(imported.stderr)")
        let summary = imported.object["import"] as? [String: Any] ?? [:]
        for (key, count) in ["notes": 2, "artifacts": 3, "blobs": 1, "proposals": 3, "mentions": 3, "links": 0] {
            #expect(summary[key] as? Int == count, "\(key)")
        }
        #expect(exportLines(cli, db: copy) == original, "the copy exports what the original did, line for line")
        #expect(blobFiles(besides: copy).count == 1, "the content was written beside the copy")

        // The content comes back byte for byte, and both stores check out.
        let stored = records(original).first { $0["type"] as? String == "artifact" && $0["uri"] is NSNull }
        let out = cli.dir.file("out.bin")
        let got = cli.run("--db", copy, "artifact", "get", stored?["id"] as? String ?? "", "-o", out)
        #expect(got.status == 0, "\(got.stderr)")
        #expect(FileManager.default.contents(atPath: out) == content)
        #expect(cli.run("--db", copy, "artifact", "verify").status == 0)
        #expect(cli.run("--db", copy, "audit", "verify").status == 0)
        #expect(cli.run("--db", copy, "audit", "list", "--action", "artifact.import", "--json").array.count == 3)
        #expect(cli.run("--db", copy, "audit", "list", "--action", "proposal.import", "--json").array.count == 3)

        // Mentions keep their ids; the dangling one is still dangling.
        func mentionIds(_ db: String?) -> Set<String> {
            let r = cli.run((db.map { ["--db", $0] } ?? []) + ["link", "list", a, "--direction", "both", "--type", "mentions", "--json"])
            return Set(r.array.compactMap { $0["id"] as? String })
        }
        #expect(mentionIds(copy) == mentionIds(nil) && mentionIds(copy).count == 3, "two out of A, one into it")
        #expect(cli.run("--db", copy, "link", "dangling", "--json").array.count == 1)

        // The pending proposal is pending in the copy, and can be approved and applied there.
        let pending = cli.run("--db", copy, "proposal", "list", "--json").array.filter { $0["state"] as? String == "pending" }
        #expect(pending.count == 1)
        let applied = cli.run("--db", copy, "proposal", "approve", pending.first?["id"] as? String ?? "", "--apply", "--json")
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect((applied.object["proposal"] as? [String: Any])?["state"] as? String == "applied")
        #expect((cli.run("--db", copy, "note", "show", b, "--json").object["title"] as? String) == "B2")
        #expect(cli.run("--db", copy, "audit", "verify").status == 0)
    }

    /// A pending `artifact add` proposal travels with the content it would attach.
    @Test func aPendingProposalToAttachAFileKeepsItsContent() throws {
        let cli = Notesctl()
        let note = (cli.run("note", "add", "--title", "N", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let file = cli.dir.write("proposed.txt", "content an agent wants attached")
        let p = cli.run(["artifact", "add", note, file, "--propose", "--json"], env: ["NOTESCTL_ACTOR": "agent:bot"])
        #expect(p.status == 0, "\(p.stderr)")
        let lines = exportLines(cli)
        #expect(records(lines).compactMap { $0["type"] as? String }.filter { $0 == "blob" }.count == 1)
        let export = cli.dir.write("export.jsonl", cli.run("export").stdout)
        let copy = cli.dir.file("copy/notes.db")
        #expect(cli.run("--db", copy, "import", export).status == 0)
        let id = (p.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        let applied = cli.run("--db", copy, "proposal", "approve", id, "--apply", "--json")
        #expect(applied.status == 0, "\(applied.stderr)")
        let artifact = cli.run("--db", copy, "artifact", "list", "--json").array.first
        let out = cli.dir.file("out.txt")
        #expect(cli.run("--db", copy, "artifact", "get", artifact?["id"] as? String ?? "", "-o", out).status == 0)
        #expect(FileManager.default.contents(atPath: out) == Data("content an agent wants attached".utf8))
    }

    /// An import brings its own workspaces: it adds nothing to one that was there before.
    @Test func importAddsToNoWorkspaceItDidNotBring() {
        let cli = Notesctl()
        #expect(cli.run("init").status == 0)
        let ws = cli.run("workspace", "show", "personal", "--json").object["id"] as? String ?? ""
        let header = #"{"type":"notesctl-export","format":2,"schema_version":10,"exported_at":"2026-01-01T00:00:00.000Z"}"#
        let note = #"{"type":"note","id":"nt_01aaaaaaaaaaaaaaaaaaaaaaaa","workspace_id":"\#(ws)","title":"sneaked in","body":"","tags":[],"pinned":false,"archived":false,"trashed_at":null,"version":1,"created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z","created_by":"user:x","updated_by":"user:x","revisions":[]}"#
        let r = cli.run("import", cli.dir.write("in.jsonl", header + "\n" + note + "\n"), "--json")
        #expect(r.status == 6)
        #expect((r.error["details"] as? [String: Any])?["line"] as? Int == 2)
        #expect(cli.run("note", "list", "--json").array.isEmpty)
    }

    @Test func aBlobThatDoesNotMatchItsHashImportsNothing() throws {
        let (cli, _, _, _) = populatedWithArtifacts()
        let lines = cli.run("export").stdout.split(separator: "\n").map(String.init)
        // Same size, other content: only the hash can tell.
        let bad = changing(lines, "blob") { $0["content_base64"] = Data(repeating: 1, count: 5_000).base64EncodedString() }
        let line = (bad.firstIndex { $0.contains("\"type\":\"blob\"") } ?? -2) + 1
        let copy = cli.dir.file("copy/notes.db")
        try FileManager.default.createDirectory(atPath: cli.dir.file("copy"), withIntermediateDirectories: true)
        let r = cli.run("--db", copy, "import", cli.dir.write("bad.jsonl", bad.joined(separator: "\n")), "--json")
        #expect(r.status == 6, "\(r.stderr)")
        #expect((r.error["details"] as? [String: Any])?["line"] as? Int == line)
        #expect(!FileManager.default.fileExists(atPath: copy), "nothing imported: a first write that fails creates no store")
        #expect(blobFiles(besides: copy).isEmpty)

        // Into a store that exists, the same: no rows and no blob file.
        #expect(cli.run("--db", copy, "import", cli.dir.write("header.jsonl", lines[0])).status == 0)
        #expect(cli.run("--db", copy, "import", cli.dir.file("bad.jsonl")).status == 6)
        #expect(cli.run("--db", copy, "workspace", "list", "--json").array.isEmpty)
        #expect(blobFiles(besides: copy).isEmpty)

        // A good blob written before a later line fails is removed again.
        let late = changing(lines, "mention") { $0["target_id"] = "nt_01m8zzzzzzzzzzzzzzzzzzzzzz" }
        let r2 = cli.run("--db", copy, "import", cli.dir.write("late.jsonl", late.joined(separator: "\n")), "--json")
        #expect(r2.status == 6, "\(r2.stderr)")
        #expect((r2.error["message"] as? String)?.contains("mention of a note not imported") == true)
        #expect(cli.run("--db", copy, "workspace", "list", "--json").array.isEmpty)
        #expect(blobFiles(besides: copy).isEmpty, "the blob this import wrote went with it")

        // Malformed base64 and a wrong size are refused as well.
        for broken in [changing(lines, "blob") { $0["content_base64"] = "AAAA\nAAAA" },
                       changing(lines, "blob") { $0["content_base64"] = "AB==" },
                       changing(lines, "blob") { $0["size"] = 4_999 },
                       changing(lines, "blob") { $0["sha256"] = String(repeating: "A", count: 64) }] {
            #expect(cli.run("--db", copy, "import", cli.dir.write("broken.jsonl", broken.joined(separator: "\n"))).status == 6)
        }
        #expect(blobFiles(besides: copy).isEmpty)
    }

    @Test func aProposalWhoseOperationsDoNotMatchItsDigestIsRefused() {
        let (cli, _, _, _) = populatedWithArtifacts()
        let lines = cli.run("export").stdout.split(separator: "\n").map(String.init)
        let bad = changing(lines, "proposal") { p in
            var ops = p["operations"] as? [[String: Any]] ?? []
            var args = ops.first?["args"] as? [String: Any] ?? [:]
            args["title"] = "EVIL"
            if !ops.isEmpty { ops[0]["args"] = args }
            p["operations"] = ops
        }
        let r = cli.run("--db", cli.dir.file("copy.db"), "import", cli.dir.write("bad.jsonl", bad.joined(separator: "\n")), "--json")
        #expect(r.status == 6, "\(r.stderr)")
        let details = r.error["details"] as? [String: Any] ?? [:]
        #expect(details["reason"] as? String == "digest_mismatch")
        #expect(details["line"] as? Int == (bad.firstIndex { $0.contains("\"type\":\"proposal\"") } ?? -2) + 1)
        let expired = changing(lines, "proposal") { $0["state"] = "expired" }
        #expect(cli.run("--db", cli.dir.file("copy.db"), "import", cli.dir.write("expired.jsonl", expired.joined(separator: "\n"))).status == 6,
                "expired is computed, never stored")
    }

    /// A note record without its revisions imports as its current version only; the request
    /// that made that version is unknown ("" in history), not the import's.
    @Test func aNoteWithoutRevisionsImportsAsItsCurrentVersion() {
        let cli = populated()
        let lines = cli.run("export").stdout.split(separator: "\n").map(String.init)
        var noteId = ""
        let stripped = changing(lines, "note") { note in
            note["revisions"] = []
            noteId = note["id"] as? String ?? ""
        }
        let copy = cli.dir.file("copy.db")
        let r = cli.run("--db", copy, "import", cli.dir.write("stripped.jsonl", stripped.joined(separator: "\n")), "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let importRequest = (r.object["request"] as? [String: Any])?["id"] as? String
        let history = cli.run("--db", copy, "note", "history", noteId, "--json").array
        let version = (cli.run("--db", copy, "note", "show", noteId, "--json").object["version"] as? Int) ?? 0
        #expect(history.map { $0["version"] as? Int } == [version])
        #expect(history.first?["request_id"] as? String == "")
        #expect(history.first?["request_id"] as? String != importRequest)
    }

    @Test func formatOneExportsStillImport() {
        let cli = populated()
        let lines = cli.run("export").stdout.split(separator: "\n").map(String.init)
        let v1 = changing(lines, "notesctl-export") { $0["format"] = 1 }
        #expect(records(v1).allSatisfy { !["blob", "artifact", "proposal", "mention"].contains($0["type"] as? String ?? "") })
        let copy = cli.dir.file("copy.db")
        let r = cli.run("--db", copy, "import", cli.dir.write("v1.jsonl", v1.joined(separator: "\n")), "--json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(exportLines(cli, db: copy) == exportLines(cli))
        let newer = changing(lines, "notesctl-export") { $0["format"] = 3 }
        let r3 = cli.run("--db", copy, "import", cli.dir.write("v3.jsonl", newer.joined(separator: "\n")), "--json")
        #expect(r3.status == 6)
        #expect((r3.error["details"] as? [String: Any])?["line"] as? Int == 1)
    }

    @Test func aMissingOrCorruptBlobFailsTheExport() throws {
        let (cli, _, _, _) = populatedWithArtifacts()
        let sha = records(exportLines(cli)).first { $0["type"] as? String == "blob" }?["sha256"] as? String ?? ""
        let path = cli.dir.path + "/store/blobs/" + sha.prefix(2) + "/" + sha.dropFirst(2)
        try Data("changed".utf8).write(to: URL(fileURLWithPath: path))
        let r = cli.run("export", "--json")
        #expect(r.status == 7)
        #expect(r.error["code"] as? String == "unavailable")
        try FileManager.default.removeItem(atPath: path)
        #expect(cli.run("export").status == 7)
    }

    /// An export from an earlier notesctl holds mention records this one no longer derives
    /// from the body ([[…]] in code, a note naming itself): they are left out, not the import.
    @Test func mentionRecordsTheBodyNoLongerMakesAreLeftOut() throws {
        let cli = Notesctl()
        let note = (cli.run("note", "add", "--title", "Self", "--body", "[[Real]] `[[Example]]` [[Self]]", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        var lines = cli.run("export").stdout.split(separator: "\n").map(String.init)
        // [[Real]] dangles; [[Self]] waits for another note of that title.
        #expect(records(lines).filter { $0["type"] as? String == "mention" }.count == 2)
        for (i, text) in ["Example", "Self"].enumerated() {
            lines.append("{\"type\": \"mention\", \"id\": \"ln_01m8zzzzzzzzzzzzzzzzzzzzz\(i)\", \"source_id\": \"\(note)\", \"target_id\": null, \"target_text\": \"\(text)\", \"created_at\": \"2026-12-01T00:00:00.000Z\", \"created_by\": \"user:old\"}")
        }
        let file = cli.dir.write("old.jsonl", lines.joined(separator: "\n") + "\n")
        let copy = cli.dir.file("copy.db")
        let imported = cli.run("--db", copy, "import", file, "--json")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect((imported.object["import"] as? [String: Any])?["mentions"] as? Int == 2)
        #expect(cli.run("--db", copy, "link", "dangling", "--json").array.compactMap { $0["target_text"] as? String } == ["Real"])
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

    /// A backup holds its artifacts' content too (blobs/ beside it, each checked): the copy
    /// passes health --deep and gives every artifact back. The store's own path is refused.
    @Test func backupCarriesTheArtifactsContent() throws {
        let (cli, a, _, content) = populatedWithArtifacts()
        let path = cli.dir.file("elsewhere/copy.db")
        let r = cli.run("backup", path, "--json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.object["blobs"] as? Int == 1 && (r.object["missing_blobs"] as? [Any])?.isEmpty == true, "\(r.stdout)")
        #expect(cli.run("--db", path, "artifact", "verify").status == 0)
        #expect(cli.run("--db", path, "health", "--deep").status == 0)
        #expect(exportLines(cli, db: path) == exportLines(cli))
        let artifact = cli.run("--db", path, "artifact", "list", "--note", a, "--json").array.first { $0["uri"] is NSNull }?["id"] as? String ?? ""
        let out = cli.dir.file("got.bin")
        #expect(cli.run("--db", path, "artifact", "get", artifact, "-o", out).status == 0)
        #expect(FileManager.default.contents(atPath: out) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        // Onto itself, even with --force: exit 2, and the store is as it was.
        let own = cli.run("backup", cli.db, "--force")
        #expect(own.status == 2, "\(own.stderr)")
        #expect(cli.run("health", "--deep").status == 0)
        // Content that is corrupt in the store is not copied, and is named.
        let sha = (r.object["missing_blobs"] as? [String] ?? []).first ?? records(exportLines(cli)).first { $0["type"] as? String == "blob" }?["sha256"] as? String ?? ""
        let blob = cli.dir.path + "/store/blobs/" + sha.prefix(2) + "/" + sha.dropFirst(2)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: blob)
        try Data("rot".utf8).write(to: URL(fileURLWithPath: blob))
        let rotten = cli.run("backup", cli.dir.file("third/copy.db"), "--json")
        #expect(rotten.status == 0 && rotten.object["missing_blobs"] as? [String] == [sha], "\(rotten.stdout)")
        #expect(!FileManager.default.fileExists(atPath: cli.dir.file("third/blobs/") + sha.prefix(2) + "/" + sha.dropFirst(2)))
        // Beside the store, or its -wal: exit 2 (a copy there would share its blobs/).
        for beside in ["store/other.db", "store/notes.db-wal", "store/blobs/x.db", "store/blobs/new/x.db"] {
            #expect(cli.run("backup", cli.dir.file(beside), "--force").status == 2, "\(beside)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.dir.file("store/blobs/new")))
        #expect(cli.run("backup", cli.dir.file("store/sub/x.db")).status == 0, "a folder of its own inside the store's")
    }

    /// A blob already in the backup's folder (an earlier backup) counts only when it is intact:
    /// a corrupt one is replaced from the store.
    @Test func aBackupReplacesACorruptBlobOfAnEarlierOne() throws {
        let (cli, _, _, _) = populatedWithArtifacts()
        #expect(cli.run("backup", cli.dir.file("bk/one.db")).status == 0)
        let sha = records(exportLines(cli)).first { $0["type"] as? String == "blob" }?["sha256"] as? String ?? ""
        let copy = cli.dir.file("bk/blobs/") + sha.prefix(2) + "/" + sha.dropFirst(2)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy)
        try Data("rot".utf8).write(to: URL(fileURLWithPath: copy))
        let r = cli.run("backup", cli.dir.file("bk/two.db"), "--json")
        #expect(r.status == 0 && r.object["blobs"] as? Int == 1, "\(r.stdout)")
        #expect(cli.run("--db", cli.dir.file("bk/two.db"), "artifact", "verify").status == 0)
    }
}
