import Foundation
import Testing
import TestSupport
@testable import NotesCLI
@testable import NotesCore

typealias FuzzRandom = SeededRandom

/// Strings that have broken parsers before: empty, huge, control characters, NUL, bidi and
/// combining marks, emoji, shell and FTS punctuation, numbers at the edges.
enum NastyText {
    static let samples: [String] = [
        "", " ", "-", "--", "---", "=", "==", "-=", "--=", "--=x", "-\u{0}", "\u{0}", "a\u{0}b", "\t", "\n", "\r\n",
        "é", "e\u{301}", "🎉", "👩‍👩‍👧", "\u{202E}gnp.exe", "\u{FEFF}", "\u{FFFD}", "漢字", "ﬁ",
        "0", "-1", "+1", "007", "1e3", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "99999999999999999999999", "0x10", "NaN", "inf", "1.5", "٣",
        "\"", "'", "\\", "*", "(", ")", "AND", "OR", "NOT", "NEAR", "^", ":", "{", "}", "[", "]", "$(id)", "`id`", ";",
        "nt_", "nt_01", "nt_01aaaaaaaaaaaaaaaaaaaaaaaa", "ws_", "pr_x", "user:", "agent:", ":x", "user:a:b",
        "2026-11-29", "2026-02-30", "2026-11-29T14:00:00Z", "yesterday",
    ]

    /// As long as one argument may be (Linux: 128 KiB), and long enough to slow quadratic code.
    static let huge: [String] = [
        String(repeating: "x", count: 120_000), String(repeating: "-", count: 5_000), String(repeating: "é", count: 20_000),
        "--" + String(repeating: "titl", count: 2_000), "-" + String(repeating: "q", count: 10_000),
    ]

    static func random(_ rng: inout FuzzRandom) -> String {
        if rng.chance(0.6) { return rng.pick(samples) }
        let alphabet: [Character] = ["a", "Z", "-", "=", " ", "_", ".", "/", "\u{0}", "é", "🎉", "\"", "*", ":", "\n", "1"]
        return String((0..<Int.random(in: 0...12, using: &rng)).map { _ in rng.pick(alphabet) })
    }
}

/// The argument lexer and parser under random command lines: never a crash, never a bug
/// (`internal`), only typed errors whose exit codes the contract documents.
@Suite struct FuzzParserTests {
    let table = Commands.table

    /// Words a command line is made of: real command words and options (so parsing gets deep),
    /// their near misses, values of every kind, and nasty text.
    func vocabulary() -> [String] {
        var words = Set<String>()
        for c in table.commands {
            words.formUnion(c.path)
            for o in c.options {
                words.insert("--" + o.name)
                words.insert("--" + o.name + "=")
                words.insert("--" + o.name + "=v")
                words.insert("--" + String(o.name.dropLast()))
                if let s = o.short { words.insert("-\(s)") }
                if case .choice(let values)? = o.value { words.formUnion(values) }
            }
        }
        for o in GlobalOptions.all + GlobalOptions.write {
            words.insert("--" + o.name)
            words.insert("--" + o.name + "=x")
            if let s = o.short { words.insert("-\(s)"); words.insert("-q\(s)"); words.insert("-\(s)value") }
        }
        words.formUnion(["help", "-h", "--help", "-qh", "-wq", "-qw", "-wpersonal", "-x", "-qqq"])
        return words.sorted()
    }

    func check(_ argv: [String], seed: UInt64, case n: Int) {
        do {
            let line = try Parser(table: table).parse(argv)
            if let command = line.command {
                #expect(line.path == command.path, "seed \(seed) case \(n): \(argv)")
                // With --help the runner prints help: arguments may be missing.
                for a in command.arguments where !a.optional && !a.variadic && !line.globals.help {
                    #expect(line.args[a.name] != nil, "seed \(seed) case \(n): required \(a.name) missing: \(argv)")
                }
            } else {
                // What the runner does with a group or nothing: print help. It must not crash either.
                _ = Help.text(for: line.path, table: table)
            }
        } catch let e as NotesError {
            #expect(e.code != .internalError, "seed \(seed) case \(n): a bug, not a usage error: \(e) for \(argv)")
            #expect((2...7).contains(e.code.exitCode), "seed \(seed) case \(n): exit \(e.code.exitCode) for \(argv)")
            #expect(!e.message.isEmpty)
        } catch {
            Issue.record("seed \(seed) case \(n): untyped error \(error) for \(argv)")
        }
    }

