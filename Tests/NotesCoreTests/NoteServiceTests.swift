import Testing
@testable import NotesCore

@Suite struct NoteServiceTests {
    @Test func addShowsEveryContractField() throws {
        let h = try Harness()
        let n = try h.addNote("Title", body: "Body", tags: ["b", "a", "b"])
        let json = n.json
        for key in ["id", "workspace_id", "title", "body", "tags", "pinned", "archived", "trashed", "version", "created_at", "updated_at", "created_by", "updated_by"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(n.tags == ["a", "b"], "tags are a sorted set")
        #expect(n.version == 1)
        #expect(n.id.hasPrefix("nt_") && n.id.count == 29)
        #expect(try h.read { try NoteService($0).show(n.id) } == n)
    }

    @Test func titleIsDerivedFromFirstHeadingElseFirstLine() {
        #expect(NoteService.deriveTitle(from: "intro\n# Heading one\n## two") == "Heading one")
        #expect(NoteService.deriveTitle(from: "\n\n   first line  \nsecond") == "first line")
        #expect(NoteService.deriveTitle(from: "") == "")
    }

    @Test func unicodeRoundTripsByteExact() throws {
        let h = try Harness()
        let body = "Zürich 🇨🇭 — 東京\r\n\ttab e\u{301} \u{200D}👩‍💻 \"quotes\" \\ backslash\n"
        let n = try h.addNote("ünï ✓", body: body)
        let back = try h.read { try NoteService($0).show(n.id) }
        #expect(Array(back.body.utf8) == Array(body.utf8))
        #expect(Array(back.title.utf8) == Array("ünï ✓".utf8))
    }

    @Test func invalidInputIsRejectedBeforeAnythingIsWritten() throws {
        let h = try Harness()
        _ = try h.addNote("seed")
        let before = try h.count("audit_events")
        #expect(code { _ = try h.addNote("nul\u{0}") } == .invalid)
        #expect(code { _ = try h.addNote("ok", body: "nul\u{0}body") } == .invalid)
        #expect(code { _ = try h.addNote("line\nbreak") } == .invalid)
        #expect(code { _ = try h.addNote(String(repeating: "t", count: 1001)) } == .invalid)
        #expect(code { _ = try h.addNote("bad tag", tags: ["has space"]) } == .invalid)
        #expect(code { _ = try h.addNote("", body: "") } == .invalid)
        var ctx = try h.context("user:alice")
        ctx.maxBodyBytes = 10
        let e = error {
            _ = try WritePath.perform(store: h.store, context: ctx, operations: [Operation(command: "x", args: [:])]) { tx, _, _ in
                OperationResult(kind: "note", object: try NoteService(tx).add(title: "x", body: String(repeating: "b", count: 11), tags: []).json)
            }
        }
        #expect(e?.code == .invalid)
        #expect(e?.details["limit"] == 10)
        #expect(try h.count("notes") == 1)
        #expect(try h.count("audit_events") == before)
    }

    @Test func everyChangeBumpsVersionAndKeepsARevision() throws {
        let h = try Harness()
        let n = try h.addNote("v1", body: "one")
        var e = NoteService.Edit()
        e.title = "v2"
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: 1) }
        _ = try h.write { try NoteService($0).setPinned(n.id, true, ifVersion: nil) }
        _ = try h.write { try NoteService($0).setArchived(n.id, true, ifVersion: nil) }
        let ws = try h.write { try WorkspaceService($0).create(name: "Other", slug: "other") }.0
        let moved = try h.write { try NoteService($0).move(n.id, to: "other", ifVersion: nil) }.0
        #expect(moved.version == 5)
        #expect(moved.workspaceId == ws.id)
        let history = try h.read { try NoteService($0).history(n.id) }
        #expect(history.map(\.version) == [1, 2, 3, 4, 5])
        #expect(history.map(\.title) == ["v1", "v2", "v2", "v2", "v2"])
        #expect(Set(history.map(\.requestId)).count == 5, "each revision names the request that made it")
    }

    @Test func unchangedEditWritesNothing() throws {
        let h = try Harness()
        let n = try h.addNote("same", body: "b")
        let events = try h.count("audit_events")
        var e = NoteService.Edit()
        e.title = "same"
        let after = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }.0
        #expect(after.version == 1)
        #expect(try h.count("audit_events") == events)
        #expect(try h.count("revisions") == 0, "the only version is the note row itself")
    }

    @Test func ifVersionMismatchIsConflictAndWritesNothing() throws {
        let h = try Harness()
        let n = try h.addNote("x")
        var edit = NoteService.Edit()
        edit.title = "y"
        let e = error { _ = try h.write { try NoteService($0).edit(n.id, edit, ifVersion: 7) } }
        #expect(e?.code == .conflict)
        #expect(e?.details["expected"] == 7)
        #expect(e?.details["actual"] == 1)
        #expect(try h.read { try NoteService($0).show(n.id) }.title == "x")
        for verb in [{ (s: NoteService) in try s.setPinned(n.id, true, ifVersion: 2) }, { try $0.trash(n.id, ifVersion: 2) },
                     { try $0.setArchived(n.id, true, ifVersion: 9) }] {
            #expect(code { _ = try h.write { try verb(NoteService($0)) } } == .conflict)
        }
    }

    @Test func trashLifecycle() throws {
        let h = try Harness()
        let n = try h.addNote("doomed")
        _ = try h.write { try NoteService($0).trash(n.id, ifVersion: nil) }
        #expect(try h.list().isEmpty)
        var trashed = NoteFilter()
        trashed.state = .trashed
        #expect(try h.list(trashed).map(\.id) == [n.id])
        #expect(try h.read { try NoteService($0).show(n.id) }.trashed)
        #expect(code { _ = try h.write { try NoteService($0).trash(n.id, ifVersion: nil) } } == .conflict)
        var edit = NoteService.Edit()
        edit.title = "edit in trash"
        #expect(code { _ = try h.write { try NoteService($0).edit(n.id, edit, ifVersion: nil) } } == .conflict)
        _ = try h.write { try NoteService($0).restore(n.id, ifVersion: nil) }
        #expect(try h.list().map(\.id) == [n.id])
        #expect(code { _ = try h.write { try NoteService($0).restore(n.id, ifVersion: nil) } } == .conflict)
        #expect(code { _ = try h.write { try NoteService($0).purge(n.id, ifVersion: nil) } } == .conflict, "purge needs the trash first")
        _ = try h.write { try NoteService($0).trash(n.id, ifVersion: nil) }
        _ = try h.write { try NoteService($0).purge(n.id, ifVersion: nil) }
        #expect(code { _ = try h.read { try NoteService($0).show(n.id) } } == .notFound)
        #expect(try h.count("revisions") == 0)
        #expect(try h.count("note_tags") == 0)
    }

    @Test func revertMakesANewVersionFromAnOldOne() throws {
        let h = try Harness()
        let n = try h.addNote("first", body: "one", tags: ["a"])
        var e = NoteService.Edit()
        e.title = "second"
        e.body = "two"
        e.tags = ["b"]
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }
        let reverted = try h.write { try NoteService($0).revert(n.id, to: 1, ifVersion: 2) }.0
        #expect(reverted.version == 3)
        #expect(reverted.title == "first" && reverted.body == "one" && reverted.tags == ["a"])
        #expect(code { _ = try h.write { try NoteService($0).revert(n.id, to: 99, ifVersion: nil) } } == .notFound)
    }

    @Test func tagsAddRemoveAndFilter() throws {
        let h = try Harness()
        let a = try h.addNote("a", tags: ["work", "urgent"])
        _ = try h.addNote("b", tags: ["work"])
        var f = NoteFilter()
        f.tags = ["work", "urgent"]
        #expect(try h.list(f).map(\.id) == [a.id])
        var e = NoteService.Edit()
        e.addTags = ["new"]
        e.removeTags = ["urgent"]
        let after = try h.write { try NoteService($0).edit(a.id, e, ifVersion: nil) }.0
        #expect(after.tags == ["new", "work"])
        #expect(try h.list(f).isEmpty)
    }

    /// `note_tags` is kept from `notes.tags` by triggers (v11): after every kind of write, its
    /// rows are exactly the tags the notes hold, and a tag filter sees the change.
    @Test func tagRowsFollowTheNotesThroughEveryWrite() throws {
        let h = try Harness()
        func mismatches() throws -> Int {
            try h.store.db.scalarInt("""
                SELECT (SELECT count(*) FROM (SELECT tag, note_id FROM note_tags EXCEPT SELECT j.value, n.id FROM notes n, json_each(n.tags) j))
                     + (SELECT count(*) FROM (SELECT j.value, n.id FROM notes n, json_each(n.tags) j EXCEPT SELECT tag, note_id FROM note_tags))
                """) ?? -1
        }
        func tagged(_ tag: String, ws: String? = nil) throws -> [String] {
            var f = NoteFilter()
            f.tags = [tag]
            return try h.list(f, ws: ws).map(\.title)
        }
        let a = try h.addNote("a", tags: ["x", "y"])
        let b = try h.addNote("b", tags: ["y"])
        #expect(try h.count("note_tags") == 3)
        var e = NoteService.Edit()
        e.addTags = ["z"]
        e.removeTags = ["x"]
        _ = try h.write { try NoteService($0).edit(a.id, e, ifVersion: nil) }
        #expect(try tagged("x").isEmpty)
        #expect(try tagged("z") == ["a"])
        _ = try h.write { try NoteService($0).setPinned(a.id, true, ifVersion: nil) }
        _ = try h.write { try NoteService($0).revert(a.id, to: 1, ifVersion: nil) }
        #expect(try tagged("x") == ["a"])
        _ = try h.write { try NoteService($0).trash(b.id, ifVersion: nil) }
        _ = try h.write { try NoteService($0).purge(b.id, ifVersion: nil) }
        #expect(try mismatches() == 0)
        #expect(try h.store.db.scalarInt("SELECT count(*) FROM note_tags WHERE note_id = ?", [.text(b.id)]) == 0)
        // Deleting a workspace cascades to its notes, and the trigger takes their tags along.
        try h.write { _ = try WorkspaceService($0).create(name: "Team", slug: "team") }
        _ = try h.addNote("team note", tags: ["y", "team"], ws: "team")
        #expect(try tagged("team", ws: "team") == ["team note"])
        try h.write { _ = try WorkspaceService($0).delete("team", force: true) }
        #expect(try h.store.db.scalarInt("SELECT count(*) FROM note_tags WHERE tag = 'team'") == 0)
        #expect(try mismatches() == 0)
        #expect(try tagged("y") == ["a"])
    }

    /// Every note UPDATE sets all its columns; the FTS trigger re-indexes only a changed text.
    @Test func pinLeavesTheTextIndexAloneAndAnEditReindexes() throws {
        let h = try Harness()
        let n = try h.addNote("indexed title", body: "searchable body", tags: ["t"])
        let rows = try h.count("notes_fts_data")
        _ = try h.write { try NoteService($0).setPinned(n.id, true, ifVersion: nil) }
        _ = try h.write { try NoteService($0).setArchived(n.id, true, ifVersion: nil) }
        #expect(try h.count("notes_fts_data") == rows, "no FTS segment written for a pin or an archive")
        var e = NoteService.Edit()
        e.body = "another text"
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }
        #expect(try h.count("notes_fts_data") > rows)
        #expect(try h.store.db.scalarInt("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'another'") == 1)
        #expect(try h.store.db.scalarInt("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'searchable'") == 0)
        #expect(try h.store.db.query("INSERT INTO notes_fts(notes_fts, rank) VALUES ('integrity-check', 1)") { _ in 0 }.isEmpty)
    }

    /// `--sort title` orders titles ignoring ASCII case, then exactly, then by id; pages of one
    /// note walk that order both ways without a skip or a repeat.
    @Test func titleOrderIgnoresCaseAndPagesExactly() throws {
        let h = try Harness()
        for t in ["banana", "apple", "Cherry", "Apple", "B", "apple"] { _ = try h.addNote(t) }
        var f = NoteFilter()
        f.sort = .title
        let all = try h.list(f)
        #expect(all.map(\.title) == ["Apple", "apple", "apple", "B", "banana", "Cherry"])
        #expect(all[1].id < all[2].id, "equal titles in id order")
        for reverse in [false, true] {
            var page = NoteFilter()
            page.sort = .title
            page.reverse = reverse
            page.limit = 1
            var seen: [String] = []
            while let next = try h.list(page).first {
                seen.append(next.id)
                page.after = next.id
            }
            #expect(seen == (reverse ? all.reversed().map(\.id) : all.map(\.id)))
        }
    }

    @Test func idPrefixesResolveAndAmbiguityIsAConflict() throws {
        let h = try Harness()
        let n = try h.addNote("x")
        // A second note whose id shares n's first 12 characters (two notes made apart in time
        // need not share even 8, so the test makes one rather than rely on the clock).
        let twin = String(n.id.prefix(3 + 12)) + String(repeating: "z", count: 14)
        try h.store.db.run("""
            INSERT INTO notes(id, workspace_id, title, body, version, created_at, updated_at, created_by, updated_by)
            SELECT ?, workspace_id, 'y', '', 1, created_at, updated_at, created_by, updated_by FROM notes WHERE id = ?
            """, [.text(twin), .text(n.id)])
        #expect(try h.read { try NoteService($0).show(String(n.id.prefix(3 + 26))) }.id == n.id)
        let unique = String(n.id.prefix(3 + 24))
        #expect(try h.read { try NoteService($0).show(unique) }.id == n.id)
        #expect(code { _ = try h.read { try NoteService($0).show("nt_0123456") } } == .invalid, "under 8 characters")
        let shared = String(n.id.prefix(3 + 8))
        let e = error { _ = try h.read { try NoteService($0).show(shared) } }
        #expect(e?.code == .conflict)
        #expect(e?.details["candidates"]?.arrayValue?.count == 2)
        #expect(code { _ = try h.read { try NoteService($0).show("nope") } } == .notFound)
    }

    @Test func listSortsFiltersAndPagesWithoutSkipsOrRepeats() throws {
        let h = try Harness()
        var ids: [String] = []
        for i in 0..<25 { ids.append(try h.addNote(String(format: "note %02d", i)).id) }
        var f = NoteFilter()
        f.sort = .created
        f.limit = 10
        var seen: [String] = []
        var page = try h.list(f)
        while !page.isEmpty {
            seen += page.map(\.id)
            // Concurrent inserts between pages land before the cursor (newest first): no skip, no repeat.
            _ = try h.addNote("inserted while paging")
            f.after = page.last?.id
            page = try h.list(f)
        }
        #expect(seen == ids.reversed())
        var byTitle = NoteFilter()
        byTitle.sort = .title
        byTitle.limit = 3
        #expect(try h.list(byTitle).map(\.title) == ["inserted while paging", "inserted while paging", "inserted while paging"])
        byTitle.reverse = true
        #expect(try h.list(byTitle).map(\.title) == ["note 24", "note 23", "note 22"])
    }

    @Test func listHidesArchivedAndTrashedByDefault() throws {
        let h = try Harness()
        let a = try h.addNote("active")
        let p = try h.addNote("pinned")
        let ar = try h.addNote("archived")
        let t = try h.addNote("trashed")
        _ = try h.write { try NoteService($0).setPinned(p.id, true, ifVersion: nil) }
        _ = try h.write { try NoteService($0).setArchived(ar.id, true, ifVersion: nil) }
        _ = try h.write { try NoteService($0).trash(t.id, ifVersion: nil) }
        #expect(Set(try h.list().map(\.id)) == [a.id, p.id])
        for (state, id) in [(NoteFilter.State.pinned, p.id), (.archived, ar.id), (.trashed, t.id)] {
            var f = NoteFilter()
            f.state = state
            #expect(try h.list(f).map(\.id) == [id])
        }
        var bad = NoteFilter()
        bad.since = "yesterday"
        #expect(code { _ = try h.list(bad) } == .invalid)
    }

    @Test func everyWriteAppearsOnceInTheAuditLog() throws {
        let h = try Harness()
        let n = try h.addNote("x")
        var e = NoteService.Edit()
        e.body = "new body"
        _ = try h.write { try NoteService($0).edit(n.id, e, ifVersion: nil) }
        _ = try h.write { try NoteService($0).setPinned(n.id, true, ifVersion: nil) }
        _ = try h.write { try NoteService($0).trash(n.id, ifVersion: nil) }
        _ = try h.write { try NoteService($0).restore(n.id, ifVersion: nil) }
        var filter = AuditService.Filter()
        filter.target = n.id
        let events = try h.events(filter)
        #expect(events.compactMap { $0["action"]?.stringValue } == ["note.create", "note.update", "note.pin", "note.trash", "note.restore"])
        let update = events[1]["changes"]?.objectValue
        #expect(update?["body"]?["after"]?["sha256"]?.stringValue == SHA256.hex("new body"))
        #expect(update?["version"] == .object(["before": 1, "after": 2]))
    }
}
