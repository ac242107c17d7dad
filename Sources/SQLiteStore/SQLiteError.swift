import CSQLite

/// An error from SQLite, keeping what is needed to act on it: the extended result code,
/// SQLite's message, and the SQL that failed (https://sqlite.org/rescode.html).
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_CONSTRAINT_UNIQUE`, …).
    public let extendedCode: Int32
    /// SQLite's own message (`sqlite3_errmsg`), or a message of ours for failures outside SQLite.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`, …).
    public var primaryCode: Int32 { extendedCode & 0xFF }

    /// What kind of failure this is, in the terms the rest of notesctl acts on.
    public var kind: Kind {
        switch primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH: return .readOnly
        case SQLITE_FULL: return .diskFull
        case SQLITE_CORRUPT, SQLITE_NOTADB: return .corrupt
        case SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PROTOCOL, SQLITE_NOLFS: return .io
        case SQLITE_CONSTRAINT: return .constraint
        case SQLITE_TOOBIG: return .tooBig
        case SQLITE_ERROR: return .sql
        default: return .other
        }
    }

    public enum Kind: Sendable, Equatable {
        case busy, readOnly, diskFull, corrupt, io, constraint, tooBig, sql, other
    }

    public var description: String {
        let name = String(cString: sqlite3_errstr(extendedCode))
        var text = "\(message) (\(name), code \(extendedCode))"
        if let sql { text += " in: \(sql)" }
        return text
    }
}

/// Why a store file was refused before anything was written to it.
public enum StoreRefusal: Error, CustomStringConvertible, Sendable, Equatable {
    /// `application_id` says the file belongs to another program.
    case foreign(applicationId: Int32)
    /// `user_version` is newer than this build knows.
    case newerSchema(found: Int, supported: Int)
    /// The file is not an SQLite database at all.
    case notADatabase

    public var description: String {
        switch self {
        case .foreign(let id):
            return "the file is not a notesctl store (application_id \(id))"
        case .newerSchema(let found, let supported):
            return "the store has schema version \(found), newer than this notesctl supports (\(supported)); upgrade notesctl"
        case .notADatabase:
            return "the file is not an SQLite database"
        }
    }
}