    @Test func randomCommandLinesGiveTypedErrorsOnly() {
        var rng = FuzzRandom(0x6C65_7865)
        let words = vocabulary()
        for n in 0..<4_000 {
            var argv: [String] = []
            // Often start with a real command so the option parsing of each command is reached.
            if rng.chance(0.7) { argv += rng.pick(table.commands).path }
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                argv.append(rng.chance(0.75) ? rng.pick(words) : NastyText.random(&rng))
            }
            if rng.chance(0.3) { argv.shuffle(using: &rng) }
            check(argv, seed: rng.seed, case: n)
        }
    }

    /// Every command, with each of its options given every kind of value, alone and twice.
    @Test func everyOptionOfEveryCommandWithNastyValues() {
        var n = 0
        let samples = NastyText.samples
        for c in table.commands {
            for o in c.options + GlobalOptions.all + c.writeOptions {
                // A different dozen values for each option; over the table, every value is used often.
                for k in 0..<12 {
                    let value = samples[(n + k * 7) % samples.count]
                    n += 1
                    check(c.path + ["--" + o.name, value], seed: 0, case: n)
                    check(c.path + ["--\(o.name)=\(value)", "--\(o.name)=\(value)"], seed: 0, case: n)
                    if let s = o.short { check(c.path + ["-\(s)\(value)"], seed: 0, case: n) }
                }
            }
            for k in 0..<12 {
                let value = samples[(n + k * 5) % samples.count]
                n += 1
                check(c.path + [value, value, value], seed: 0, case: n)
                check(c.path + ["--", value, "--json"], seed: 0, case: n)
            }
        }
    }

    /// Huge tokens in every position the lexer treats differently.
    @Test func hugeTokensAnywhere() {
        var n = 0
        for token in NastyText.huge {
            for argv in [[token], ["note", token], ["note", "add", token], ["note", "add", "--title", token],
                         ["note", "add", "--title=" + token], ["note", "list", "--sort", token], ["note", "list", "--limit", token],
                         ["-w" + token, "note", "list"], ["note", "show", token], ["search", token, "--json"]] {
                n += 1
                check(argv, seed: 0, case: n)
            }
        }
    }

    /// `apply` batches are checked against the table before anything runs: random documents,
    /// valid ones broken in random places, and every command's options with wrong JSON types.
    @Test func randomApplyDocumentsGiveTypedErrorsOnly() {
        var rng = FuzzRandom(0x6170_706C)
        let writes = table.commands.filter(\.isWrite)
        let values: [String] = ["null", "true", "false", "0", "-1", "1.5", "1e400", "\"\"", "\"x\"", "[]", "[1]", "[\"a\",\"b\"]",
                                "{}", "{\"a\":1}", "\"\\u0000\"", "\"\\ud800\"", "\"nt_01aaaaaaaaaaaaaaaaaaaaaaaa\"", "9223372036854775808"]
        func op(_ c: Command) -> String {
            var args: [String] = []
            let names = c.options.map(\.key) + c.arguments.map(\.name) + ["workspace", "nope", ""]
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                args.append("\"\(rng.pick(names))\": \(rng.pick(values))")
            }
            return "{\"command\": \"\(c.name)\", \"args\": {\(args.joined(separator: ", "))}}"
        }
        for n in 0..<3_000 {
            var text = "{\"operations\": [" + (0..<Int.random(in: 0...4, using: &rng)).map { _ in op(rng.pick(writes)) }.joined(separator: ", ") + "]}"
            // Break it in a random place, sometimes.
            if rng.chance(0.3), !text.isEmpty {
                var bytes = Array(text.utf8)
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes.remove(at: i)
                case 1: bytes.insert(rng.pick([0x00, 0x22, 0x7B, 0x5D, 0x2C, 0xFF, 0xC3]), at: i)
                case 2: bytes = Array(bytes[..<i])
                default: bytes.insert(contentsOf: bytes[i...].prefix(20), at: i)
                }
                text = String(decoding: bytes, as: UTF8.self)
            }
            do {
                let ops = try ApplyCommand.parse(text, table: table)
                #expect(!ops.isEmpty, "seed \(rng.seed) case \(n)")
            } catch let e as NotesError {
                #expect(e.code != .internalError, "seed \(rng.seed) case \(n): \(e) for \(text)")
                #expect((2...7).contains(e.code.exitCode), "seed \(rng.seed) case \(n): \(e)")
            } catch {
                Issue.record("seed \(rng.seed) case \(n): untyped error \(error) for \(text)")
            }
        }
    }
}
