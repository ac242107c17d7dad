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
