/// Turns what a person types into a safe FTS5 MATCH expression (https://sqlite.org/fts5.html#full_text_query_syntax).
///
/// Every word becomes a quoted FTS5 string, so punctuation, operators (`AND`, `NEAR`), brackets,
/// stray quotes and `*` never reach the FTS5 parser as syntax. `"quoted phrases"` stay phrases,
/// and a trailing `*` makes a prefix query. Words with no letters or digits (`(`, `+`, emoji)
/// match nothing and are dropped, as the tokenizer would drop them.
///
/// It works on Unicode scalars, not Characters: a `"` followed by a combining mark is one
/// Character but still a quote to FTS5.
public enum SearchQuery {
    /// The MATCH expression for `text`, or nil when it holds nothing searchable.
    public static func build(_ text: String) -> String? {
        let quote: Unicode.Scalar = "\"", star: Unicode.Scalar = "*"
        var terms: [String] = []
        var rest = Substring(text).unicodeScalars[...]
        while let c = rest.first {
            if c.properties.isWhitespace { rest.removeFirst(); continue }
            var term: Substring.UnicodeScalarView.SubSequence
            if c == quote {
                rest.removeFirst()
                let end = rest.firstIndex(of: quote) ?? rest.endIndex
                term = rest[..<end]
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            } else {
                let end = rest.firstIndex(where: { $0.properties.isWhitespace || $0 == quote }) ?? rest.endIndex
                term = rest[..<end]
                rest = rest[end...]
            }
            var prefix = false
            if term.last == star {
                prefix = true
                while term.last == star { term = term.dropLast() }
            } else if rest.first == star {
                // A phrase followed by `*`: "quoted phr"*
                prefix = true
                rest = rest.drop(while: { $0 == star })
            }
            guard term.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) else { continue }
            var quoted = "\""
            for scalar in term where scalar.value != 0 {
                // Doubled, as FTS5 strings require; NUL is never part of one.
                if scalar == quote { quoted.unicodeScalars.append(quote) }
                quoted.unicodeScalars.append(scalar)
            }
            terms.append(quoted + "\"" + (prefix ? "*" : ""))
        }
        return terms.isEmpty ? nil : terms.joined(separator: " ")
    }
}
