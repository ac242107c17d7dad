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
