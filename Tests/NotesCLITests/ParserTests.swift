import Testing
@testable import NotesCLI
@testable import NotesCore

@Suite struct ParserTests {
    let parser = Parser(table: Commands.table)

    func parse(_ words: String...) throws -> ParsedLine { try parser.parse(words) }

    func usageError(_ words: String...) -> NotesError? {
        do {
            _ = try parser.parse(words)
            return nil
        } catch {
            return NotesError.from(error)
        }
    }

    @Test func longOptionsWithEqualsOrSeparateValue() throws {
        let a = try parse("note", "add", "--title=Hello", "--body", "World")
        #expect(a.command?.name == "note add")
        #expect(a.args.string("title") == "Hello")
        #expect(a.args.string("body") == "World")
    }

    @Test func optionsBeforeTheGroupAndBetweenGroupAndVerb() throws {
        let a = try parse("--json", "-w", "team", "note", "--db", "/tmp/x.db", "list", "--limit", "5")
        #expect(a.command?.name == "note list")
        #expect(a.globals.json)
        #expect(a.globals.workspace == "team")
        #expect(a.globals.db == "/tmp/x.db")
        #expect(a.args.int("limit") == 5)
    }

    /// An option no command has, before the command: the option is what is wrong, not the
    /// word after it (`--dbb /tmp/x note list` is not an unknown command '/tmp/x').
    @Test func anUnknownOptionBeforeTheCommandIsNamed() throws {
        for (words, token, suggestion) in [(["--dbb", "/tmp/x", "note", "list"], "--dbb", "--db"),
                                           (["--wrokspace", "x", "note", "list"], "--wrokspace", "--workspace"),
                                           (["note", "--jsn", "x", "list"], "--jsn", "--json"),
                                           (["note", "--tilte", "X", "add"], "--tilte", "--title"),
                                           (["-Z", "x", "note", "list"], "-Z", nil),
                                           (["-qZ", "note", "list"], "-Z", nil)] as [([String], String, String?)] {
            let e = usageErrorOf(words)
            #expect(e?.code == .usage, "\(words)")
            #expect(e?.message.contains("unknown option '\(token)'") == true, "\(words): \(e?.message ?? "")")
            if let suggestion { #expect(e?.hint == "did you mean '\(suggestion)'?", "\(words): \(e?.hint ?? "")") }
            else { #expect(e?.hint == "see: notesctl --help", "\(words): \(e?.hint ?? "")") }
        }
        // Known options before the command still take their values, attached or not.
        #expect(try parser.parse(["-wteam", "note", "list"]).globals.workspace == "team")
        #expect(try parser.parse(["--db", "/tmp/x", "note", "list"]).globals.db == "/tmp/x")
    }

    func usageErrorOf(_ words: [String]) -> NotesError? {
        do { _ = try parser.parse(words); return nil } catch { return NotesError.from(error) }
    }

    @Test func shortClustersAndAttachedValues() throws {
        let a = try parse("note", "list", "-qwteam")
        #expect(a.globals.quiet)
        #expect(a.globals.workspace == "team")
    }

    @Test func doubleDashMakesTheRestPositional() throws {
        let a = try parse("note", "show", "--", "--not-an-option")
        #expect(a.args.string("id") == "--not-an-option")
    }

    @Test func dashAloneIsAValue() throws {
        let a = try parse("note", "add", "--body", "-")
        #expect(a.args.string("body") == "-")
    }

    @Test func repeatableOptionsBecomeArraysAndSwitchesTrue() throws {
        let a = try parse("note", "add", "--tag", "a", "--tag=b", "--pin")
        #expect(a.args["tag"] == .array(["a", "b"]))
        #expect(a.args["pin"] == true)
        #expect(a.args.object.keys.contains("pin"))
    }

    @Test func canonicalKeysUseUnderscores() throws {
        let a = try parse("note", "edit", "nt_01234567", "--if-version", "3", "--add-tag", "x")
        #expect(a.args["if_version"] == 3)
        #expect(a.args["add_tag"] == .array(["x"]))
        #expect(a.args["id"] == "nt_01234567")
    }

    @Test func unknownCommandSuggestsTheClosest() {
        let e = usageError("note", "lsit")
        #expect(e?.code == .usage)
        #expect(e?.hint == "did you mean 'note list'?")
        #expect(e?.details["token"] == "lsit")
        #expect(usageError("workspce", "list")?.hint == "did you mean 'workspace'?")
        #expect(usageError("__comp")?.hint?.contains("__complete") != true, "hidden commands are not suggested")
    }

    @Test func unknownOptionSuggestsTheClosestAndPointsAtTheToken() {
        let e = usageError("note", "add", "--title", "x", "--tga", "y")
        #expect(e?.code == .usage)
        #expect(e?.hint == "did you mean '--tag'?")
        #expect(e?.details["token"] == "--tga")
        #expect(e?.details["position"] == 5)
    }

    @Test func writeOptionsOnAReadAreRejectedWithAReason() {
        let e = usageError("note", "list", "--dry-run")
        #expect(e?.code == .usage)
        #expect(e?.hint?.contains("only to commands that change the store") == true)
    }

    @Test func malformedValuesAreUsageErrors() {
        #expect(usageError("note", "list", "--limit", "ten")?.code == .usage)
        let e = usageError("note", "list", "--sort", "titel")
        #expect(e?.code == .usage)
        #expect(e?.hint == "did you mean 'title'?")
        #expect(usageError("note", "add", "--title")?.message.contains("needs a value") == true)
        #expect(usageError("note", "add", "--title", "a", "--title", "b")?.message.contains("more than once") == true)
        #expect(usageError("note", "add", "--pin=yes")?.message.contains("takes no value") == true)
    }

    @Test func missingAndExtraArguments() {
        #expect(usageError("note", "show")?.message.contains("missing argument ID") == true)
        #expect(usageError("note", "show", "a", "b")?.message.contains("unexpected argument 'b'") == true)
    }

    @Test func groupAloneParsesToHelp() throws {
        let a = try parse("note")
        #expect(a.command == nil)
        #expect(a.path == ["note"])
    }

    @Test func suggestionsUseEditDistance() {
        #expect(Suggest.distance("kitten", "sitting") == 3)
        #expect(Suggest.distance("lsit", "list") == 1, "a transposition counts once")
        #expect(Suggest.closest(to: "zzzzzz", in: ["list", "show"]) == nil)
        #expect(Suggest.closest(to: "--tit", in: ["--title", "--tag"]) == "--title")
        // Case is no difference, a unique prefix beats a short edit, and nothing suggests nothing.
        #expect(Suggest.closest(to: "NOTE", in: ["note", "gc"]) == "note")
        #expect(Suggest.closest(to: "--JSON", in: ["--json", "--jsonl"]) == "--json")
        #expect(Suggest.closest(to: "--li", in: ["--db", "--limit"]) == "--limit")
        #expect(Suggest.closest(to: "", in: ["gc", "note"]) == nil)
        #expect(Suggest.closest(to: "--", in: ["--db"]) == nil)
    }

    @Test func everyErrorCodeMapsToOneExitCode() {
        let codes = NotesError.Code.all
        #expect(codes.map(\.exitCode) == [1, 2, 3, 4, 5, 6, 7])
        #expect(Set(codes.map(\.name)).count == codes.count)
        #expect(codes.map(\.name) == ["internal", "usage", "not_found", "conflict", "forbidden", "invalid", "unavailable"])
    }

    @Test func optionNamesHaveOneValueShapeAcrossTheTable() {
        // The parser skips option values before it knows the command: a name must take a value
        // everywhere or nowhere.
        var shapes: [String: Bool] = [:]
        for o in GlobalOptions.all + GlobalOptions.write + Commands.table.commands.flatMap(\.options) {
            if let known = shapes[o.name] { #expect(known == o.isSwitch, "--\(o.name)") }
            shapes[o.name] = o.isSwitch
        }
    }

    @Test func applyArgumentsAreCheckedAgainstTheTable() throws {
        let command = try #require(Commands.table.command(named: "note edit"))
        let ok = try Parser.args(from: ["id": "nt_x", "if_version": 3, "add_tag": "solo"], for: command)
        #expect(ok["add_tag"] == .array(["solo"]))
        #expect(code { _ = try Parser.args(from: ["id": "nt_x", "bogus": 1], for: command) } == .invalid)
        #expect(code { _ = try Parser.args(from: ["id": "nt_x", "if_version": "three"], for: command) } == .invalid)
        #expect(code { _ = try Parser.args(from: ["title": "x"], for: command) } == .invalid)
    }

    /// The actor comes from the flag, NOTESCTL_ACTOR or the login name; a malformed one is exit 2
    /// whichever it was, and the message says which.
    @Test func aMalformedActorIsAUsageErrorNamingItsSource() throws {
        #expect(try Invocation.actor(flag: nil, variable: nil, loginName: "alice").description == "user:alice")
        #expect(try Invocation.actor(flag: nil, variable: "agent:bot", loginName: "alice").description == "agent:bot")
        #expect(try Invocation.actor(flag: "user:carol", variable: "agent:bot", loginName: "alice").description == "user:carol")
        for (flag, variable, source) in [("bob", nil, "--actor"), (nil, "robot:x", "NOTESCTL_ACTOR"), (nil, nil, "the login name")] as [(String?, String?, String)] {
            do {
                _ = try Invocation.actor(flag: flag, variable: variable, loginName: "has space")
                Issue.record("accepted \(flag ?? variable ?? "the login name")")
            } catch let e as NotesError {
                #expect(e.code == .usage)
                #expect(e.message.hasSuffix("(from \(source))"), "\(e.message)")
                #expect(e.hint?.contains("NAME is 1-64") == true)
            }
        }
    }

    func code(_ body: () throws -> Void) -> NotesError.Code? {
        do { try body(); return nil } catch { return NotesError.from(error).code }
    }
}
