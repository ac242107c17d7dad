import Testing
@testable import NotesCore

@Suite struct TaskParserTests {
    @Test func findsCheckboxesWithDueAndTags() {
        let body = "# T\n- [ ] plain\n* [x] done #a #b-c\n  + [X] nested due:2026-12-01 (#paren)\n- [] not a task\n-[ ] no space\n- [y] odd\ntext #notatask"
        let found = TaskParser.parse(body)
        #expect(found.map(\.text) == ["plain", "done #a #b-c", "nested due:2026-12-01 (#paren)"])
        #expect(found.map(\.done) == [false, true, true])
        #expect(found.map(\.line) == [2, 3, 4])
        #expect(found[1].tags == ["a", "b-c"])
        #expect(found[2].due == "2026-12-01")
        #expect(found[2].tags == ["paren"])
        #expect(TaskParser.parse("- [ ] bad due:2026-02-30").first?.due == nil)
        // A due date is a word of its own, as a tag is.
        for text in ["pay overdue:2026-01-01 fee", "a xdue:2026-01-01", "b due:2026-01-0123", "c due:2026-01-01x", "d due:2026-01-01-02"] {
            #expect(TaskParser.parse("- [ ] " + text).first?.due == nil, "\(text)")
        }
        for text in ["due:2026-01-01 first", "end due:2026-01-01", "(due:2026-01-01)", "x due:2026-01-01, y", "overdue:2025-01-01 due:2026-01-01.",
                     "**due:2026-01-01**", "[due:2026-01-01]", "\"due:2026-01-01\"", "_due:2026-01-01_", "期限due:2026-01-01"] {
            #expect(TaskParser.parse("- [ ] " + text).first?.due == "2026-01-01", "\(text)")
        }
        #expect(TaskParser.parse("- [ ] email#nottag").first?.tags == [])
    }

    @Test func crlfBodiesHaveOneTaskALine() {
        let found = TaskParser.parse("- [ ] first\r\n- [x] second #a\r\n\r\n* [ ] third due:2026-12-01\r\n")
        #expect(found.map(\.text) == ["first", "second #a", "third due:2026-12-01"])
        #expect(found.map(\.line) == [1, 2, 4])
        #expect(found[1].tags == ["a"] && found[2].due == "2026-12-01")
    }

    /// As Markdown renders it: a checkbox inside a fenced code block is code, not a task.
    @Test func checkboxesInFencedCodeAreNotTasks() {
        let body = "- [ ] before\n```md\n- [ ] in code\n~~~\n- [ ] still code\n```\n- [ ] after\n~~~~\n- [ ] tilde code\n```\n~~~~\n  ```\n- [ ] open to the end"
        let found = TaskParser.parse(body)
        #expect(found.map(\.text) == ["before", "after"])
        #expect(found.map(\.line) == [1, 7])
        // Backticks inside the info string: not a fence, so the box counts.
        #expect(TaskParser.parse("``` a`b\n- [ ] counted").map(\.text) == ["counted"])
    }

    @Test func settingRewritesOnlyTheCheckbox() {
        #expect(TaskParser.setting("  * [ ] call [mum] x", done: true) == "  * [x] call [mum] x")
        #expect(TaskParser.setting("- [X] done", done: false) == "- [ ] done")
        #expect(TaskParser.setting("not a task", done: true) == nil)
    }
}

@Suite struct TaskServiceTests {
    func tasks(_ h: Harness, _ configure: (inout TaskService.Filter) -> Void = { _ in }) throws -> [NoteTask] {
        var f = TaskService.Filter()
        configure(&f)
        var out: [NoteTask] = []
        try h.read { try TaskService($0).list(f) { out.append($0) } }
        return out
    }

