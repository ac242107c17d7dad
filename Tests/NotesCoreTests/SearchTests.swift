import Testing
@testable import NotesCore

@Suite struct SearchTests {
    func search(_ h: Harness, _ q: String, actor: String = "user:alice", ws: String? = nil,
                _ configure: (inout SearchService.Request) -> Void = { _ in }) throws -> [JSONObject] {
        var r = SearchService.Request(query: q)
        configure(&r)
        var hits: [JSONObject] = []
        try h.read(actor, ws: ws) { try SearchService($0).search(r) { hits.append($0) } }
        return hits
    }

    func titles(_ hits: [JSONObject]) -> [String] { hits.compactMap { $0["title"]?.stringValue } }

    @Test func titleHitRanksAboveBodyHit() throws {
        let h = try Harness()
        _ = try h.addNote("Groceries", body: "remember the quarterly budget spreadsheet")
        _ = try h.addNote("Budget", body: "numbers")
        let hits = try search(h, "budget")
        #expect(titles(hits) == ["Budget", "Groceries"])
        let scores = hits.compactMap { if case .double(let d)? = $0["score"] { return d } else { return nil } }
        #expect(scores.count == 2 && scores[0] > scores[1])
        #expect(hits[1]["snippet"]?.stringValue?.contains("budget") == true)
    }

    @Test func snippetsCarryTheRequestedMarkers() throws {
        let h = try Harness()
        _ = try h.addNote("x", body: "alpha beta gamma")
        let hits = try search(h, "beta") { $0.markStart = "<<"; $0.markEnd = ">>" }
        #expect(hits.first?["snippet"] == "alpha <<beta>> gamma")
    }

    @Test(arguments: ["foo-bar", "c++", "\"", "AND", "OR NOT", "(", ")", "*", "🎉", "NEAR(a b)", "a\"b", "\"unbalanced", "col:umn",
                      "^start", "x AND", "-", "''", "{}", "[x]", "\\", "a* *b", String(repeating: "long", count: 2000)])
    func nastyQueriesNeverFail(_ q: String) throws {
        let h = try Harness()
        _ = try h.addNote("foo-bar and c++ notes", body: "a\"b col umn NEAR things x")
        _ = try search(h, q)
    }

    @Test func punctuatedWordsMatchAsTheirParts() throws {
        let h = try Harness()
        _ = try h.addNote("Using foo-bar in c++", body: "")
        _ = try h.addNote("Other", body: "bar then foo")
        #expect(titles(try search(h, "foo-bar")) == ["Using foo-bar in c++"], "adjacent, as a phrase")
        #expect(titles(try search(h, "c++")).contains("Using foo-bar in c++"))
        #expect(try search(h, "🎉").isEmpty)
    }

    @Test func phrasesAndPrefixes() throws {
        let h = try Harness()
        _ = try h.addNote("release plan", body: "")
        _ = try h.addNote("plan the release", body: "")
        #expect(titles(try search(h, "\"release plan\"")) == ["release plan"])
        #expect(Set(titles(try search(h, "rel*"))) == ["release plan", "plan the release"])
        #expect(titles(try search(h, "\"release pl\"*")) == ["release plan"])
        #expect(try search(h, "rel").isEmpty, "without * a word matches whole tokens only")
    }

    @Test func rawSyntaxPassesThroughAndItsErrorsAreInvalid() throws {
        let h = try Harness()
        _ = try h.addNote("standup", body: "draft")
        _ = try h.addNote("standup two", body: "final")
        #expect(titles(try search(h, "title:standup NOT draft") { $0.syntax = .fts }) == ["standup two"])
        for bad in ["AND (", "\"unterminated", "nosuchcolumn:x", "NEAR("] {
            #expect(code { _ = try search(h, bad) { $0.syntax = .fts } } == .invalid, "\(bad)")
        }
    }

    @Test func filtersAndPagination() throws {
        let h = try Harness()
        for i in 0..<7 { _ = try h.addNote("common \(i)", tags: i % 2 == 0 ? ["even"] : []) }
        #expect(try search(h, "common") { $0.tags = ["even"] }.count == 4)
        #expect(try search(h, "common") { $0.since = "2999-01-01" }.isEmpty)
        #expect(code { _ = try search(h, "common") { $0.since = "soon" } } == .invalid)
        let first = try search(h, "common") { $0.limit = 3 }
        let second = try search(h, "common") { $0.limit = 3; $0.after = first.last?["id"]?.stringValue }
        let third = try search(h, "common") { $0.limit = 3; $0.after = second.last?["id"]?.stringValue }
        let all = (first + second + third).compactMap { $0["id"]?.stringValue }
        #expect(all.count == 7 && Set(all).count == 7)
    }

