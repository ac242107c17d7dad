import SQLiteStore

/// The one error type the CLI reports. Its `code` maps to exactly one exit status (CLI.md §5).
public struct NotesError: Error, CustomStringConvertible, Sendable {
    /// A stable error code: a struct over a private table, so codes can be added without
    /// breaking exhaustive switches in callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public let exitCode: Int32

        public static let internalError = Code(name: "internal", exitCode: 1)
        public static let usage = Code(name: "usage", exitCode: 2)
        public static let notFound = Code(name: "not_found", exitCode: 3)
        public static let conflict = Code(name: "conflict", exitCode: 4)
        public static let forbidden = Code(name: "forbidden", exitCode: 5)
        public static let invalid = Code(name: "invalid", exitCode: 6)
        public static let unavailable = Code(name: "unavailable", exitCode: 7)

        public static let all: [Code] = [.internalError, .usage, .notFound, .conflict, .forbidden, .invalid, .unavailable]
        public var description: String { name }
    }

    public let code: Code
    public let message: String
    public var hint: String?
    public var details: JSONObject

    public init(_ code: Code, _ message: String, hint: String? = nil, details: JSONObject = [:]) {
        self.code = code
        self.message = message
        self.hint = hint
        self.details = details
    }

    public var description: String { "\(code.name): \(message)" }

    /// `{"code", "message", "exit_code", "details", "hint"}`: the error object of CLI.md §5.
    public var json: JSONObject {
        ["code": .string(code.name), "message": .string(message), "exit_code": .int(Int64(code.exitCode)),
         "details": .object(details), "hint": JSON(hint)]
    }

    /// The error a `json` object describes, or nil.
    public init?(json: JSONObject) {
        guard let name = json["code"]?.stringValue, let code = Code.all.first(where: { $0.name == name }),
              let message = json["message"]?.stringValue else { return nil }
        self.init(code, message, hint: json["hint"]?.stringValue, details: json["details"]?.objectValue ?? [:])
    }

    public static func usage(_ m: String, hint: String? = nil, details: JSONObject = [:]) -> NotesError { .init(.usage, m, hint: hint, details: details) }
    public static func notFound(_ m: String, hint: String? = nil, details: JSONObject = [:]) -> NotesError { .init(.notFound, m, hint: hint, details: details) }
    public static func conflict(_ m: String, hint: String? = nil, details: JSONObject = [:]) -> NotesError { .init(.conflict, m, hint: hint, details: details) }
    public static func forbidden(_ m: String, hint: String? = nil, details: JSONObject = [:]) -> NotesError { .init(.forbidden, m, hint: hint, details: details) }
    public static func invalid(_ m: String, hint: String? = nil, details: JSONObject = [:]) -> NotesError { .init(.invalid, m, hint: hint, details: details) }
    public static func unavailable(_ m: String, hint: String? = nil, details: JSONObject = [:]) -> NotesError { .init(.unavailable, m, hint: hint, details: details) }

    /// Turns any error into a `NotesError`: SQLite's by what they mean for the user, the rest as bugs.
    public static func from(_ error: any Error) -> NotesError {
        switch error {
        case let e as NotesError: return e
        case let e as StoreRefusal:
            return .unavailable(e.description, hint: "nothing was written; point --db at a notesctl store")
        case let e as SQLiteError:
            var details: JSONObject = ["sqlite_code": .int(Int64(e.extendedCode))]
            details["sqlite_message"] = .string(e.message)
            switch e.kind {
            case .busy:
                return .unavailable("the store is busy: another process held its lock past the timeout", hint: "safe to retry with the same --idempotency-key", details: details)
            case .readOnly: return .unavailable("the store is read-only: \(e.message)", details: details)
            case .diskFull: return .unavailable("the disk is full: nothing was written", details: details)
            case .corrupt: return .unavailable("the store is damaged or not a database: \(e.message)", details: details)
            case .io: return .unavailable("cannot use the store: \(e.message)", details: details)
            case .tooBig: return .invalid("input too large: \(e.message)", details: details)
            case .constraint, .sql, .other: return .init(.internalError, "unexpected database error: \(e)", details: details)
            }
        default:
            return .init(.internalError, "unexpected error: \(error)")
        }
    }
}
