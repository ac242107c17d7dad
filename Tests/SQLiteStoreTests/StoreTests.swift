import CSQLite
import Foundation
import Testing
import TestSupport
@testable import SQLiteStore

private let schema = Schema(applicationId: 0x1234, migrations: [
    Migration(version: 1, sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL);"),
    Migration(version: 2, sql: "ALTER TABLE t ADD COLUMN extra TEXT;"),
])

private func openStore(_ dir: TempDir, _ options: Connection.Options = .init()) throws -> Connection {
    let path = dir.file("db/store.db")
    try StoreFile.create(path)
    return try StoreFile.open(path, schema: schema, options: options)
}

@Suite struct StoreTests {
    @Test func migrationsRunOnceAndMarkTheFile() throws {
        let dir = TempDir()
        let db = try openStore(dir)
        #expect(try db.pragmaInt("user_version") == 2)
        #expect(try db.pragmaInt("application_id") == 0x1234)
        #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
        try db.run("INSERT INTO t(name, extra) VALUES ('a', 'x')")
        let again = try StoreFile.open(dir.file("db/store.db"), schema: schema)
        #expect(try again.scalarInt("SELECT count(*) FROM t") == 1)
    }

    @Test func transactionRollsBackWhenBodyThrows() throws {
        let db = try openStore(TempDir())
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction(.immediate) {
                try db.run("INSERT INTO t(name) VALUES ('x')")
                throw Boom()
            }
        }
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 0)
        #expect(!db.isInTransaction)
    }

    @Test func errorsKeepExtendedCodeMessageAndSQL() throws {
        let db = try openStore(TempDir())
        try db.run("INSERT INTO t(name) VALUES ('x')")
        do {
            try db.run("INSERT INTO t(name) VALUES ('x')")
            Issue.record("a duplicate insert must fail")
        } catch let e as SQLiteError {
            #expect(e.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
            #expect(e.kind == .constraint)
            #expect(e.message.contains("UNIQUE"))
            #expect(e.sql == "INSERT INTO t(name) VALUES ('x')")
        }
    }

    @Test func writerWaitsThenReportsBusyPastTheTimeout() throws {
        let dir = TempDir()
        let holder = try openStore(dir)
        var options = Connection.Options()
        options.busyTimeoutMilliseconds = 150
        let waiter = try StoreFile.open(dir.file("db/store.db"), schema: schema, options: options)
        try holder.execute("BEGIN IMMEDIATE")
        let started = Date()
        #expect {
            try waiter.transaction(.immediate) { try waiter.run("INSERT INTO t(name) VALUES ('w')") }
        } throws: { ($0 as? SQLiteError)?.kind == .busy }
        #expect(Date().timeIntervalSince(started) >= 0.1, "the busy timeout is honoured")
        try holder.execute("ROLLBACK")
        try waiter.transaction(.immediate) { try waiter.run("INSERT INTO t(name) VALUES ('w')") }
        #expect(try waiter.scalarInt("SELECT count(*) FROM t") == 1)
    }

    @Test func readTransactionSeesOneSnapshot() throws {
        let dir = TempDir()
        let reader = try openStore(dir)
        let writer = try StoreFile.open(dir.file("db/store.db"), schema: schema)
        try writer.run("INSERT INTO t(name) VALUES ('a')")
        try reader.transaction(.deferred) {
            #expect(try reader.scalarInt("SELECT count(*) FROM t") == 1)
            try writer.run("INSERT INTO t(name) VALUES ('b')")
            #expect(try reader.scalarInt("SELECT count(*) FROM t") == 1)
        }
        #expect(try reader.scalarInt("SELECT count(*) FROM t") == 2)
    }

    @Test func foreignApplicationIdIsRefusedWithoutWriting() throws {
        let dir = TempDir()
        let path = dir.file("other.db")
        try StoreFile.create(path)
        let other = try Connection(path: path)
        try other.execute("PRAGMA application_id=42; CREATE TABLE x(y);")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreRefusal.foreign(applicationId: 42)) { try StoreFile.open(path, schema: schema) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func sqliteFileWithTablesButNoApplicationIdIsRefused() throws {
        let dir = TempDir()
        let path = dir.file("plain.db")
        try StoreFile.create(path)
        try Connection(path: path).execute("CREATE TABLE x(y)")
        #expect(throws: StoreRefusal.foreign(applicationId: 0)) { try StoreFile.open(path, schema: schema) }
    }

    @Test func newerSchemaIsRefused() throws {
        let dir = TempDir()
        _ = try openStore(dir)
        try Connection(path: dir.file("db/store.db")).execute("PRAGMA user_version=9")
        #expect(throws: StoreRefusal.newerSchema(found: 9, supported: 2)) {
            try StoreFile.open(dir.file("db/store.db"), schema: schema)
        }
    }

    @Test func nonDatabaseFilesAreRefusedUntouched() throws {
        let dir = TempDir()
        for (name, text) in [("junk.db", String(repeating: "not sqlite ", count: 500)), ("tiny.db", "x")] {
            let path = dir.write(name, text)
            #expect(throws: StoreRefusal.notADatabase) { try StoreFile.open(path, schema: schema) }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        }
    }

    @Test func newStoreIsPrivateEvenUnderAPermissiveUmask() throws {
        let dir = TempDir()
        let old = umask(0o022)
        defer { umask(old) }
        let db = try openStore(dir)
        try db.run("INSERT INTO t(name) VALUES ('x')")
        let fm = FileManager.default
        #expect(try fm.attributesOfItem(atPath: dir.file("db"))[.posixPermissions] as? Int == 0o700)
        for file in ["db/store.db", "db/store.db-wal", "db/store.db-shm"] {
            #expect(try fm.attributesOfItem(atPath: dir.file(file))[.posixPermissions] as? Int == 0o600, "\(file)")
        }
    }

    @Test func readOnlyConnectionRefusesWrites() throws {
        let dir = TempDir()
        _ = try openStore(dir)
        var options = Connection.Options()
        options.readOnly = true
        let ro = try StoreFile.open(dir.file("db/store.db"), schema: schema, options: options)
        #expect(try ro.scalarInt("SELECT count(*) FROM t") == 0)
        #expect { try ro.run("INSERT INTO t(name) VALUES ('x')") } throws: { ($0 as? SQLiteError)?.kind == .readOnly }
    }

    @Test func lengthLimitRejectsOversizeValues() throws {
        var options = Connection.Options()
        options.maxLength = 1000
        let dir = TempDir()
        let path = dir.file("db/store.db")
        try StoreFile.create(path)
        let db = try StoreFile.open(path, schema: schema, options: options)
        #expect { try db.run("INSERT INTO t(name) VALUES (?)", [.text(String(repeating: "x", count: 2000))]) } throws: {
            ($0 as? SQLiteError)?.kind == .tooBig
        }
    }

    @Test func backupIsAConsistentCopy() throws {
        let dir = TempDir()
        let db = try openStore(dir)
        try db.run("INSERT INTO t(name) VALUES ('a'), ('b')")
        try db.backup(to: dir.file("copy.db"))
        let copy = try StoreFile.open(dir.file("copy.db"), schema: schema)
        #expect(try copy.scalarInt("SELECT count(*) FROM t") == 2)
    }
}
