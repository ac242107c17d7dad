import NotesCore

/// A command's arguments in canonical form (CLI.md §4 `apply`): options and positionals by
/// name, `-` in names turned to `_`, repeatable options as arrays, switches as `true`.
public struct Args: Sendable, Equatable {
    public private(set) var object: JSONObject

    public init(_ object: JSONObject = [:]) { self.object = object }

    public subscript(key: String) -> JSON? {
        get { object[key] }
        set { object[key] = newValue }
    }

    public func string(_ key: String) -> String? { object[key]?.stringValue }
    public func int(_ key: String) -> Int? { object[key]?.intValue }
    /// A count (`--limit`): 0 or more, else a usage error (exit 2).
    public func count(_ key: String) throws -> Int? { try int(key, atLeast: 0) }
    /// A note version (`--if-version`, `revert --to`): versions start at 1.
    public func version(_ key: String) throws -> Int? { try int(key, atLeast: 1) }

    func int(_ key: String, atLeast minimum: Int) throws -> Int? {
        guard let n = int(key) else { return nil }
        guard n >= minimum else {
            throw NotesError.usage("--\(String(key.map { $0 == "_" ? "-" : $0 })) must be \(minimum) or more, not \(n)")
        }
        return n
    }
    public func bool(_ key: String) -> Bool { object[key]?.boolValue ?? false }
    public func strings(_ key: String) -> [String] {
        switch object[key] {
        case .array(let a)?: return a.compactMap(\.stringValue)
        case .string(let s)?: return [s]
        default: return []
        }
    }
    public func has(_ key: String) -> Bool { object[key] != nil }

    /// The value of a required argument; the parser guarantees it, so a miss is a bug.
    public func required(_ key: String) throws -> String {
        guard let v = string(key) else { throw NotesError.usage("missing \(key.uppercased())") }
        return v
    }
}
