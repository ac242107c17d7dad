import Testing
@testable import NotesCLI

/// What stored text may do to a terminal (`Output.terminalSafe`): nothing but be shown.
@Suite struct TerminalTextTests {
    @Test func controlCharactersAreShownNotActedOn() {
        let cases: [(String, String)] = [
            ("plain text, tabs\tand\nnewlines", "plain text, tabs\tand\nnewlines"),
            ("title \u{1B}]0;PWNED\u{07} here", "title ^[]0;PWNED^G here"),
            ("clipboard \u{1B}]52;c;aGk=\u{07}", "clipboard ^[]52;c;aGk=^G"),
            ("blink \u{1B}[5m and clear \u{1B}[2J", "blink ^[[5m and clear ^[[2J"),
            ("over\rwritten", "over^Mwritten"),
            ("del \u{7F} c1 \u{9B}31m", "del ^? c1 <U+009B>31m"),
            ("é, 日本, 👍", "é, 日本, 👍"),
            ("crlf\r\nline", "crlf\r\nline"),
            ("cr at the end\r", "cr at the end^M"),
        ]
        for (stored, shown) in cases {
            #expect(Output.terminalSafe(stored) == shown, "\(stored.debugDescription)")
        }
    }

    @Test func notesctlsOwnStylesPass() {
        let styled = "\u{1B}[1mbold\u{1B}[0m \u{1B}[2mdim\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m"
        #expect(Output.terminalSafe(styled) == styled)
        // A style notesctl does not print is shown, even next to one it does.
        #expect(Output.terminalSafe("\u{1B}[1m\u{1B}[31m") == "\u{1B}[1m^[[31m")
        #expect(Output.terminalSafe("\u{1B}[1") == "^[[1")
        // Stored text goes through without them: it cannot fake them.
        #expect(Output.terminalSafe(styled, keepingStyles: false) == "^[[1mbold^[[0m ^[[2mdim^[[0m ^[[1;31merror:^[[0m")
    }
    /// Terminal columns, for tables: wide characters take two, marks and joiners none.
    @Test func columnsCountWhatATerminalShows() {
        let cases: [(String, Int)] = [
            ("plain", 5), ("日本", 4), ("한국어", 6), ("e\u{301}", 1), ("👍", 2), ("\u{2764}\u{FE0F}", 2), ("\u{2764}", 1),
            ("a\u{200B}b", 2), ("1\u{FE0F}\u{20E3}", 2), ("#", 1), ("ｶﾀｶﾅ", 4), ("ＡＢ", 4), ("👩\u{200D}💻", 2), ("", 0),
        ]
        for (text, width) in cases { #expect(Output.columns(text) == width, "\(text.debugDescription)") }
        #expect(Output.prefix("日本語", columns: 5) == "日本")
        #expect(Output.prefix("日本語", columns: 6) == "日本語")
        #expect(Output.prefix("ab日", columns: 3) == "ab")
    }
}
