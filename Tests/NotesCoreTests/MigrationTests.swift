import Testing
import TestSupport
@testable import NotesCore
@testable import SQLiteStore

@Suite struct MigrationTests {
    /// A store exactly as the first schema left it, with data in it.
    func versionOneStore(_ dir: TempDir) throws {
        try StoreFile.create(dir.db)
        let v1 = Schema(applicationId: NotesSchema.applicationId, migrations: [NotesSchema.schema.migrations[0]])
        let db = try StoreFile.open(dir.db, schema: v1)
        #expect(try db.pragmaInt("user_version") == 1)
        try db.execute("""
            INSERT INTO workspaces(id, name, slug, created_at, updated_at) VALUES ('ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'Personal', 'personal', 't', 't');
            INSERT INTO members VALUES ('ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'user:alice', 'owner', 't');
            INSERT INTO notes(id, workspace_id, title, body, version, created_at, updated_at, created_by, updated_by)
              VALUES ('nt_01aaaaaaaaaaaaaaaaaaaaaaaa', 'ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'old', '- [ ] carried over', 1,
                      '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'user:alice', 'user:alice');
            """)
    }

    /// Alice's workspace, owned by her: rows every schema version has had.
    let personal = """
        INSERT INTO workspaces(id, name, slug, created_at, updated_at) VALUES ('ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'Personal', 'personal', 't', 't');
        INSERT INTO members VALUES ('ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'user:alice', 'owner', 't');
        """

    /// A store at `version`, written through the write path as that schema stood.
    func store(atVersion version: Int, _ dir: TempDir) throws -> NotesStore {
        try StoreFile.create(dir.db)
        let old = Schema(applicationId: NotesSchema.applicationId, migrations: Array(NotesSchema.schema.migrations.prefix(version)))
        let db = try StoreFile.open(dir.db, schema: old)
        #expect(try db.pragmaInt("user_version") == version)
        return NotesStore(path: dir.db, db: db, isMissing: false)
    }

    func addNote(_ store: NotesStore, key: String, title: String, tags: [String]) throws -> Receipt {
        var ctx = RequestContext(actor: Actor(kind: .user, name: "alice"), loginName: "alice")
        ctx.idempotencyKey = key
        let op = Operation(command: "note add", args: ["title": .string(title), "tag": .array(tags.map { .string($0) })])
        return try WritePath.perform(store: store, context: ctx, operations: [op]) { tx, _, _ in
            OperationResult(kind: "note", object: try NoteService(tx).add(title: title, body: "", tags: tags).json)
        }
    }

    /// v8 moves receipts out of the key's b-tree: what v7 recorded still replays, byte for byte,
    /// and a reused key is still a conflict.
    @Test func receiptsRecordedBeforeV8StillReplay() throws {
        let dir = TempDir()
        let op = Operation(command: "note add", args: ["title": "kept", "tag": .array(["a"])])
        let receipt = #"{"note":{"id":"nt_01aaaaaaaaaaaaaaaaaaaaaaaa","title":"kept"},"request":{"correlation_id":"rq_01bbbbbbbbbbbbbbbbbbbbbbbb","dry_run":false,"events":["ev_01cccccccccccccccccccccccc"],"id":"rq_01bbbbbbbbbbbbbbbbbbbbbbbb","idempotency_key":"k-before","replayed":false}}"#
        do {
            // The row as v7's write path recorded it: its columns, the typed fingerprint.
            let v7 = try store(atVersion: 7, dir)
            try v7.db.run("""
                INSERT INTO idempotency_keys(actor, key, fingerprint, request_id, receipt, created_at, expires_at, failure)
                VALUES ('user:alice', 'k-before', ?, 'rq_01bbbbbbbbbbbbbbbbbbbbbbbb', ?, '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z', NULL)
                """, [.text(WritePath.fingerprint([op])), .text(receipt)])
        }
        let store = try NotesStore.openForWriting(path: dir.db)
        #expect(try store.db.pragmaInt("user_version") == NotesStore.schemaVersion)
        let replay = try addNote(store, key: "k-before", title: "kept", tags: ["a"])
        #expect(replay.replayed)
        var expected = try #require(try JSONParser.parse(receipt).objectValue)
        var request = try #require(expected["request"]?.objectValue)
        request["replayed"] = true
        expected["request"] = .object(request)
        #expect(replay.json == expected)
        #expect(try store.db.scalarInt("SELECT count(*) FROM notes") == 0, "a replay writes nothing")
        let reused = error { _ = try addNote(store, key: "k-before", title: "other", tags: []) }
        #expect(reused?.details["reason"] == "idempotency_key_reused")
        // The receipt is the table's last column, and (actor, key) has its own unique index.
        let columns = try store.db.query("SELECT name FROM pragma_table_info('idempotency_keys') ORDER BY cid") { $0.text(0) }
        #expect(columns.last == "receipt")
        #expect(try store.db.scalarInt("SELECT \"unique\" FROM pragma_index_list('idempotency_keys') WHERE name = 'idempotency_by_key'") == 1)
    }

