/// Who is acting: a person (`user:NAME`) or an agent (`agent:NAME`). Declared, not
/// authenticated (CLI.md §8): it makes work attributable and keeps agents inside their policy.
public struct Actor: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case user, agent }
    public let kind: Kind
    public let name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// Parses `user:NAME` or `agent:NAME`; NAME is 1–64 of letters, digits, `.`, `_`, `-`, `@`, `+`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])), Actor.isValidName(parts[1]) else {
            throw NotesError.invalid("malformed actor '\(text)': expected user:NAME or agent:NAME",
                                     hint: "NAME is 1-64 letters, digits or . _ - @ +")
        }
        self.kind = kind
        self.name = String(parts[1])
    }

    static func isValidName(_ name: Substring) -> Bool {
        guard (1...64).contains(name.utf8.count) else { return false }
        return name.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || "._-@+".unicodeScalars.contains(c)
        }
    }

    public var isAgent: Bool { kind == .agent }
    public var description: String { "\(kind.rawValue):\(name)" }
}
