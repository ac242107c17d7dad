#if canImport(Glibc)
import Glibc
#endif

/// One schema step: the SQL that takes the store from `version - 1` to `version`, and
/// optionally code that fills new tables from existing rows, in the same transaction.
public struct Migration: Sendable {
    public let version: Int
    public let sql: String
    public let backfill: (@Sendable (Connection) throws -> Void)?
    public init(version: Int, sql: String, backfill: (@Sendable (Connection) throws -> Void)? = nil) {
        self.version = version
        self.sql = sql
        self.backfill = backfill
    }
}

/// What marks a file as ours and how to bring it up to date.
public struct Schema: Sendable {
    /// Written to `PRAGMA application_id` (https://sqlite.org/pragma.html#pragma_application_id).
    public let applicationId: Int32
    /// Ordered by version, starting at 1; `user_version` is the last one applied.
    public let migrations: [Migration]
    public init(applicationId: Int32, migrations: [Migration]) {
        self.applicationId = applicationId
        self.migrations = migrations
    }
    public var latestVersion: Int { migrations.last?.version ?? 0 }
}

/// Opening a store file: creating it safely, refusing files that are not ours, migrating.
public enum StoreFile {
    /// True when a file exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Whether the file starts with SQLite's 16-byte magic (https://sqlite.org/fileformat.html#magic_header_string).
    public static func hasDatabaseHeader(_ path: String) -> Bool {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }  // unreadable: let SQLite say why
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 16)
        let n = magic.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 16, 0) }
        return n == 16 && magic == Array("SQLite format 3\0".utf8)
    }

    /// Whether this process may create and remove files in the folder holding `path`.
    public static func folderIsWritable(_ path: String) -> Bool {
        let folder = parentFolder(of: path)
        return access(folder.isEmpty ? "." : folder, W_OK) == 0
    }

    public static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// A `-wal` or `-shm` file this process owns but cannot write (left by a read of a read-only
    /// store, which SQLite gives the store's mode) would keep every later write read-only: make
    /// it 0600 again.
    public static func repairCompanions(_ path: String) {
        for companion in [path + "-wal", path + "-shm"] {
            var st = stat()
            guard stat(companion, &st) == 0, st.st_uid == geteuid(), access(companion, W_OK) != 0 else { continue }
            chmod(companion, 0o600)
        }
    }

    /// True for an empty file, or an SQLite file with no tables and no `application_id` or
    /// `user_version`: what a store is before its first write. Looks without writing.
    public static func isBlank(_ path: String) throws -> Bool {
        if size(path) == 0 { return true }
        if !hasDatabaseHeader(path) { return false }
        // Fast path: a header that already carries an application_id is not blank
        // (https://sqlite.org/fileformat.html#the_database_header, offset 68).
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            var header = [UInt8](repeating: 0, count: 100)
            let n = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 100, 0) }
            close(fd)
            if n == 100 && header[68..<72].contains(where: { $0 != 0 }) { return false }
        }
        var options = Connection.Options()
        options.readOnly = true
        guard let connection = try? Connection(path: path, options: options) else { return false }
        guard let appId = try? connection.pragmaInt("application_id"), appId == 0,
              let version = try? connection.pragmaInt("user_version"), version == 0,
              let tables = try? connection.scalarInt("SELECT count(*) FROM sqlite_schema") else { return false }
        return tables == 0
    }

    /// The size of a file in bytes, or 0 when it cannot be read.
    public static func size(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    /// Removes a database file and its `-wal` and `-shm` companions.
    public static func remove(_ path: String) throws {
        for p in [path, path + "-wal", path + "-shm"] where unlink(p) != 0 && errno != ENOENT {
            let err = errno
            throw SQLiteError(extendedCode: 14, message: "cannot remove \(p): \(String(cString: strerror(err)))")
        }
    }

    /// Creates the folder (0700) and an empty file (0600) before SQLite opens it, so that the
    /// `-wal` and `-shm` files SQLite makes beside it inherit 0600. An existing file is left as it is.
    public static func create(_ path: String) throws {
        let folder = parentFolder(of: path)
        if !folder.isEmpty { try makeFolders(folder) }
        let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 {
            fchmod(fd, 0o600)  // whatever the umask said
            close(fd)
            return
        }
        let err = errno
        if err == EEXIST {
            // An empty file of ours about to become the store gets a store's mode (CLI.md §2).
            var st = stat()
            if stat(path, &st) == 0, st.st_size == 0, st.st_uid == geteuid() { chmod(path, 0o600) }
            return
        }
        throw SQLiteError(extendedCode: 14 /* SQLITE_CANTOPEN */,
                          message: "cannot create \(path): \(String(cString: strerror(err)))")
    }

    public static func parentFolderOf(_ path: String) -> String {
        let folder = parentFolder(of: path)
        return folder.isEmpty ? "." : folder
    }

    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Creates `folder` and the folders above it that are missing (0700); returns those it
    /// created, outermost first.
    @discardableResult
    static func makeFolders(_ folder: String) throws -> [String] {
        var st = stat()
        if stat(folder, &st) == 0 { return [] }
        let parent = parentFolder(of: folder)
        var made = parent.isEmpty ? [] : try makeFolders(parent)
        if mkdir(folder, 0o700) != 0 {
            let err = errno
            guard err == EEXIST else {
                throw SQLiteError(extendedCode: 14,
                                  message: "cannot create folder \(folder): \(String(cString: strerror(err)))")
            }
        } else {
            made.append(folder)
        }
        return made
    }

    /// A new, empty store file (0600) beside `path` under a name of its own, for a store that
    /// is to appear at `path` only once its first write has committed (`moveIntoPlace`). Creates
    /// the folder (0700) when missing; returns the file and the folders it created.
    public static func createTemporarySibling(of path: String) throws -> (path: String, folders: [String]) {
        let folder = parentFolder(of: path)
        let made = folder.isEmpty ? [] : try makeFolders(folder)
        let name = path.split(separator: "/").last.map(String.init) ?? "notes.db"
        var template = Array(((folder.isEmpty ? "" : folder + "/") + "." + name + ".new-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let err = errno
            removeEmptyFolders(made)
            throw SQLiteError(extendedCode: 14, message: "cannot create a store beside \(path): \(String(cString: strerror(err)))")
        }
        fchmod(fd, 0o600)
        close(fd)
        return (String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self), made)
    }

    /// Removes the temp store (and its -wal and -shm), then each of `folders` that is empty,
    /// innermost first.
    public static func removeTemporarySibling(_ temp: String, folders: [String]) {
        try? remove(temp)
        removeEmptyFolders(folders)
    }

    /// Removes each folder that is empty, innermost (longest path) first.
    static func removeEmptyFolders(_ folders: [String]) {
        for folder in folders.sorted(by: { $0.utf8.count > $1.utf8.count }) { rmdir(folder) }
    }

    /// Puts the store file at `temp` in place at `path` unless a file is there already; true
    /// when it did. A hard link, then the temp name removed, so nothing at `path` is ever
    /// replaced; where the file system has no hard links, a rename after a check. The store
    /// must be closed (its -wal checkpointed away).
    public static func moveIntoPlace(_ temp: String, _ path: String) throws -> Bool {
        if link(temp, path) == 0 {
            unlink(temp)
            return true
        }
        let err = errno
        if err == EEXIST { return false }
        guard err == EPERM || err == ENOTSUP || err == EXDEV else {
            throw SQLiteError(extendedCode: 14, message: "cannot create \(path): \(String(cString: strerror(err)))")
        }
        if exists(path) { return false }
        guard rename(temp, path) == 0 else {
            let err = errno
            throw SQLiteError(extendedCode: 14, message: "cannot create \(path): \(String(cString: strerror(err)))")
        }
        return true
    }

    /// Opens the store at `path` and brings its schema up to date.
    ///
    /// Refuses (with nothing written) a file whose `application_id` is another program's, an
    /// SQLite file with tables but no `application_id`, and a schema newer than `schema`.
    /// `path` must exist unless it is `":memory:"`.
    public static func open(_ path: String, schema: Schema, options: Connection.Options = Connection.Options()) throws -> Connection {
        if path != ":memory:" && size(path) > 0 && !hasDatabaseHeader(path) {
            // SQLite takes a file under 512 bytes for an empty database and would overwrite it.
            throw StoreRefusal.notADatabase
        }
        let connection = try Connection(path: path, options: options)
        let (appId, version) = try identify(connection, schema: schema)
        guard version < schema.latestVersion || appId == 0 else { return connection }
        if options.readOnly {
            // Cannot migrate a store we may not write: refuse rather than misread it.
            throw SQLiteError(extendedCode: 8 /* SQLITE_READONLY */,
                              message: "the store needs a schema upgrade but is read-only")
        }
        if path != ":memory:" && appId == 0 {
            // journal_mode cannot change inside a transaction; WAL is persistent once set.
            _ = try connection.scalarText("PRAGMA journal_mode=WAL")
        }
        try connection.transaction(.immediate) {
            // Another process may have migrated while we waited for the lock.
            let (_, current) = try identify(connection, schema: schema)
            for migration in schema.migrations where migration.version > current {
                try connection.execute(migration.sql)
                try migration.backfill?(connection)
                try connection.execute("PRAGMA user_version=\(migration.version)")
            }
            try connection.execute("PRAGMA application_id=\(schema.applicationId)")
        }
        return connection
    }

    /// Reads `application_id` and `user_version`, throwing `StoreRefusal` for files not ours.
    static func identify(_ connection: Connection, schema: Schema) throws -> (Int32, Int) {
        let (id, version) = try connection.first("SELECT * FROM pragma_application_id(), pragma_user_version()") { ($0.int(0), $0.int(1)) } ?? (0, 0)
        let appId = Int32(truncatingIfNeeded: id)
        if appId != schema.applicationId {
            if appId != 0 { throw StoreRefusal.foreign(applicationId: appId) }
            let tables = try connection.scalarInt("SELECT count(*) FROM sqlite_schema") ?? 0
            if tables > 0 || version != 0 { throw StoreRefusal.foreign(applicationId: 0) }
        }
        if version > schema.latestVersion {
            throw StoreRefusal.newerSchema(found: version, supported: schema.latestVersion)
        }
        return (appId, version)
    }
}