    /// v9 declares note_tags' columns in primary-key order; the tags themselves stay.
    @Test func tagsSurviveV9AndQuickCheckIsClean() throws {
        let dir = TempDir()
        do {
            let v8 = try store(atVersion: 8, dir)
            try v8.db.execute(personal)
            try v8.db.execute("""
                INSERT INTO notes(id, workspace_id, title, body, tags, version, created_at, updated_at, created_by, updated_by) VALUES
                  ('nt_01aaaaaaaaaaaaaaaaaaaaaaaa', 'ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'one', '', '["x","y"]', 1, 't', 't', 'user:alice', 'user:alice'),
                  ('nt_01bbbbbbbbbbbbbbbbbbbbbbbb', 'ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'two', '', '["y"]', 1, 't', 't', 'user:alice', 'user:alice');
                INSERT INTO note_tags(note_id, tag) VALUES ('nt_01aaaaaaaaaaaaaaaaaaaaaaaa', 'x'), ('nt_01aaaaaaaaaaaaaaaaaaaaaaaa', 'y'),
                  ('nt_01bbbbbbbbbbbbbbbbbbbbbbbb', 'y');
                """)
        }
        let store = try NotesStore.openForWriting(path: dir.db)
        let ctx = RequestContext(actor: Actor(kind: .user, name: "alice"), loginName: "alice")
        var filter = NoteFilter()
        filter.tags = ["y"]
        var titles: [String] = []
        try store.read(ctx) { try NoteService($0).list(filter) { titles.append($0.title) } }
        #expect(titles.sorted() == ["one", "two"])
        #expect(try store.db.query("PRAGMA quick_check") { $0.text(0) } == ["ok"])
        #expect(try store.db.query("SELECT name FROM pragma_table_info('note_tags') ORDER BY cid") { $0.text(0) } == ["tag", "note_id"])
    }

    /// v10 puts back into their note's workspace the artifacts of notes moved before it.
    @Test func artifactsOfNotesMovedBeforeV10FollowTheirNote() throws {
        let dir = TempDir()
        do {
            let v9 = try store(atVersion: 9, dir)
            try v9.db.execute("""
                INSERT INTO workspaces(id, name, slug, created_at, updated_at) VALUES ('ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'A', 'a', 't', 't');
                INSERT INTO workspaces(id, name, slug, created_at, updated_at) VALUES ('ws_01bbbbbbbbbbbbbbbbbbbbbbbb', 'B', 'b', 't', 't');
                INSERT INTO notes(id, workspace_id, title, body, version, created_at, updated_at, created_by, updated_by)
                  VALUES ('nt_01aaaaaaaaaaaaaaaaaaaaaaaa', 'ws_01bbbbbbbbbbbbbbbbbbbbbbbb', 'moved', '', 2, 't', 't', 'user:a', 'user:a');
                INSERT INTO artifacts(id, note_id, workspace_id, name, media_type, uri, created_at, created_by)
                  VALUES ('af_01aaaaaaaaaaaaaaaaaaaaaaaa', 'nt_01aaaaaaaaaaaaaaaaaaaaaaaa', 'ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'x', 'text/plain', 'https://e/x', 't', 'user:a');
                """)
        }
        let store = try NotesStore.openForWriting(path: dir.db)
        #expect(try store.db.scalarText("SELECT workspace_id FROM artifacts") == "ws_01bbbbbbbbbbbbbbbbbbbbbbbb")
    }

