import Testing
@testable import NotesCLI
@testable import NotesCore

/// The completion model reads a half-typed line as the parser does and offers what the command
/// table allows there. Store candidates come from a stub here; the end-to-end tests use a store.
@Suite struct CompletionModelTests {
    let model = CompletionModel(table: Commands.table)

    func words(_ line: String) -> (words: [String], current: String) {
        let p = ShellWords.partial(line)
        return (p.words, p.current)
    }

    /// The candidate words for `line` (the text before the cursor, without the program name).
    func complete(_ line: String, store: [String: [String]] = [:]) -> [String] {
        let (w, current) = words(line)
        return model.candidates(words: w, current: current,
                                store: { kind, _ in (store[kind] ?? []).map { Candidate($0) } },
                                files: { _ in ["notes.md", "notes/"] }).map(\.word)
    }

    @Test func emptyLineOffersGroupsAndTopLevelCommandsButNotHiddenOnes() {
        let top = complete("")
        #expect(top.contains("note"))
        #expect(top.contains("workspace"))
        #expect(top.contains("shell"))
        #expect(top.contains("completion"))
        #expect(!top.contains("__complete"))
        #expect(!top.contains("__manpage"))
    }

    @Test func groupOffersItsVerbs() {
        #expect(complete("note li") == ["list"])
        #expect(Set(complete("workspace member ")) == ["add", "rm", "list"])
    }

    @Test func optionsBeforeTheGroupAreSkippedWithTheirValues() {
        #expect(complete("-w team note li") == ["list"])
        #expect(complete("--db /tmp/x.db --json note ad") == ["add"])
        #expect(complete("-qw team note ad") == ["add"])
    }

    @Test func dashOffersTheCommandsOptionsWithGlobalAndWriteOptions() {
        let add = complete("note add --")
        #expect(add.contains("--title"))
        #expect(add.contains("--body-file"))
        #expect(add.contains("--json"))
        #expect(add.contains("--idempotency-key"))
        let list = complete("note list --")
        #expect(list.contains("--sort"))
        #expect(!list.contains("--idempotency-key"), "reads take no write options")
    }

    @Test func optionsAlreadyGivenAreNotOfferedAgainUnlessRepeatable() {
        let c = complete("note add --title x --tag a --")
        #expect(!c.contains("--title"))
        #expect(c.contains("--tag"))
    }

    @Test func choiceValuesAfterTheOptionOrItsEqualsSign() {
        #expect(complete("note list --sort ") == ["updated", "created", "title"])
        #expect(complete("note list --sort=ti") == ["--sort=title"])
        #expect(Set(complete("workspace member add user:ann --role ")) == ["owner", "editor", "viewer"])
    }

    @Test func valuesOfKindsComeFromTheirSources() {
        #expect(complete("note show ", store: ["note": ["nt_01aaaaaaaa", "nt_01bbbbbbbb"]]) == ["nt_01aaaaaaaa", "nt_01bbbbbbbb"])
        #expect(complete("note show nt_01b", store: ["note": ["nt_01aaaaaaaa", "nt_01bbbbbbbb"]]) == ["nt_01bbbbbbbb"])
        #expect(complete("-w ", store: ["workspace": ["personal", "team"]]) == ["personal", "team"])
        #expect(complete("note move nt_01aaaaaaaa --to t", store: ["workspace": ["personal", "team"]]) == ["team"])
        #expect(complete("note add --body-file no") == ["notes.md", "notes/"])
    }

    @Test func freeTextOffersNothing() {
        #expect(complete("note add --title ") == [])
        #expect(complete("note list --limit ") == [])
    }

    @Test func argumentsAfterTheLastOneOfferNothing() {
        #expect(complete("note show nt_01aaaaaaaa ", store: ["note": ["nt_01aaaaaaaa"]]) == [])
    }

    @Test func helpCompletesCommandPaths() {
        #expect(complete("help no") == ["note"])
        #expect(complete("help note ad") == ["add"])
        #expect(complete("help he") == ["health", "help"])
        // `help help` is the help command's own help: nothing comes after it.
        #expect(complete("help help n").isEmpty)
    }

    @Test func afterDoubleDashWordsAreArgumentsNotOptions() {
        #expect(complete("note show -- ", store: ["note": ["nt_01aaaaaaaa"]]) == ["nt_01aaaaaaaa"])
    }

    @Test func positionTracksPathArgumentsAndPendingOption() {
        let p = model.position(of: ["-w", "team", "note", "move", "nt_01", "--to"])
        #expect(p.path == ["note", "move"])
        #expect(p.positionals == ["nt_01"])
        #expect(p.pendingOption == "--to")
    }

    @Test func commonPrefixOfCandidates() {
        #expect([Candidate("archive"), Candidate("archived")].commonPrefix == "archive")
        #expect([Candidate("add"), Candidate("list")].commonPrefix == "")
        #expect([Candidate]().commonPrefix == "")
    }

    @Test func shellCompleterInsertsTheRestAndASpaceForOneCandidate() {
        let session = Session(env: Environment(variables: ["NOTESCTL_DB": "/nonexistent/notesctl-test/notes.db"]))
        let completer = ShellCompleter(session: session)
        #expect(completer.complete("note li").insert == "st ")
        #expect(completer.complete("note li").list.isEmpty)
        #expect(completer.complete("notesctl note li").insert == "st ")
        let many = completer.complete("note un")
        #expect(many.insert == "")
        #expect(Set(many.list.map(\.word)) == ["unpin", "unarchive"])
        #expect(completer.complete("note list --so").insert == "rt ")
        #expect(completer.complete("note list --sort=up").insert == "dated ")
        #expect(completer.complete("note list # li").insert == "")
    }

    @Test func shellCompleterClosesAnOpenQuoteAndEscapesWhatItInserts() {
        let session = Session(env: Environment(variables: ["NOTESCTL_DB": "/nonexistent/notesctl-test/notes.db"]))
        let completer = ShellCompleter(session: session)
        #expect(completer.complete("note list --sort 'ti").insert == "tle' ")
        #expect(completer.complete("note list --sort \"up").insert == "dated\" ")
    }

    @Test func manyCandidatesAreListedInColumnsFewWithTheirHelp() {
        let few = LineEditor.columns([Candidate("add", "add a note"), Candidate("archive", "archive a note")])
        #expect(few == "add      -- add a note\narchive  -- archive a note\n")
        let many = LineEditor.columns((1...20).map { Candidate("word\($0)") }, width: 40)
        #expect(many.split(separator: "\n").count == 4, "cells of 8 (the widest, word20, and 2), five to a row of 40")
        #expect(many.hasPrefix("word1   word2   word3   word4   word5\n"))
    }

    @Test func shellCompleterOffersNothingFromAMissingStoreAndCreatesNothing() {
        let session = Session(env: Environment(variables: ["NOTESCTL_DB": "/nonexistent/notesctl-test/notes.db"]))
        let result = ShellCompleter(session: session).complete("note show ")
        #expect(result.insert == "")
        #expect(result.list.isEmpty)
    }
}
