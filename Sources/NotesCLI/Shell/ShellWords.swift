/// Splits a line of the interactive shell into words the way a POSIX shell does
/// (https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_02):
/// blanks separate words; `'…'` keeps everything literally; `"…"` keeps everything but lets a
/// backslash escape `$`, `` ` ``, `"`, `\` and newline; a backslash outside quotes escapes the next
/// character (and a backslash-newline joins lines); `#` at the start of a word begins a comment.
///
/// Only quoting is interpreted: there is no expansion (`$VAR`, `*`, `~`), no pipes, no `;`.
/// Those characters are kept as typed, so a note can say "costs $5; maybe".
enum ShellWords {
    /// A line that cannot be split: an unterminated quote or a trailing backslash (exit 2).
    struct Failure: Error, Equatable {
        let message: String
        /// 0-based index of the character where the unfinished construct starts.
        let position: Int
        /// The line ends in a backslash: joined with the next line, it may be whole.
        var continues = false
    }

    /// The words of a complete line.
    static func split(_ line: String) throws -> [String] {
        let scan = Scanner.scan(line)
        if let failure = scan.failure { throw failure }
        return scan.words
    }

    /// What tab completion needs: the finished words before the cursor, and the word being typed
    /// (unquoted), with the quote it is open in, if any. Never fails: an open quote is the
    /// normal state while typing.
    struct Partial: Equatable {
        var words: [String]
        var current: String
        /// `'` or `"` when the cursor is inside an open quote.
        var openQuote: Character?
        /// True when the line ends in a comment: nothing to complete.
        var inComment = false
    }

    static func partial(_ line: String) -> Partial {
        let scan = Scanner.scan(line)
        var words = scan.words
        if scan.inComment { return Partial(words: words, current: "", openQuote: nil, inComment: true) }
        guard scan.inWord else { return Partial(words: words, current: "", openQuote: nil) }
        let current = words.removeLast()
        return Partial(words: words, current: current, openQuote: scan.openQuote)
    }

    /// `word` written so that `split` gives it back: as is when it holds nothing special, else
    /// with a backslash before each special character (or, inside an open quote, what that quote needs).
    static func escape(_ word: String, inQuote quote: Character? = nil) -> String {
        switch quote {
        case "'":
            // A single quote cannot appear inside single quotes: close, escape it, reopen.
            return word.replacingOccurrences(of: "'", with: "'\\''")
        case "\"":
            var out = ""
            for c in word {
                if c == "\"" || c == "\\" || c == "$" || c == "`" { out.append("\\") }
                out.append(c)
            }
            return out
        default:
            var out = ""
            for (i, c) in word.enumerated() {
                if special.contains(c) || (c == "#" && i == 0) { out.append("\\") }
                out.append(c)
            }
            return out
        }
    }

    /// Characters that end a word or start quoting or escaping when unquoted.
    private static let special: Set<Character> = [" ", "\t", "\n", "'", "\"", "\\"]

    private struct Scanner {
        var words: [String] = []
        var inWord = false
        var openQuote: Character?
        var inComment = false
        var failure: Failure?

        static func scan(_ line: String) -> Scanner {
            var s = Scanner()
            let chars = Array(line)
            var word = ""
            var i = 0
            func finishWord() {
                if s.inWord { s.words.append(word) }
                word = ""
                s.inWord = false
            }
            while i < chars.count {
                let c = chars[i]
                switch c {
                case " ", "\t", "\n":
                    finishWord()
                    i += 1
                case "#" where !s.inWord:
                    s.inComment = true
                    // A comment runs to the end of its line; a later line starts afresh.
                    while i < chars.count && chars[i] != "\n" { i += 1 }
                    if i < chars.count { s.inComment = false }
                case "\\":
                    if i + 1 < chars.count && chars[i + 1] == "\n" {
                        // A line continuation: both characters vanish.
                        i += 2
                    } else if i + 1 >= chars.count {
                        s.inWord = true
                        s.failure = Failure(message: "the line ends with a backslash: nothing follows it to escape", position: i, continues: true)
                        i += 1
                    } else {
                        s.inWord = true
                        word.append(chars[i + 1])
                        i += 2
                    }
                case "'":
                    s.inWord = true
                    let start = i
                    i += 1
                    while i < chars.count && chars[i] != "'" { word.append(chars[i]); i += 1 }
                    if i >= chars.count {
                        s.openQuote = "'"
                        s.failure = Failure(message: "unterminated single quote (the ' at character \(start + 1) is never closed)", position: start)
                    }
                    i += 1
                case "\"":
                    s.inWord = true
                    let start = i
                    i += 1
                    var closed = false
                    while i < chars.count {
                        let d = chars[i]
                        if d == "\"" { closed = true; break }
                        if d == "\\" && i + 1 < chars.count {
                            let next = chars[i + 1]
                            if next == "\n" { i += 2; continue }
                            if next == "$" || next == "`" || next == "\"" || next == "\\" {
                                word.append(next)
                                i += 2
                                continue
                            }
                        }
                        word.append(d)
                        i += 1
                    }
                    if !closed {
                        s.openQuote = "\""
                        s.failure = Failure(message: "unterminated double quote (the \" at character \(start + 1) is never closed)", position: start)
                    }
                    i += 1
                default:
                    s.inWord = true
                    word.append(c)
                    i += 1
                }
            }
            if s.inWord { s.words.append(word) }
            return s
        }
    }
}