    /// v11 rebuilds note_tags from notes.tags (triggers keep it from then on) and drops the
    /// indexes a write no longer needs.
    @Test func v11RebuildsTagRowsAndDropsTheIndexesAWriteNoLongerNeeds() throws {
        let dir = TempDir()
        do {
            let v10 = try store(atVersion: 10, dir)
            try v10.db.execute("""
                INSERT INTO workspaces(id, name, slug, created_at, updated_at) VALUES ('ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'A', 'a', 't', 't');
                INSERT INTO notes(id, workspace_id, title, body, tags, version, created_at, updated_at, created_by, updated_by)
                  VALUES ('nt_01aaaaaaaaaaaaaaaaaaaaaaaa', 'ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'one', '', '["a","b"]', 1, 't', 't', 'user:a', 'user:a');
                INSERT INTO note_tags(note_id, tag) VALUES ('nt_01aaaaaaaaaaaaaaaaaaaaaaaa', 'a');
                """)
        }
        let store = try NotesStore.openForWriting(path: dir.db)
        #expect(try store.db.query("SELECT tag FROM note_tags ORDER BY tag") { $0.text(0) } == ["a", "b"])
        let indexes = try store.db.query("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL") { $0.text(0) }
        for gone in ["note_tags_by_note", "notes_by_title_nocase", "idempotency_by_expiry"] { #expect(!indexes.contains(gone)) }
        #expect(try store.db.query("SELECT name || ' ' || coll FROM pragma_index_xinfo('notes_by_title') WHERE key") { $0.text(0) }
                == ["workspace_id BINARY", "title NOCASE", "title BINARY", "id BINARY"])
        #expect(try store.db.scalarInt("SELECT count(*) FROM pragma_foreign_key_list('note_tags')") == 0)
        #expect(try store.db.query("PRAGMA quick_check") { $0.text(0) } == ["ok"])
        // After the migration, the triggers keep the rows.
        try store.db.execute("""
            INSERT INTO notes(id, workspace_id, title, body, tags, version, created_at, updated_at, created_by, updated_by)
              VALUES ('nt_01bbbbbbbbbbbbbbbbbbbbbbbb', 'ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'two', '', '["b","c"]', 1, 't', 't', 'user:a', 'user:a');
            UPDATE notes SET tags = '["b"]' WHERE id = 'nt_01aaaaaaaaaaaaaaaaaaaaaaaa';
            """)
        #expect(try store.db.query("SELECT tag || ' ' || substr(note_id, 1, 5) FROM note_tags ORDER BY tag, note_id") { $0.text(0) }
                == ["b nt_01", "b nt_01", "c nt_01"])
        #expect(try store.db.scalarInt("SELECT count(*) FROM note_tags WHERE note_id = 'nt_01aaaaaaaaaaaaaaaaaaaaaaaa'") == 1)
    }

    /// v12 keeps only earlier versions in revisions: the current one becomes the note row, with
    /// the request that made it, and history reads the same before and after.
    @Test func v12MovesEachCurrentVersionIntoItsNoteRow() throws {
        let dir = TempDir()
        let ctx = RequestContext(actor: Actor(kind: .user, name: "alice"), loginName: "alice")
        let a = "nt_01aaaaaaaaaaaaaaaaaaaaaaaa", b = "nt_01bbbbbbbbbbbbbbbbbbbbbbbb"
        var historyBefore: [[JSONObject]] = []
        do {
            let v11 = try store(atVersion: 11, dir)
            try v11.db.execute(personal)
            try v11.db.execute("""
                INSERT INTO notes(id, workspace_id, title, body, tags, version, created_at, updated_at, created_by, updated_by) VALUES
                  ('\(a)', 'ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'two', 'b2', '["t"]', 2, 't1', 't2', 'user:alice', 'user:bob'),
                  ('\(b)', 'ws_01aaaaaaaaaaaaaaaaaaaaaaaa', 'row', '', '[]', 1, 't1', 't1', 'user:alice', 'user:alice');
                INSERT INTO revisions(note_id, version, title, body, tags, actor, time, request_id, correlation_id) VALUES
                  ('\(a)', 1, 'one', 'b1', '[]', 'user:alice', 't1', 'rq_1', 'co_1'),
                  ('\(a)', 2, 'two', 'b2', '["t"]', 'user:bob', 't2', 'rq_2', 'co_2'),
                  ('\(b)', 1, 'not the row', '', '[]', 'user:alice', 't1', 'rq_3', 'co_3');
                """)
            for id in [a, b] {
                historyBefore.append(try v11.db.query("SELECT version, title, body, tags, actor, time, request_id, correlation_id FROM revisions WHERE note_id = ? ORDER BY version", [.text(id)]) {
                    ["version": .int($0.int64(0)), "title": .string($0.text(1)), "body": .string($0.text(2)), "tags": JSON(Note.decodeTags($0.text(3))),
                     "actor": .string($0.text(4)), "time": .string($0.text(5)), "request_id": .string($0.text(6)), "correlation_id": .string($0.text(7))]
                })
            }
        }
        let store = try NotesStore.openForWriting(path: dir.db)
        #expect(try store.db.query("SELECT note_id || ' ' || version FROM revisions ORDER BY note_id, version") { $0.text(0) } == ["\(a) 1", "\(b) 1"],
                "a's current version left revisions; b's stays, as it differs from its row")
        #expect(try store.db.query("SELECT request_id || ' ' || correlation_id FROM notes WHERE id = ?", [.text(a)]) { $0.text(0) } == ["rq_2 co_2"])
        for (i, id) in [a, b].enumerated() {
            let history = try store.read(ctx) { try NoteService($0).history(id) }.map { r -> JSONObject in
                var j = r.json
                j["note_id"] = nil
                return j
            }
            #expect(history == historyBefore[i])
        }
        // The next change keeps version 2 as a revision, with the request that made it.
        _ = try WritePath.perform(store: store, context: ctx, operations: [Operation(command: "x", args: [:])]) { tx, _, _ in
            var e = NoteService.Edit()
            e.title = "three"
            return OperationResult(kind: "note", object: try NoteService(tx).edit(a, e, ifVersion: 2).json)
        }
        let history = try store.read(ctx) { try NoteService($0).history(a) }
        #expect(history.map(\.title) == ["one", "two", "three"])
        #expect(history.map(\.requestId).prefix(2) == ["rq_1", "rq_2"])
        #expect(history[1].actor == "user:bob" && history[2].actor == "user:alice")
    }

    @Test func everyMigrationAppliesInOrderAndKeepsData() throws {
        let dir = TempDir()
        try versionOneStore(dir)
        let store = try NotesStore.openForWriting(path: dir.db)
        #expect(try store.db.pragmaInt("user_version") == NotesStore.schemaVersion)
        let ctx = RequestContext(actor: Actor(kind: .user, name: "alice"), loginName: "alice")
        let note = try store.read(ctx) { try NoteService($0).show("nt_01aaaaaaaaaaaaaaaaaaaaaaaa") }
        #expect(note.title == "old")
        // Tables of later versions work on the migrated store.
        var proposals = 0
        try store.read(ctx) { try ProposalService($0).list(state: nil) { _ in proposals += 1 } }
        #expect(proposals == 0)
        _ = try WritePath.perform(store: store, context: ctx, operations: [Operation(command: "x", args: [:])]) { tx, _, _ in
            var e = NoteService.Edit()
            e.body = "- [ ] carried over\n- [ ] new"
            return OperationResult(kind: "note", object: try NoteService(tx).edit(note.id, e, ifVersion: 1).json)
        }
        var tasks = 0
        try store.read(ctx) { try TaskService($0).list(.init()) { _ in tasks += 1 } }
        #expect(tasks == 2)
    }

    @Test func migrationExtractsTasksOfExistingNotes() throws {
        let dir = TempDir()
        try versionOneStore(dir)
        let store = try NotesStore.openForWriting(path: dir.db)
        let ctx = RequestContext(actor: Actor(kind: .user, name: "alice"), loginName: "alice")
        var tasks: [String] = []
        try store.read(ctx) { try TaskService($0).list(.init()) { tasks.append($0.text) } }
        #expect(tasks == ["carried over"])
    }

    @Test func readingAnOldStoreMigratesItOnce() throws {
        let dir = TempDir()
        try versionOneStore(dir)
        _ = try NotesStore.openForReading(path: dir.db)
        let again = try StoreFile.open(dir.db, schema: NotesSchema.schema)
        #expect(try again.pragmaInt("user_version") == NotesStore.schemaVersion)
    }

    @Test func blankFilesAreReadAsMissingAndLeftAlone() throws {
        let dir = TempDir()
        try StoreFile.create(dir.db)
        let store = try NotesStore.openForReading(path: dir.db)
        #expect(store.isMissing)
        #expect(StoreFile.size(dir.db) == 0, "reading wrote nothing")
    }
}
