import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// One SQLite connection (https://sqlite.org/c3ref/sqlite3.html), opened with extended result
/// codes, a busy timeout, foreign keys, defensive mode and a length limit. Not `Sendable`:
/// one connection serves one thread.
public final class Connection {
    let handle: OpaquePointer
    public let path: String
    private var cache: [String: Statement] = [:]
    /// Where `Options.traceStatements` reports to; kept alive as long as the connection.
    private var traceTarget: UnsafeMutablePointer<csqlite_trace_target>?

    public struct Options: Sendable {
        /// How long a statement waits for another connection's lock (https://sqlite.org/c3ref/busy_timeout.html).
        public var busyTimeoutMilliseconds: Int32 = 5_000
        /// Open without write access: any write fails with `SQLITE_READONLY`.
        public var readOnly = false
        /// The largest string or blob accepted (https://sqlite.org/limits.html#max_length).
        public var maxLength: Int32 = 64 * 1024 * 1024
        /// Create the file when it is missing (used for backups; stores are created by `StoreFile`).
        public var create = false
        /// Open read-only as a file nothing changes while it is open (`immutable=1`): for a store
        /// in a folder where the WAL index cannot be created (https://sqlite.org/uri.html#uriimmutable).
        public var immutable = false
        /// Called with every statement run, as it starts, parameters filled in: a developer's
        /// view of the SQL behind a command. Trigger steps are left out (they are part of the
        /// statement that fires them); statements SQLite runs inside another one start with "--".
        public var traceStatements: (@Sendable (String) -> Void)?
        public init() {}
    }

    /// Holds the trace closure for the C callback.
    private final class TraceBox {
        let report: @Sendable (String) -> Void
        init(_ report: @escaping @Sendable (String) -> Void) { self.report = report }
    }

    /// SQLite's process-wide configuration, made once, before the first connection opens.
    private static let processConfigured: Int32 = csqlite_configure_process()

    /// Opens (never creates) the database at `path`; `":memory:"` opens a private in-memory one.
    public init(path: String, options: Options = Options()) throws {
        _ = Connection.processConfigured
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if path == ":memory:" { flags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY }
        if options.create && !options.readOnly { flags |= SQLITE_OPEN_CREATE }
        var target = path
        if options.immutable {
            flags = (flags & ~SQLITE_OPEN_READWRITE) | SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
            target = "file:" + Connection.percentEncoded(path) + "?immutable=1"
        }
        let rc = sqlite3_open_v2(target, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(extendedCode: rc, message: message)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        // Wait for a busy lock by polling about every millisecond, with jitter, up to the timeout.
        // SQLite's own handler backs off to 100 ms sleeps, which leaves the lock idle most of the
        // time when many short-lived processes write at once (https://sqlite.org/c3ref/busy_handler.html).
        sqlite3_busy_handler(db, { context, count in
            let timeoutMilliseconds = Int32(truncatingIfNeeded: Int(bitPattern: context))
            guard count < timeoutMilliseconds else { return 0 }
            usleep(UInt32(500 + Int.random(in: 0..<1000)))
            return 1
        }, UnsafeMutableRawPointer(bitPattern: Int(options.busyTimeoutMilliseconds)))
        if let report = options.traceStatements {
            let target = UnsafeMutablePointer<csqlite_trace_target>.allocate(capacity: 1)
            var initial = csqlite_trace_target()
            initial.report = { context, sql in
                guard let context, let sql else { return }
                Unmanaged<TraceBox>.fromOpaque(context).takeUnretainedValue().report(String(cString: sql))
            }
            initial.context = Unmanaged.passRetained(TraceBox(report)).toOpaque()
            target.initialize(to: initial)
            traceTarget = target
            csqlite_trace_statements(db, target)
        }
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, options.maxLength)
        _ = csqlite_db_config_int(db, SQLITE_DBCONFIG_DEFENSIVE, 1)
        _ = csqlite_db_config_int(db, SQLITE_DBCONFIG_ENABLE_FKEY, 1)
        // Connection-level settings only: none of these writes to the file. (Foreign keys are
        // on through SQLITE_DBCONFIG_ENABLE_FKEY above.)
        try execute("PRAGMA mmap_size=0; PRAGMA synchronous=NORMAL;")
    }