    @Test func scopingNeverLeaksOtherWorkspaces() throws {
        let h = try Harness()
        _ = try h.write { try WorkspaceService($0).create(name: "Secret", slug: "secret") }
        _ = try h.addNote("shared word alpha", ws: "secret")
        _ = try h.addNote("shared word beta")
        _ = try h.write { try WorkspaceService($0).create(name: "Bob", slug: "bob") }
        try h.write(ws: "bob") { _ = try WorkspaceService($0).addMember(nil, actor: "user:bob", role: .editor) }
        _ = try h.addNote("shared word gamma", ws: "bob")
        #expect(titles(try search(h, "shared")) == ["shared word beta"])
        #expect(Set(titles(try search(h, "shared") { $0.allWorkspaces = true })) == ["shared word alpha", "shared word beta", "shared word gamma"])
        #expect(titles(try search(h, "shared", actor: "user:bob", ws: "bob") { $0.allWorkspaces = true }) == ["shared word gamma"])
        #expect(code { _ = try search(h, "shared", actor: "user:bob", ws: "secret") } == .forbidden)
    }

    @Test func indexFollowsEditTrashRestorePurgeAndMove() throws {
        let h = try Harness()
        let n = try h.addNote("zebra", body: "stripes")
        var e = NoteService.Edit()
        e.body = "spots"
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }
        #expect(try search(h, "stripes").isEmpty)
        #expect(titles(try search(h, "spots")) == ["zebra"])
        _ = try h.write { try NoteService($0).trash(n.id, ifVersion: nil) }
        #expect(try search(h, "zebra").isEmpty)
        _ = try h.write { try NoteService($0).restore(n.id, ifVersion: nil) }
        #expect(titles(try search(h, "zebra")) == ["zebra"])
        _ = try h.write { try WorkspaceService($0).create(name: "Zoo", slug: "zoo") }
        _ = try h.write { try NoteService($0).move(n.id, to: "zoo", ifVersion: nil) }
        #expect(try search(h, "zebra").isEmpty)
        #expect(titles(try search(h, "zebra", ws: "zoo")) == ["zebra"])
        _ = try h.write { try NoteService($0).trash(n.id, ifVersion: nil) }
        _ = try h.write { try NoteService($0).purge(n.id, ifVersion: nil) }
        #expect(try h.store.db.scalarInt("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'zebra'") == 0)
        try h.store.db.execute("INSERT INTO notes_fts(notes_fts, rank) VALUES ('integrity-check', 1)")
    }

    @Test func gcRebuildsTheIndex() throws {
        let h = try Harness()
        _ = try h.addNote("findme")
        let result = try h.write { try Maintenance($0).collectGarbage(reindex: true) }.0
        #expect(result["reindexed"] == true)
        #expect(titles(try search(h, "findme")) == ["findme"])
    }

    @Test func tasksAndArtifactsAreSearchableByType() throws {
        let h = try Harness()
        let n = try h.addNote("Plan", body: "- [ ] launch the rocket #ops\n- [ ] other")
        let a = try h.write { try ArtifactService($0, blobs: $0.blobs).add(note: n.id, content: .reference(uri: "https://x/rocket-specs.pdf", sha256: nil, size: nil), name: nil, mediaType: nil) }.0
        let tasks = try search(h, "rocket") { $0.kind = .task }
        #expect(tasks.compactMap { $0["text"]?.stringValue } == ["launch the rocket #ops"])
        #expect(tasks.first?["note_id"]?.stringValue == n.id)
        #expect(try search(h, "rocket") { $0.kind = .task; $0.tags = ["ops"] }.count == 1)
        #expect(try search(h, "rocket") { $0.kind = .task; $0.tags = ["nope"] }.isEmpty)
        #expect(try search(h, "rocket") { $0.kind = .artifact }.compactMap { $0["id"]?.stringValue } == [a.id])
        #expect(try search(h, "rocket").compactMap { $0["id"]?.stringValue } == [n.id], "notes are the default")
        // The task index follows edits of the body, and the trash.
        var e = NoteService.Edit()
        e.body = "- [ ] land the rocket"
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }
        #expect(try search(h, "launch") { $0.kind = .task }.isEmpty)
        #expect(try search(h, "land") { $0.kind = .task }.count == 1)
        _ = try h.write { try NoteService($0).trash(n.id, ifVersion: nil) }
        #expect(try search(h, "land") { $0.kind = .task }.isEmpty)
        #expect(try search(h, "rocket") { $0.kind = .artifact }.isEmpty)
    }

    @Test func queryBuilderQuotesEverything() {
        #expect(SearchQuery.build("foo-bar c++") == "\"foo-bar\" \"c++\"")
        #expect(SearchQuery.build("say \"hi there\" pre*") == "\"say\" \"hi there\" \"pre\"*")
        #expect(SearchQuery.build("a\"b") == "\"a\" \"b\"")
        #expect(SearchQuery.build("( * 🎉 \"") == nil)
        #expect(SearchQuery.build("AND") == "\"AND\"")
        #expect(SearchQuery.build("a\"\u{301}=b") == "\"a\" \"\u{301}=b\"", "a quote with a combining mark is still a quote")
    }
}
