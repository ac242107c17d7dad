import Foundation
import Testing
import TestSupport

/// `--edit`: the body is written in `$VISUAL` or `$EDITOR`, from a plain command and from
/// inside `notesctl shell`; an edit that changes nothing writes nothing.
@Suite struct EditorTests {
    /// A small editor: a shell script that does `action` to the file it is given.
    func editor(_ cli: Notesctl, _ name: String, _ action: String) throws -> String {
        let path = cli.dir.write(name, "#!/bin/sh\n\(action)\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func note(_ cli: Notesctl, _ id: String) -> [String: Any] { cli.run("note", "show", id, "--json").object }
    func events(_ cli: Notesctl) -> Int { cli.run("audit", "list", "--json").array.count }

    func addNote(_ cli: Notesctl, body: String = "first body\n") throws -> String {
        let r = cli.run("note", "add", "--title", "Draft", "--body", body, "--json")
        let note = try #require(r.object["note"] as? [String: Any], "\(r.stderr)")
        return try #require(note["id"] as? String)
    }

    @Test func addWithEditUsesWhatTheEditorWrote() throws {
        let cli = Notesctl()
        let ed = try editor(cli, "write.sh", #"printf '# From the editor\nwritten there\n' > "$1""#)
        let r = cli.run(["note", "add", "--edit", "--tag", "ed", "--json"], env: ["EDITOR": ed])
        #expect(r.status == 0, "\(r.stderr)")
        let n = try #require(r.object["note"] as? [String: Any])
        #expect(n["title"] as? String == "From the editor", "the title comes from the first heading")
        #expect(n["body"] as? String == "# From the editor\nwritten there\n")
        #expect(n["tags"] as? [String] == ["ed"])
    }

    @Test func editOpensTheCurrentBodyAndSavesTheChange() throws {
        let cli = Notesctl()
        let id = try addNote(cli)
        let ed = try editor(cli, "append.sh", #"grep -q '^first body$' "$1" && printf 'added line\n' >> "$1""#)
        let r = cli.run(["note", "edit", id, "--edit", "--json"], env: ["EDITOR": ed])
        #expect(r.status == 0, "\(r.stderr)")
        let n = note(cli, id)
        #expect(n["body"] as? String == "first body\nadded line\n", "the editor saw the current body and appended")
        #expect(n["version"] as? Int == 2)
    }

    @Test func visualComesBeforeEditorAndMayCarryArguments() throws {
        let cli = Notesctl()
        let id = try addNote(cli)
        let visual = try editor(cli, "visual.sh", #"printf '%s\n' "$1" > /dev/null; printf 'by %s\n' "$V_WORD" > "$2""#)
        let wrong = try editor(cli, "wrong.sh", #"printf 'wrong editor\n' > "$1""#)
        let r = cli.run(["note", "edit", id, "--edit"], env: ["VISUAL": "V_WORD=visual \(visual) --flag", "EDITOR": wrong])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(note(cli, id)["body"] as? String == "by visual\n")
    }

    @Test func anUnchangedEditWritesNothing() throws {
        let cli = Notesctl()
        let id = try addNote(cli)
        let before = events(cli)
        let r = cli.run(["note", "edit", id, "--edit"], env: ["EDITOR": "true"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("No changes: nothing written."))
        #expect(note(cli, id)["version"] as? Int == 1, "no new version")
        #expect(events(cli) == before, "no audit event")
        #expect(cli.run("note", "history", id, "--json").array.count == 1)
    }

    @Test func aFailingEditorWritesNothing() throws {
        let cli = Notesctl()
        let id = try addNote(cli)
        let ed = try editor(cli, "fail.sh", #"printf 'half done\n' > "$1"; exit 3"#)
        let r = cli.run(["note", "edit", id, "--edit"], env: ["EDITOR": ed])
        #expect(r.status == 6)
        #expect(r.stderr.contains("exited with status 3: nothing was written"))
        #expect(note(cli, id)["version"] as? Int == 1)
    }

    @Test func editWorksFromInsideTheShell() throws {
        let cli = Notesctl()
        let id = try addNote(cli)
        let ed = try editor(cli, "sed.sh", #"sed -i 's/first/edited in the shell/' "$1""#)
        let before = events(cli)
        let r = cli.run(["shell"], env: ["EDITOR": ed], stdin: """
            note edit \(id) --edit
            note show \(id) --json --fields body,version

            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#"{"body":"edited in the shell body\n","version":2}"#), "\(r.stdout)")
        #expect(events(cli) == before + 1)

        // The same edit again changes nothing (the word is gone): no version, no event.
        let again = cli.run(["shell"], env: ["EDITOR": ed], stdin: "note edit \(id) --edit\n")
        #expect(again.status == 0)
        #expect(again.stderr.contains("No changes: nothing written."))
        #expect(note(cli, id)["version"] as? Int == 2)
        #expect(events(cli) == before + 1)
    }

    @Test func addWithEditFromInsideTheShellGoesThroughTheWritePath() throws {
        let cli = Notesctl()
        let ed = try editor(cli, "write.sh", #"printf 'Shell draft\n' > "$1""#)
        let r = cli.run(["shell"], env: ["EDITOR": ed], stdin: "note add --edit --idempotency-key ed-1 --json\n")
        #expect(r.status == 0, "\(r.stderr)")
        let receipt = r.object
        #expect((receipt["note"] as? [String: Any])?["title"] as? String == "Shell draft")
        #expect((receipt["request"] as? [String: Any])?["idempotency_key"] as? String == "ed-1")
    }
}
