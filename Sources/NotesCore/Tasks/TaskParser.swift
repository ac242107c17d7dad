/// Finds the Markdown checkboxes in a body (CLI.md §4 task): `- [ ] text`, `* [x] text`,
/// `+ [X] text`, indented or not, with LF or CRLF line ends, outside fenced code blocks.
/// `due:YYYY-MM-DD` and `#tag` inside the text are parsed; the text is kept as written.
public enum TaskParser {
    public struct Found: Equatable, Sendable {
        public let text: String
        public let done: Bool
        public let due: String?
        public let tags: [String]
        /// 1-based line number in the body.
        public let line: Int
    }

    public static func parse(_ body: String) -> [Found] {
        var found: [Found] = []
        scan(body) { index, line in
            guard let (done, text) = checkbox(line) else { return }
            found.append(Found(text: text, done: done, due: due(in: text), tags: tags(in: text), line: index + 1))
        }
        return found
    }

    /// Calls `visit` with each line (0-based index) that is not code; returns whether the text
    /// ends inside a fenced code block that was never closed.
    @discardableResult
    static func scan(_ body: String, _ visit: (Int, Substring) -> Void) -> Bool {
        var fence: (marker: Character, length: Int)?
        for (index, line) in body.lines.enumerated() {
            if let f = Self.fence(line) {
                // A fence closes with the same character, at least as long (CommonMark 4.5).
                if let open = fence { if f.marker == open.marker && f.length >= open.length && f.bare { fence = nil } }
                else { fence = (f.marker, f.length) }
                continue
            }
            if fence == nil { visit(index, line) }
        }
        return fence != nil
    }

    /// A code fence line: up to three spaces, then three or more ` or ~. `bare` when nothing
    /// but spaces follows (only such a line closes a fence).
    static func fence(_ line: Substring) -> (marker: Character, length: Int, bare: Bool)? {
        let indent = line.prefix(while: { $0 == " " })
        guard indent.count <= 3 else { return nil }
        let rest = line.dropFirst(indent.count)
        guard let marker = rest.first, marker == "`" || marker == "~" else { return nil }
        let run = rest.prefix(while: { $0 == marker })
        guard run.count >= 3 else { return nil }
        let after = rest.dropFirst(run.count)
        // An info string after backticks may not itself hold a backtick.
        if marker == "`" && after.contains("`") { return nil }
        return (marker, run.count, after.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" })
    }

    /// The checkbox state and the text after it, when `line` is a task line.
    static func checkbox(_ line: Substring) -> (Bool, String)? {
        var rest = line.drop(while: { $0 == " " || $0 == "\t" })
        guard let bullet = rest.first, "-*+".contains(bullet) else { return nil }
        rest = rest.dropFirst()
        guard rest.first == " " else { return nil }
        rest = rest.drop(while: { $0 == " " })
        guard rest.count >= 3, rest.hasPrefix("["), rest.dropFirst(2).first == "]" else { return nil }
        let mark = rest.dropFirst().first
        let done: Bool
        switch mark {
        case " ": done = false
        case "x", "X": done = true
        default: return nil
        }
        var text = rest.dropFirst(3)
        guard text.isEmpty || text.first == " " else { return nil }
        text = text.drop(while: { $0 == " " })
        if text.hasSuffix("\r") { text = text.dropLast() }
        return (done, String(text))
    }

    /// The first `due:YYYY-MM-DD` that is a word of its own: no ASCII letter or digit just
    /// before it, none (nor "-") just after (`overdue:2026-01-01` and `due:2026-01-0123` are
    /// not due dates; `**due:2026-01-01**`, `[due:…]`, `"due:…"` and `期限due:…` are).
    static func due(in text: String) -> String? {
        var search = Substring(text)
        while let r = search.range(of: "due:") {
            let rest = search[r.upperBound...]
            let candidate = rest.prefix(10)
            let before = r.lowerBound == text.startIndex ? " " : text[text.index(before: r.lowerBound)]
            let after = rest.dropFirst(10).first ?? " "
            func word(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
            if !word(before), !word(after) && after != "-",
               candidate.count == 10, Clock.parse(String(candidate)) != nil, candidate.dropFirst(4).first == "-" {
                return String(candidate)
            }
            search = rest
        }
        return nil
    }

    static func tags(in text: String) -> [String] {
        var tags: [String] = []
        var previous: Character = " "
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "#" && (previous.isWhitespace || previous == "(") {
                let start = text.index(after: i)
                let end = text[start...].firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "/") }) ?? text.endIndex
                if start < end { tags.append(String(text[start..<end])) }
                i = end
                previous = "x"
                continue
            }
            previous = c
            i = text.index(after: i)
        }
        return Array(Set(tags)).sorted()
    }

    /// `line` with its checkbox set to `done`; nil when it is not a task line.
    static func setting(_ line: Substring, done: Bool) -> String? {
        guard checkbox(line) != nil, let open = line.firstIndex(of: "[") else { return nil }
        // The first "[" of a task line is its checkbox: the bullet and spaces come before it.
        let before = line[..<open]
        let after = line[line.index(open, offsetBy: 2)...]
        return String(before) + (done ? "[x" : "[ ") + String(after)
    }
}

extension Substring {
    func range(of needle: String) -> Range<Substring.Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
