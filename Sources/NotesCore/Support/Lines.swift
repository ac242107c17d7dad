extension String {
    /// The text's lines, split at each "\n" byte. `split(separator: "\n")` compares Characters,
    /// and "\r\n" is one Character, so it would not split CRLF text at all; here a CRLF line keeps
    /// its "\r" at the end, and `joined(separator: "\n")` gives the text back byte for byte.
    public var lines: [Substring] {
        utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// The line break the text uses: "\r\n" when its first line ends so, else "\n".
    var lineBreak: String {
        guard let newline = utf8.firstIndex(of: UInt8(ascii: "\n")), newline > utf8.startIndex else { return "\n" }
        return utf8[utf8.index(before: newline)] == UInt8(ascii: "\r") ? "\r\n" : "\n"
    }
}