    @Test func idsStayStableAcrossEditsAndMoves() throws {
        let h = try Harness()
        let n = try h.addNote("Plan", body: "- [ ] alpha\n- [ ] beta\n- [ ] gamma")
        let before = Dictionary(uniqueKeysWithValues: try tasks(h).map { ($0.text, $0.id) })
        var e = NoteService.Edit()
        e.body = "intro\n- [ ] gamma\n- [ ] alpha\n- [ ] beta (edited)\n- [ ] delta"
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }
        let after = try tasks(h)
        #expect(after.map(\.text) == ["gamma", "alpha", "beta (edited)", "delta"])
        #expect(after[0].id == before["gamma"])
        #expect(after[1].id == before["alpha"])
        #expect(after[2].id == before["beta"], "an edited line keeps its id")
        #expect(!before.values.contains(after[3].id))
        #expect(after.map(\.line) == [2, 3, 4, 5])
    }

    /// Of equal lines, the one that survives keeps the id of the one it was: the same state
    /// first (a ticked task the script holds), then the nearest line.
    @Test func duplicateLinesKeepTheirOwnIds() throws {
        let h = try Harness()
        let n = try h.addNote("Dup", body: "- [ ] same\n- [ ] same\n- [ ] same")
        let ids = try tasks(h).map(\.id)
        _ = try h.write { try TaskService($0).setDone(ids[1], true) }
        var e = NoteService.Edit()
        e.body = "- [x] same"  // the open ones deleted, the ticked one kept
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }
        #expect(try tasks(h).map(\.id) == [ids[1]])
        e.body = "- [x] same\n- [ ] same\nmore\n- [ ] same"
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }
        let grown = try tasks(h)
        #expect(grown.first?.id == ids[1])
        e.body = "- [ ] same\n- [ ] same\nmore\n- [x] same"  // the ticked one moved to the end
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }
        let moved = try tasks(h)
        #expect(moved.last?.id == ids[1] && moved.last?.done == true)
        #expect(Set(moved.dropLast().map(\.id)) == Set(grown.dropFirst().map(\.id)), "the open ones keep theirs")
    }

    @Test func doneRewritesTheBodyAsANewVersion() throws {
        let h = try Harness()
        let n = try h.addNote("Plan", body: "- [ ] ship it\nafter")
        let task = try #require(try tasks(h).first)
        let done = try h.write { try TaskService($0).setDone(task.id, true) }.0
        #expect(done.done && done.id == task.id)
        let note = try h.read { try NoteService($0).show(n.id) }
        #expect(note.body == "- [x] ship it\nafter")
        #expect(note.version == 2)
        #expect(try tasks(h) { $0.open = true }.isEmpty)
        _ = try h.write { try TaskService($0).setDone(task.id, false) }
        #expect(try h.read { try NoteService($0).show(n.id) }.body == "- [ ] ship it\nafter")
        let actions = try h.events().compactMap { $0["action"]?.stringValue }.suffix(4)
        #expect(Array(actions) == ["note.update", "task.done", "note.update", "task.reopen"])
    }

    @Test func addAndRemoveEditTheBody() throws {
        let h = try Harness()
        let n = try h.addNote("Plan", body: "intro")
        let added = try h.write { try TaskService($0).add(note: n.id, text: "call bank due:2026-12-01 #admin") }.0
        #expect(added.line == 2 && added.due == "2026-12-01" && added.tags == ["admin"])
        #expect(try h.read { try NoteService($0).show(n.id) }.body == "intro\n- [ ] call bank due:2026-12-01 #admin\n")
        _ = try h.write { try TaskService($0).remove(added.id) }
        #expect(try h.read { try NoteService($0).show(n.id) }.body == "intro\n")
        #expect(code { _ = try h.read { try TaskService($0).show(added.id) } } == .notFound)
        #expect(code { _ = try h.write { try TaskService($0).add(note: n.id, text: "two\nlines") } } == .invalid)
    }

    /// CRLF bodies keep their line ends when a task changes or is added.
    @Test func tasksOfCRLFBodiesRewriteInPlace() throws {
        let h = try Harness()
        let n = try h.addNote("Plan", body: "- [ ] one\r\n- [ ] two\r\n")
        let all = try tasks(h)
        #expect(all.map(\.text) == ["one", "two"])
        _ = try h.write { try TaskService($0).setDone(all[1].id, true) }
        #expect(try h.read { try NoteService($0).show(n.id) }.body == "- [ ] one\r\n- [x] two\r\n")
        let added = try h.write { try TaskService($0).add(note: n.id, text: "three") }.0
        #expect(added.line == 3)
        #expect(try h.read { try NoteService($0).show(n.id) }.body == "- [ ] one\r\n- [x] two\r\n- [ ] three\r\n")
        #expect(NoteService.deriveTitle(from: "\r\n# Heading\r\ntext") == "Heading")
        // Removing the last line takes its whole line break, "\r" too.
        let m = try h.addNote("Tail", body: "a\r\n- [ ] one\r\n- [ ] two")
        let two = try #require(try tasks(h) { $0.note = m.id }.last)
        _ = try h.write { try TaskService($0).remove(two.id) }
        #expect(try h.read { try NoteService($0).show(m.id) }.body == "a\r\n- [ ] one")
        _ = try h.write { try TaskService($0).add(note: m.id, text: "three") }
        #expect(try h.read { try NoteService($0).show(m.id) }.body == "a\r\n- [ ] one\r\n- [ ] three\r\n")
        #expect(try tasks(h) { $0.note = m.id }.map(\.text) == ["one", "three"])
    }

    /// A body that ends inside an open code fence takes no appended task: it would be code.
    @Test func taskAddRefusesABodyEndingInsideCode() throws {
        let h = try Harness()
        let n = try h.addNote("Code", body: "intro\n```\ncode")
        #expect(code { _ = try h.write { try TaskService($0).add(note: n.id, text: "new") } } == .conflict)
        #expect(try h.read { try NoteService($0).show(n.id) }.body == "intro\n```\ncode")
    }

    @Test func filtersAndScoping() throws {
        let h = try Harness()
        _ = try h.addNote("A", body: "- [ ] soon due:2026-01-01\n- [x] old due:2025-01-01\n- [ ] someday")
        let trashed = try h.addNote("B", body: "- [ ] hidden")
        _ = try h.write { try NoteService($0).trash(trashed.id, ifVersion: nil) }
        #expect(try tasks(h).count == 3)
        #expect(try tasks(h) { $0.open = true }.map(\.text) == ["soon due:2026-01-01", "someday"])
        #expect(try tasks(h) { $0.dueBefore = "2025-06-01" }.map(\.text) == ["old due:2025-01-01"])
        #expect(code { _ = try tasks(h) { $0.dueBefore = "tomorrow" } } == .invalid)
        #expect(try tasks(h) { $0.note = trashed.id }.count == 1, "asked by note, a trashed note's tasks show")
        #expect(code { _ = try h.read("user:mallory") { try TaskService($0).list(.init()) { _ in } } } == .forbidden)
    }
}

