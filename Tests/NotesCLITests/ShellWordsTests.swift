import Testing
@testable import NotesCLI

/// The interactive shell's word splitting follows POSIX shell quoting.
@Suite struct ShellWordsTests {
    func split(_ line: String) throws -> [String] { try ShellWords.split(line) }

    func failure(_ line: String) -> ShellWords.Failure? {
        do {
            _ = try ShellWords.split(line)
            return nil
        } catch let f as ShellWords.Failure {
            return f
        } catch {
            return nil
        }
    }

    @Test func blanksSeparateWordsAndRunsOfBlanksCountOnce() throws {
        #expect(try split("note  list\t--limit 5 ") == ["note", "list", "--limit", "5"])
        #expect(try split("") == [])
        #expect(try split("   \t ") == [])
    }

    @Test func singleQuotesKeepEverythingLiterally() throws {
        #expect(try split(#"note add --title 'a "b" \c $d'"#) == ["note", "add", "--title", #"a "b" \c $d"#])
        #expect(try split("'it''s'") == ["its"])
    }

    @Test func doubleQuotesLetABackslashEscapeOnlyDollarBackquoteQuoteAndBackslash() throws {
        #expect(try split(#""say \"hi\" \\ \$5 \` \n""#) == [#"say "hi" \ $5 ` \n"#])
        #expect(try split(#""a 'b' c""#) == ["a 'b' c"])
    }

    @Test func backslashOutsideQuotesEscapesTheNextCharacter() throws {
        #expect(try split(#"a\ b c\'d \"e\""#) == ["a b", "c'd", #""e""#])
        #expect(try split("\\#x") == ["#x"])
    }

    @Test func backslashNewlineJoinsLines() throws {
        #expect(try split("note \\\nlist") == ["note", "list"])
        #expect(try split("ab\\\ncd") == ["abcd"])
        #expect(try split("\"ab\\\ncd\"") == ["abcd"])
    }

    @Test func quotesJoinWithTheTextAroundThem() throws {
        #expect(try split(#"--title="Hello world"x"#) == ["--title=Hello worldx"])
        #expect(try split(#"a'b'"c"d"#) == ["abcd"])
    }

    @Test func emptyQuotesMakeAnEmptyWord() throws {
        #expect(try split(#"note add --body '' --title """#) == ["note", "add", "--body", "", "--title", ""])
    }

    @Test func hashAtTheStartOfAWordBeginsAComment() throws {
        #expect(try split("# all of this") == [])
        #expect(try split("note list # the latest") == ["note", "list"])
        #expect(try split("note add --tag a#b") == ["note", "add", "--tag", "a#b"])
        #expect(try split("'# not a comment'") == ["# not a comment"])
    }

    @Test func nothingIsExpanded() throws {
        #expect(try split("echo $HOME * ~ a|b c;d > f") == ["echo", "$HOME", "*", "~", "a|b", "c;d", ">", "f"])
    }

    @Test func unterminatedSingleQuoteIsAnErrorNamingWhereItStarts() {
        let f = failure("note add --title 'oops")
        #expect(f?.message.contains("unterminated single quote") == true)
        #expect(f?.position == 17)
        #expect(f?.continues == false)
    }

    @Test func unterminatedDoubleQuoteIsAnError() {
        let f = failure(#"note add --title "oops \" still open"#)
        #expect(f?.message.contains("unterminated double quote") == true)
        #expect(f?.position == 17)
    }

    @Test func trailingBackslashAsksForTheNextLine() {
        let f = failure("note list \\")
        #expect(f?.continues == true)
        #expect(f?.message.contains("backslash") == true)
    }

    @Test func partialLineGivesTheWordBeingTyped() {
        #expect(ShellWords.partial("note li") == .init(words: ["note"], current: "li", openQuote: nil))
        #expect(ShellWords.partial("note list ") == .init(words: ["note", "list"], current: "", openQuote: nil))
        #expect(ShellWords.partial("note add --title 'Hello wo") == .init(words: ["note", "add", "--title"], current: "Hello wo", openQuote: "'"))
        #expect(ShellWords.partial(#"note show "nt_"#) == .init(words: ["note", "show"], current: "nt_", openQuote: "\""))
        #expect(ShellWords.partial("note list # no").inComment)
    }

    @Test func escapeRoundTripsThroughSplit() throws {
        for word in ["plain", "two words", "it's", #"say "hi""#, #"back\slash"#, "#hash", "tab\there", ""] {
            let escaped = ShellWords.escape(word)
            if word.isEmpty { continue }
            #expect(try split(escaped) == [word], "\(escaped)")
            #expect(try split("'" + ShellWords.escape(word, inQuote: "'") + "'") == [word])
            #expect(try split("\"" + ShellWords.escape(word, inQuote: "\"") + "\"") == [word])
        }
    }
}
