import Foundation
import Testing
import TestSupport

@Suite struct TaskLinkEndToEndTests {
    @Test func tasksThroughTheCLI() {
        let cli = Notesctl()
        let note = (cli.run("note", "add", "--title", "T", "--body", "- [ ] one due:2026-12-01 #x\n- [x] two", "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        let list = cli.run("task", "list", "--json").array
        #expect(list.count == 2)
        for key in ["id", "note_id", "workspace_id", "text", "done", "due", "tags", "line"] { #expect(list[0].keys.contains(key), "\(key)") }
        #expect(list[0]["text"] as? String == "one due:2026-12-01 #x")
        #expect(list[0]["tags"] as? [String] == ["x"])
        let id = list[0]["id"] as? String ?? ""
        let done = cli.run("task", "done", id, "--json")
        #expect(done.status == 0)
        #expect((done.object["task"] as? [String: Any])?["done"] as? Bool == true)
        #expect((cli.run("note", "show", note, "--json").object["body"] as? String)?.hasPrefix("- [x] one") == true)
        #expect(cli.run("task", "list", "--open", "--json").array.isEmpty)
        #expect(cli.run("task", "add", note, "three").status == 0)
        #expect(cli.run("task", "list", "--note", note, "--json").array.count == 3)
        #expect(cli.run("task", "show", "tk_zzzzzzzzzz").status == 3)
        #expect(cli.run(["task", "done", id], env: ["NOTESCTL_ACTOR": "agent:bot"]).status == 5)
    }

    @Test func linksThroughTheCLI() {
        let cli = Notesctl()
        func add(_ title: String, _ body: String = "") -> String {
            (cli.run("note", "add", "--title", title, "--body", body, "--json").object["note"] as? [String: Any])?["id"] as? String ?? ""
        }
        let a = add("A", "see [[B]] and [[Ghost]]"), b = add("B")
        let link = cli.run("link", "add", a, b, "--type", "blocks", "--label", "needs", "--json")
        #expect(link.status == 0, "\(link.stderr)")
        let object = link.object["link"] as? [String: Any] ?? [:]
        for key in ["id", "source_id", "target_id", "type", "label"] { #expect(object.keys.contains(key), "\(key)") }
        #expect(cli.run("link", "add", a, b).status == 2, "--type is required")
        #expect(cli.run("link", "add", a, b, "--type", "likes").status == 2)
        #expect(cli.run("link", "list", a, "--direction", "out", "--json").array.count == 3)
        #expect(cli.run("link", "list", b, "--direction", "in", "--type", "blocks", "--json").array.count == 1)
        #expect(cli.run("link", "dangling", "--json").array.compactMap { $0["target_text"] as? String } == ["Ghost"])
        #expect((cli.run("link", "graph", a, "--json").object["nodes"] as? [Any])?.count == 2)
        #expect(cli.run("link", "rm", object["id"] as? String ?? "").status == 0)
    }
}