@Suite struct LinkServiceTests {
    func links(_ h: Harness, _ note: String, _ direction: LinkService.Direction = .both) throws -> [Link] {
        var out: [Link] = []
        try h.read { try LinkService($0).list(note, direction: direction, type: nil) { out.append($0) } }
        return out
    }

    @Test func typedLinksAddListRemove() throws {
        let h = try Harness()
        let a = try h.addNote("A"), b = try h.addNote("B")
        let link = try h.write { try LinkService($0).add(source: a.id, target: b.id, type: "blocks", label: "first") }.0
        #expect(try links(h, a.id, .out).map(\.id) == [link.id])
        #expect(try links(h, b.id, .in).map(\.id) == [link.id])
        #expect(try links(h, b.id, .out).isEmpty)
        #expect(code { _ = try h.write { try LinkService($0).add(source: a.id, target: b.id, type: "blocks", label: nil) } } == .conflict)
        #expect(code { _ = try h.write { try LinkService($0).add(source: a.id, target: a.id, type: "related", label: nil) } } == .invalid)
        #expect(code { _ = try h.write { try LinkService($0).add(source: a.id, target: b.id, type: "mentions", label: nil) } } == .invalid)
        _ = try h.write { try LinkService($0).remove(link.id) }
        #expect(try links(h, a.id).isEmpty)
        #expect(try h.events().compactMap { $0["action"]?.stringValue }.suffix(2) == ["link.create", "link.delete"])
    }

