/// Input checks shared by the services: everything is checked before anything is written,
/// and nothing the user typed is silently changed.
enum Validate {
    static let maxNameBytes = 200
    static let maxTitleBytes = 1_000
    static let maxTagBytes = 64
    static let maxTags = 64

    /// Whether `s` is a SHA-256 as notesctl writes them: 64 lower-case hex digits.
    static func isSHA256Hex(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// Rejects NUL and, unless `multiline`, any control character.
    static func text(_ value: String, what: String, multiline: Bool) throws {
        for scalar in value.unicodeScalars {
            if scalar.value == 0 { throw NotesError.invalid("\(what) contains a NUL byte") }
            if !multiline && (scalar.value < 0x20 || scalar.value == 0x7F) {
                throw NotesError.invalid("\(what) contains a control character (newlines are not allowed here)")
            }
        }
    }

    static func name(_ value: String, what: String) throws -> String {
        try text(value, what: what, multiline: false)
        guard !value.allSatisfy(\.isWhitespace) else { throw NotesError.invalid("\(what) is empty") }
        guard value.utf8.count <= maxNameBytes else { throw NotesError.invalid("\(what) is longer than \(maxNameBytes) bytes") }
        return value
    }

    static func title(_ value: String) throws -> String {
        try text(value, what: "title", multiline: false)
        guard value.utf8.count <= maxTitleBytes else {
            throw NotesError.invalid("title is \(value.utf8.count) bytes; the limit is \(maxTitleBytes)")
        }
        return value
    }

    static func body(_ value: String, limit: Int) throws -> String {
        guard value.utf8.count <= limit else {
            throw NotesError.invalid("body is \(value.utf8.count) bytes; the limit is \(limit)",
                                     hint: "raise it with NOTESCTL_MAX_BODY_BYTES",
                                     details: ["bytes": .int(Int64(value.utf8.count)), "limit": .int(Int64(limit))])
        }
        try text(value, what: "body", multiline: true)
        return value
    }

    /// A tag: 1–64 bytes, no whitespace, commas or control characters. Kept as typed.
    static func tag(_ value: String) throws -> String {
        try text(value, what: "tag", multiline: false)
        guard !value.isEmpty, value.utf8.count <= maxTagBytes,
              !value.contains(where: { $0.isWhitespace || $0 == "," }) else {
            throw NotesError.invalid("invalid tag '\(value)': use 1-\(maxTagBytes) bytes without spaces or commas")
        }
        return value
    }

    /// Tags as stored: validated, without duplicates, sorted.
    static func tags(_ values: [String]) throws -> [String] {
        let tags = Array(Set(try values.map(tag))).sorted()
        guard tags.count <= maxTags else { throw NotesError.invalid("too many tags: the limit is \(maxTags)") }
        return tags
    }

    /// A slug as given: lower-case letters, digits and `-`, 1–48, starting with a letter or digit.
    static func slug(_ value: String) throws -> String {
        let ok = (1...48).contains(value.utf8.count) && !value.hasPrefix("-")
            && value.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && !value.hasPrefix("ws_")
        guard ok else {
            throw NotesError.invalid("invalid slug '\(value)': use 1-48 lower-case letters, digits and '-', not starting with '-'")
        }
        return value
    }

    /// A slug made from a name: ASCII letters and digits lower-cased, everything else folded to `-`.
    static func deriveSlug(from name: String) -> String {
        var out = ""
        for c in name.lowercased().unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") { out.unicodeScalars.append(c) }
            else if !out.isEmpty && !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if out.utf8.count > 48 { out = String(out.prefix(48)); while out.hasSuffix("-") { out.removeLast() } }
        return out.isEmpty ? "workspace" : out
    }

    static func time(_ value: String, what: String) throws -> String {
        guard let t = Clock.normalize(value) else {
            throw NotesError.invalid("invalid \(what) '\(value)': use YYYY-MM-DD or RFC 3339 (2026-11-29T14:00:00Z)")
        }
        return t
    }
}