    /// A path as a URI path: everything but unreserved characters and '/' percent-encoded.
    static func percentEncoded(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in path.utf8 {
            let plain = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~/".utf8.contains(b)
            if plain { out.append(b) } else { out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    deinit {
        cache.removeAll()
        // The trace target is freed below: SQLite must not call it after that, even from a
        // statement that outlives the close.
        if traceTarget != nil { sqlite3_trace_v2(handle, 0, nil, nil) }
        sqlite3_close_v2(handle)
        if let target = traceTarget {
            if let context = target.pointee.context { Unmanaged<TraceBox>.fromOpaque(context).release() }
            target.deallocate()
        }
    }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        let code = sqlite3_extended_errcode(handle)
        return SQLiteError(extendedCode: code == SQLITE_OK ? rc : code,
                           message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements that return no rows (https://sqlite.org/c3ref/exec.html).
    public func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// A prepared statement for `sql`, reused across calls on this connection.
    public func prepare(_ sql: String) throws -> Statement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try Statement(connection: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs a statement that returns no rows; returns how many rows it changed.
    @discardableResult
    public func run(_ sql: String, _ args: [SQLValue] = []) throws -> Int {
        let statement = try prepare(sql)
        try statement.bind(args)
        while try statement.step() {}
        statement.reset()
        return Int(sqlite3_changes(handle))
    }

    /// Calls `body` for each row; rows are only valid inside the call.
    public func forEach(_ sql: String, _ args: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        let statement = try prepare(sql)
        try statement.bind(args)
        defer { statement.reset() }
        while try statement.step() { try body(statement.row) }
    }

    /// Maps every row through `transform`.
    public func query<T>(_ sql: String, _ args: [SQLValue] = [], _ transform: (Row) throws -> T) throws -> [T] {
        var out: [T] = []
        try forEach(sql, args) { out.append(try transform($0)) }
        return out
    }

    /// The first row mapped through `transform`, or nil when there is none.
    public func first<T>(_ sql: String, _ args: [SQLValue] = [], _ transform: (Row) throws -> T) throws -> T? {
        let statement = try prepare(sql)
        try statement.bind(args)
        defer { statement.reset() }
        return try statement.step() ? transform(statement.row) : nil
    }

    /// The integer in the first column of the first row, or nil.
    public func scalarInt(_ sql: String, _ args: [SQLValue] = []) throws -> Int? {
        try first(sql, args) { $0.isNull(0) ? nil : $0.int(0) } ?? nil
    }

    /// The text in the first column of the first row, or nil.
    public func scalarText(_ sql: String, _ args: [SQLValue] = []) throws -> String? {
        try first(sql, args) { $0.optionalText(0) } ?? nil
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    public enum TransactionKind: String, Sendable {
        /// Takes the write lock up front, so the busy timeout applies and no upgrade can fail later.
        case immediate = "BEGIN IMMEDIATE"
        /// A read transaction: one consistent snapshot, never a write.
        case deferred = "BEGIN DEFERRED"
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func transaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try execute(kind.rawValue)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // Only roll back while a transaction is still open: SQLite may have ended it already.
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Ends an open transaction without keeping its changes (used by dry runs).
    public func rollback() {
        if isInTransaction { try? execute("ROLLBACK") }
    }

    public func pragmaInt(_ name: String) throws -> Int { try scalarInt("PRAGMA \(name)") ?? 0 }

    /// Copies the whole database into a new file at `path`, online and consistent
    /// (https://sqlite.org/backup.html).
    public func backup(to path: String) throws {
        var options = Options()
        options.create = true
        let target = try Connection(path: path, options: options)
        guard let backup = sqlite3_backup_init(target.handle, "main", handle, "main") else {
            throw target.error(SQLITE_ERROR, sql: nil)
        }
        var rc: Int32
        repeat {
            rc = sqlite3_backup_step(backup, -1)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite3_sleep(10) }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else { throw target.error(rc, sql: nil) }
    }
}