    @Test func mentionsFollowTheBodyAndResolveLater() throws {
        let h = try Harness()
        let a = try h.addNote("A", body: "see [[Budget]] and [[Nowhere]] and [[Budget]]")
        var dangling: [Link] = []
        try h.read { try LinkService($0).dangling { dangling.append($0) } }
        #expect(dangling.compactMap(\.targetText) == ["Budget", "Nowhere"])
        let budget = try h.addNote("budget")
        #expect(try links(h, a.id, .out).first { $0.targetText == "Budget" }?.targetId == budget.id, "case-insensitive title match")
        var e = NoteService.Edit()
        e.body = "only [[\(budget.id)]]"
        _ = try h.write { try NoteService($0).edit(a.id, e, ifVersion: nil) }
        #expect(try links(h, a.id, .out).map(\.targetId) == [budget.id])
        let mention = try #require(try links(h, a.id, .out).first)
        #expect(code { _ = try h.write { try LinkService($0).remove(mention.id) } } == .conflict)
        _ = try h.write { try NoteService($0).trash(budget.id, ifVersion: nil) }
        _ = try h.write { try NoteService($0).purge(budget.id, ifVersion: nil) }
        #expect(try links(h, a.id, .out).first?.targetId == nil, "a purged target leaves the mention dangling")
    }

    /// [[…]] in code is an example, not a mention: in fenced blocks (as for tasks) and code spans.
    @Test func mentionsInCodeAreNotMentions() {
        let body = "see [[E]]\n```\n[[A]]\n```\nuse `[[B]]` or ``a ` [[C]]`` here\nan open ` tick [[D]]\r\n~~~\n[[F]]"
        #expect(LinkService.mentions(in: body) == ["E", "D"])
        #expect(LinkService.mentions(in: "[[one]] [[two]]\n[[one]]") == ["one", "two"])
        #expect(LinkService.mentions(in: "[[across\nlines]]").isEmpty)
    }

    /// A note that names itself by id mentions nothing; by its title, the mention waits for
    /// another note of that title (in whichever order they are written) and is not dangling.
    @Test func aNoteNamingItselfIsNotDangling() throws {
        let h = try Harness()
        let me = try h.addNote("Self", body: "[[self]] and [[Elsewhere]]")
        var e = NoteService.Edit()
        e.body = "[[\(me.id)]] [[SELF]] [[Elsewhere]]"
        _ = try h.write { try NoteService($0).edit(me.id, e, ifVersion: nil) }
        #expect(try links(h, me.id, .out).map(\.targetText) == ["SELF", "Elsewhere"])
        var dangling: [Link] = []
        try h.read { try LinkService($0).dangling { dangling.append($0) } }
        #expect(dangling.compactMap(\.targetText) == ["Elsewhere"])
        let other = try h.addNote("Self")
        #expect(try links(h, me.id, .out).first?.targetId == other.id, "the other note of that title is mentioned, written after")
    }

    @Test func graphWalksBothWaysToDepth() throws {
        let h = try Harness()
        let a = try h.addNote("A"), b = try h.addNote("B"), c = try h.addNote("C"), d = try h.addNote("D")
        _ = try h.write { try LinkService($0).add(source: a.id, target: b.id, type: "parent", label: nil) }
        _ = try h.write { try LinkService($0).add(source: c.id, target: b.id, type: "related", label: nil) }
        _ = try h.write { try LinkService($0).add(source: c.id, target: d.id, type: "references", label: nil) }
        let g1 = try h.read { try LinkService($0).graph(a.id, depth: 1) }
        #expect(g1["nodes"]?.arrayValue?.count == 2)
        let g3 = try h.read { try LinkService($0).graph(a.id, depth: 3) }
        #expect(g3["nodes"]?.arrayValue?.compactMap { $0["title"]?.stringValue } == ["A", "B", "C", "D"])
        #expect(g3["edges"]?.arrayValue?.count == 3)
        #expect(code { _ = try h.read { try LinkService($0).graph(a.id, depth: 11) } } == .usage)
    }

    @Test func linksToUnreadableNotesAreHidden() throws {
        let h = try Harness()
        _ = try h.write { try WorkspaceService($0).create(name: "Secret", slug: "secret") }
        let secret = try h.addNote("secret", ws: "secret")
        let open = try h.addNote("open")
        try h.write { _ = try WorkspaceService($0).addMember("personal", actor: "user:bob", role: .editor) }
        _ = try h.write { try LinkService($0).add(source: open.id, target: secret.id, type: "related", label: nil) }
        #expect(try links(h, open.id).count == 1)
        var bobs: [Link] = []
        try h.read("user:bob") { try LinkService($0).list(open.id, direction: .both, type: nil) { bobs.append($0) } }
        #expect(bobs.isEmpty)
    }
}
