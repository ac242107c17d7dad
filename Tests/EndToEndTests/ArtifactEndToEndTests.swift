import Foundation
import Testing
import TestSupport

@Suite struct ArtifactEndToEndTests {
    func setup() -> (Notesctl, String, String, Data) {
        let cli = Notesctl()
        let note = (cli.run("note", "add", "--title", "A", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let content = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let file = cli.dir.file("data.bin")
        FileManager.default.createFile(atPath: file, contents: content)
        return (cli, note, file, content)
    }

    func blobPath(_ cli: Notesctl, _ sha: String) -> String { cli.dir.path + "/store/blobs/" + sha.prefix(2) + "/" + sha.dropFirst(2) }

    /// Attaches `file` to `note`, then changes two bytes of its stored blob (same size).
    func addCorrupted(_ cli: Notesctl, _ note: String, _ file: String) throws -> (id: String, sha: String) {
        let a = cli.run("artifact", "add", note, file, "--json").object["artifact"] as? [String: Any] ?? [:]
        let sha = a["sha256"] as? String ?? ""
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: blobPath(cli, sha)))
        handle.seek(toFileOffset: 10)
        handle.write(Data([0xFF, 0xFE]))
        try handle.close()
        return (a["id"] as? String ?? "", sha)
    }

    @Test func fileIsStoredOnceByHashAndComesBackVerified() throws {
        let (cli, note, file, content) = setup()
        let r = cli.run("artifact", "add", note, file, "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let a = r.object["artifact"] as? [String: Any] ?? [:]
        for key in ["id", "note_id", "name", "media_type", "size", "sha256", "uri"] { #expect(a.keys.contains(key), "\(key)") }
        #expect(a["size"] as? Int == 70_000)
        #expect(a["name"] as? String == "data.bin")
        let sha = a["sha256"] as? String ?? ""
        let expected = runProcess("/usr/bin/sha256sum", [file], env: cli.env).stdout.prefix(64)
        #expect(sha == String(expected))
        #expect(cli.run("artifact", "add", note, file, "--name", "again.bin").status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.dir.path + "/store/blobs/" + sha.prefix(2)).count == 1, "deduplicated")
        #expect(try FileManager.default.attributesOfItem(atPath: blobPath(cli, sha))[.posixPermissions] as? Int == 0o600)
        let out = cli.dir.file("out.bin")
        #expect(cli.run("artifact", "get", a["id"] as? String ?? "", "-o", out).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == content)
        #expect(cli.run("artifact", "list", "--note", note, "--json").array.count == 2)
        #expect(cli.run("artifact", "verify").status == 0)
    }

    @Test func corruptOrMissingBlobIsExit7AndLeavesNoFile() throws {
        let (cli, note, file, _) = setup()
        let (id, sha) = try addCorrupted(cli, note, file)
        let out = cli.dir.file("out.bin")
        let r = cli.run("artifact", "get", id, "-o", out)
        #expect(r.status == 7)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: out + ".notesctl-partial"))
        #expect(cli.run("artifact", "verify").status == 7)
        #expect(cli.run("health", "--deep").status == 7)
        try FileManager.default.removeItem(atPath: blobPath(cli, sha))
        #expect(cli.run("artifact", "get", id, "-o", out).status == 7)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Adding the file again repairs its corrupt blob (same size, changed bytes): the new
    /// artifact and the old one both give the content back.
    @Test func addingTheFileAgainRepairsItsBlob() throws {
        let (cli, note, file, content) = setup()
        let (id, _) = try addCorrupted(cli, note, file)
        #expect(cli.run("artifact", "verify").status == 7)
        let again = cli.run("artifact", "add", note, file, "--name", "again.bin", "--json")
        #expect(again.status == 0, "\(again.stderr)")
        let out = cli.dir.file("out.bin")
        for artifact in [id, (again.object["artifact"] as? [String: Any])?["id"] as? String ?? ""] {
            #expect(cli.run("artifact", "get", artifact, "-o", out).status == 0)
            #expect(FileManager.default.contents(atPath: out) == content)
            try FileManager.default.removeItem(atPath: out)
        }
        #expect(cli.run("artifact", "verify").status == 0)
    }

    @Test func referencesAndBadInput() {
        let (cli, note, _, _) = setup()
        let sha = String(repeating: "a", count: 64)
        let r = cli.run("artifact", "add", note, "--uri", "s3://bucket/report.pdf", "--sha256", sha, "--size", "10", "--json")
        #expect(r.status == 0)
        let a = r.object["artifact"] as? [String: Any] ?? [:]
        #expect(a["media_type"] as? String == "application/pdf")
        #expect(a["uri"] as? String == "s3://bucket/report.pdf")
        #expect(cli.run("artifact", "get", a["id"] as? String ?? "").status == 6, "a reference has no content here")
        #expect(cli.run("artifact", "add", note, cli.dir.file("missing.bin")).status == 6)
        #expect(cli.run("artifact", "add", note, "--uri", "s3://x", "--sha256", "nothex").status == 6)
        #expect(cli.run("artifact", "add", note).status == 2)
        #expect(cli.run("artifact", "list", "--json").array.count == 1, "failed adds wrote nothing")
    }

    func blobs(_ cli: Notesctl) -> [String] {
        let root = cli.dir.path + "/store/blobs"
        return ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).flatMap { sub in
            ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + sub)) ?? []).map { sub + $0 }
        }
    }

    @Test func dryRunOfAFileMeasuresItAndWritesNothing() {
        let (cli, note, file, _) = setup()
        let r = cli.run("artifact", "add", note, file, "--dry-run", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        #expect((r.object["request"] as? [String: Any])?["dry_run"] as? Bool == true)
        let a = r.object["artifact"] as? [String: Any] ?? [:]
        #expect(a["size"] as? Int == 70_000)
        #expect((a["sha256"] as? String)?.count == 64)
        #expect(blobs(cli).isEmpty, "no blob kept")
        #expect(cli.run("artifact", "list", "--json").array.isEmpty)
    }

    /// Everything under blobs/: the content and any staging temp file.
    func blobFiles(_ cli: Notesctl) -> [String] {
        let root = cli.dir.path + "/store/blobs"
        return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder) && !isFolder.boolValue
        }
    }

    /// However an add fails, before the write or in it, after its content was put in place or
    /// before, nothing of it stays in blobs/.
    @Test func aFailedAddLeavesNoBlobBehind() {
        let (cli, note, file, _) = setup()
        let failures: [([String], Int32)] = [
            (["artifact", "add", "nt_01m8srp28cr63ssg9y4fdbc3q6", file], 3),        // no such note
            (["artifact", "add", note, file, "--media-type", "bogus"], 6),          // fails after placing
            (["artifact", "add", note, file, "--reason", "why"], 2),                // refused before the write
            (["artifact", "add", note, file, "--idempotency-key", "bad key"], 2),
        ]
        for (args, status) in failures {
            let r = cli.run(args)
            #expect(r.status == status, "\(args): \(r.stderr)")
            #expect(blobFiles(cli).isEmpty, "\(args) left \(blobFiles(cli))")
        }
        #expect(cli.run("artifact", "add", note, file).status == 0)
        #expect(blobFiles(cli).count == 1, "the content, and no staging")
    }

    /// The content of a pending `artifact add` proposal is referenced: gc keeps it, and applying
    /// the proposal attaches it; once decided against, gc may take it.
    @Test func gcKeepsTheContentOfALiveProposal() throws {
        let (cli, note, file, content) = setup()
        let agent = ["NOTESCTL_ACTOR": "agent:bot"]
        let p = cli.run(["artifact", "add", note, file, "--propose", "--json"], env: agent)
        #expect(p.status == 0, "\(p.stderr)")
        let id = (p.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        let files = blobFiles(cli)
        #expect(files.count == 1)
        for f in files {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: cli.dir.path + "/store/blobs/" + f)
        }
        #expect((cli.run("gc", "--json").object["gc"] as? [String: Any])?["unreferenced_blobs"] as? Int == 0)
        #expect(cli.run(["proposal", "approve", id, "--apply"], env: ["NOTESCTL_ACTOR": "user:ed"]).status == 5, "not a member")
        #expect(cli.run("workspace", "member", "add", "user:ed", "--role", "editor").status == 0)
        #expect(cli.run(["proposal", "approve", id, "--apply"], env: ["NOTESCTL_ACTOR": "user:ed"]).status == 0)
        let attached = cli.run("artifact", "list", "--note", note, "--json").array
        #expect(attached.count == 1)
        let out = cli.dir.file("out.bin")
        #expect(cli.run("artifact", "get", attached.first?["id"] as? String ?? "", "-o", out).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == content)
        // A rejected proposal's content is nobody's: gc removes it once it is old.
        let other = cli.dir.file("other.bin")
        FileManager.default.createFile(atPath: other, contents: Data("other content".utf8))
        let q = cli.run(["artifact", "add", note, other, "--propose", "--json"], env: agent)
        let qid = (q.object["proposal"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("proposal", "reject", qid, "--reason", "no").status == 0)
        for f in blobFiles(cli) {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: cli.dir.path + "/store/blobs/" + f)
        }
        #expect((cli.run("gc", "--json").object["gc"] as? [String: Any])?["unreferenced_blobs"] as? Int == 1)
        #expect(blobFiles(cli).count == 1)
    }

    /// In canonical form (apply, proposals) content is named by sha256 and size: both must
    /// match a blob in the store.
    @Test func canonicalAddsMustNameAStoredBlobExactly() {
        let (cli, note, file, _) = setup()
        let a = cli.run("artifact", "add", note, file, "--json").object["artifact"] as? [String: Any] ?? [:]
        let sha = a["sha256"] as? String ?? ""
        func apply(_ args: String) -> CLIResult {
            cli.run(["apply", "--file", "-", "--json"], stdin: #"{"operations": [{"command": "artifact add", "args": {"note": "\#(note)", \#(args)}}]}"#)
        }
        #expect(apply(#""sha256": "\#(sha)", "size": 70000"#).status == 0)
        let wrongSize = apply(#""sha256": "\#(sha)", "size": 999"#)
        #expect(wrongSize.status == 6, "\(wrongSize.stderr)")
        #expect(apply(#""sha256": "\#(String(repeating: "b", count: 64))", "size": 1"#).status == 6, "no such blob")
        #expect(apply(#""sha256": "../../../../etc/passwd", "size": 1"#).status == 6, "not a hash")
        #expect(cli.run("artifact", "list", "--json").array.count == 2)
        // A size changed behind notesctl's back is a problem for verify.
        #expect(cli.sqlite("UPDATE artifacts SET size = 5 WHERE id = '\(a["id"] as? String ?? "")'").status == 0)
        let v = cli.run("artifact", "verify", "--json")
        #expect(v.status == 7)
        #expect((v.object["problems"] as? [[String: Any]])?.count == 1)
    }

    /// Artifacts belong to their note's workspace, where it moves too.
    @Test func artifactsMoveWithTheirNote() {
        let (cli, note, file, _) = setup()
        let a = cli.run("artifact", "add", note, file, "--json").object["artifact"] as? [String: Any] ?? [:]
        #expect(cli.run("workspace", "create", "Team", "--slug", "team").status == 0)
        let team = cli.run("workspace", "show", "team", "--json").object["id"] as? String
        #expect(cli.run("note", "move", note, "--to", "team").status == 0)
        #expect(cli.run("artifact", "show", a["id"] as? String ?? "", "--json").object["workspace_id"] as? String == team)
        #expect(cli.run("-w", "team", "artifact", "list", "--json").array.count == 1)
        #expect(cli.run("artifact", "list", "--json").array.isEmpty, "not left in the workspace the note left")
    }

    @Test func gcPurgesOnlyOldTrash() {
        let cli = Notesctl()
        let old = (cli.run("note", "add", "--title", "old", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let kept = (cli.run("note", "add", "--title", "kept", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        #expect(cli.run("note", "rm", old).status == 0)
        #expect(cli.run("note", "rm", kept).status == 0)
        _ = cli.sqlite("UPDATE notes SET trashed_at = '2000-01-01T00:00:00.000Z' WHERE id = '\(old)'")
        let r = cli.run("gc", "--purge-trash", "30d", "--json")
        #expect((r.object["gc"] as? [String: Any])?["purged_notes"] as? Int == 1)
        #expect(cli.run("note", "show", old).status == 3)
        #expect(cli.run("note", "show", kept).status == 0)
        #expect(cli.run("audit", "list", "--action", "note.purge", "--json").array.count == 1)
        #expect(cli.run("gc", "--purge-trash", "soon").status == 2)
    }

    /// The content of an artifact that gc purges with the trash stays until the next gc: no
    /// blob goes in the write that deletes its last reference (a failed COMMIT would keep it).
    @Test func gcTakesThePurgedArtifactsContentNextTime() throws {
        let (cli, note, file, _) = setup()
        let sha = (cli.run("artifact", "add", note, file, "--json").object["artifact"] as? [String: Any])?["sha256"] as? String ?? ""
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: blobPath(cli, sha))
        #expect(cli.run("note", "rm", note).status == 0)
        _ = cli.sqlite("UPDATE notes SET trashed_at = '2000-01-01T00:00:00.000Z' WHERE id = '\(note)'")
        let first = cli.run("gc", "--purge-trash", "30d", "--json").object["gc"] as? [String: Any]
        #expect(first?["purged_notes"] as? Int == 1 && first?["unreferenced_blobs"] as? Int == 0)
        #expect(FileManager.default.fileExists(atPath: blobPath(cli, sha)))
        #expect((cli.run("gc", "--json").object["gc"] as? [String: Any])?["unreferenced_blobs"] as? Int == 1)
        #expect(!FileManager.default.fileExists(atPath: blobPath(cli, sha)))
    }

    @Test func gcRemovesOnlyOldUnreferencedBlobs() throws {
        let (cli, note, file, _) = setup()
        let a = cli.run("artifact", "add", note, file, "--json").object["artifact"] as? [String: Any] ?? [:]
        let sha = a["sha256"] as? String ?? ""
        #expect(cli.run("artifact", "rm", a["id"] as? String ?? "").status == 0)
        #expect(FileManager.default.fileExists(atPath: blobPath(cli, sha)))
        #expect((cli.run("gc", "--json").object["gc"] as? [String: Any])?["unreferenced_blobs"] as? Int == 0, "too young to collect")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: blobPath(cli, sha))
        // What does not commit removes nothing: a dry run, a proposal, a batch that fails later.
        #expect(cli.run("gc", "--dry-run").status == 0)
        #expect(cli.run("gc", "--propose", "--reason", "later").status == 0)
        let failing = #"{"operations": [{"command": "gc", "args": {}}, {"command": "note edit", "args": {"id": "nt_01m8zzzzzzzzzzzzzzzzzzzzzz", "title": "x"}}]}"#
        #expect(cli.run(["apply", "--file", "-"], stdin: failing).status == 3)
        #expect(FileManager.default.fileExists(atPath: blobPath(cli, sha)), "removed by a write that did not commit")
        #expect((cli.run("gc", "--json").object["gc"] as? [String: Any])?["unreferenced_blobs"] as? Int == 1)
        #expect(!FileManager.default.fileExists(atPath: blobPath(cli, sha)))
    }
}
