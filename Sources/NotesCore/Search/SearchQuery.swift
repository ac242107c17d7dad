/// Turns what a person types into a safe FTS5 MATCH expression (https://sqlite.org/fts5.html#full_text_query_syntax).
///
/// Every word becomes a quoted FTS5 string, so punctuation, operators (`AND`, `NEAR`), brackets,
/// stray quotes and `*` never reach the FTS5 parser as syntax. `"quoted phrases"` stay phrases,
/// and a trailing `*` makes a prefix query. Words with no letters or digits (`(`, `+`, emoji)
/// match nothing and are dropped, as the tokenizer would drop them.
public enum SearchQuery {
    /// The MATCH expression for `text`, or nil when it holds nothing searchable.
    public static func build(_ text: String) -> String? {
        var terms: [String] = []
        var chars = Substring(text)
        while let c = chars.first {
            if c.isWhitespace { chars.removeFirst(); continue }
            var term: Substring
            if c == "\"" {
                chars.removeFirst()
                let end = chars.firstIndex(of: "\"") ?? chars.endIndex
                term = chars[..<end]
                chars = end < chars.endIndex ? chars[chars.index(after: end)...] : chars[end...]
            } else {
                let end = chars.firstIndex(where: { $0.isWhitespace || $0 == "\"" }) ?? chars.endIndex
                term = chars[..<end]
                chars = chars[end...]
            }
            var prefix = false
            if term.hasSuffix("*") {
                prefix = true
                while term.hasSuffix("*") { term = term.dropLast() }
            } else if chars.first == "*" {
                // A phrase followed by `*`: "quoted phr"*
                prefix = true
                chars = chars.drop(while: { $0 == "*" })
            }
            guard term.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            terms.append("\"" + term.replacingQuotes() + "\"" + (prefix ? "*" : ""))
        }
        return terms.isEmpty ? nil : terms.joined(separator: " ")
    }
}

extension Substring {
    /// Doubles `"` as FTS5 strings require; drops NUL, which no FTS5 string may hold.
    fileprivate func replacingQuotes() -> String {
        var out = ""
        out.reserveCapacity(count + 2)
        for c in self {
            if c == "\"" { out += "\"\"" } else if c != "\u{0}" { out.append(c) }
        }
        return out
    }
}
