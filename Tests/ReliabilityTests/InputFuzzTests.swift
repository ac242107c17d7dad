import Foundation
import Testing
import TestSupport

extension Reliability {
    /// Bad input through the real binary (CLI.md §4, §5): invalid UTF-8 in argv, broken `apply`
    /// documents on stdin and in files. Every run ends with a documented exit code (never a
    /// signal) and a run that fails writes nothing.
    @Suite(.timeLimit(.minutes(2))) struct BadInput {
        /// Runs notesctl with raw argv bytes, which Process cannot pass (its arguments are Strings):
        /// the shell decodes each argument from octal escapes with printf.
        func runRaw(_ cli: Notesctl, _ args: [[UInt8]], stdin: String? = nil) -> CLIResult {
            let octal = args.map { bytes in bytes.map { String(format: "\\%03o", $0) }.joined() }
            // `printf %b` turns \NNN back into bytes; an `x` guards trailing newlines from $(…).
            let script = "set --; for a in \(octal.map { "'\($0)'" }.joined(separator: " ")); do set -- \"$@\" \"$(printf %bx \"$a\")\"; done; "
                + "n=$#; i=0; while [ $i -lt $n ]; do a=$1; shift; set -- \"$@\" \"${a%x}\"; i=$((i+1)); done; exec \"$0\" \"$@\""
            return runProcess("/bin/sh", ["-c", script, notesctlPath], env: cli.env, stdin: stdin.map { Data($0.utf8) })
        }

        @Test func rawArgvBytesNeverCrash() {
            var rng = SeededRandom(0x6172_6776)
            let cli = Notesctl()
            #expect(cli.run("note", "add", "--title", "existing").status == 0)
            // The byte-passing itself works: valid UTF-8 arrives intact, trailing newline included.
            let cafe = runRaw(cli, [Array("note".utf8), Array("add".utf8), Array("--body".utf8), [0x63, 0x61, 0x66, 0xC3, 0xA9, 0x0A], Array("--json".utf8)])
            #expect(cafe.status == 0, "\(cafe.stderr)")
            #expect((cafe.object["note"] as? [String: Any])?["body"] as? String == "café\n")
            let events = cli.count("SELECT count(*) FROM audit_events")
            let words: [[UInt8]] = [Array("note".utf8), Array("add".utf8), Array("list".utf8), Array("--title".utf8), Array("--json".utf8),
                                    Array("search".utf8), Array("--tag".utf8), Array("-w".utf8), Array("--".utf8)]
            let bad: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80],
                                  Array("caf".utf8) + [0xE9], [0x1B, 0x5B, 0x32, 0x4A], [0x7F]]
            var statuses: [Int32: Int] = [:]
            for n in 0..<120 {
                var argv: [[UInt8]] = []
                for _ in 0..<Int.random(in: 1...5, using: &rng) {
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: argv.append(words[Int.random(in: 0..<words.count, using: &rng)])
                    case 1: argv.append(bad[Int.random(in: 0..<bad.count, using: &rng)])
                    default: argv.append(rng.bytes(Int.random(in: 1...8, using: &rng)).map { $0 == 0 ? 1 : $0 })
                    }
                }
                let r = runRaw(cli, argv)
                statuses[r.status, default: 0] += 1
                #expect(documentedExitCodes.contains(r.status), "seed \(rng.seed) case \(n): exit \(r.status) for \(argv) \(r.stderr)")
                #expect(r.status != 1, "seed \(rng.seed) case \(n): internal error for \(argv): \(r.stderr)")
                let invalid = argv.contains { String(validating: $0, as: UTF8.self) == nil }
                if invalid {
                    #expect(r.status == 6, "seed \(rng.seed) case \(n): invalid UTF-8 in argv is exit 6, got \(r.status) for \(argv)")
                }
            }
            #expect(statuses[6, default: 0] > 0)
            // Only valid `note add` lines may have written; each wrote one note and one event.
            let notes = cli.count("SELECT count(*) FROM notes")
            #expect(cli.count("SELECT count(*) FROM audit_events") == events + (notes - 2), "seed \(rng.seed)")
            cli.expectSound()
        }

        @Test func brokenApplyDocumentsWriteNothing() throws {
            var rng = SeededRandom(0x6170_7032)
            let cli = Notesctl()
            #expect(cli.run("init").status == 0)
            let valid = try JSONSerialization.data(withJSONObject: ["operations": noteOperations(3, tag: "fz", bodyBytes: 100)])
            let specials: [UInt8] = [0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x80, 0xC3, 0xFF, 0x0A]
            var outcomes: [Int32: Int] = [:]
            for n in 0..<150 {
                var bytes = [UInt8](valid)
                for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
                    let i = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: bytes[i] = specials[Int.random(in: 0..<specials.count, using: &rng)]
                    case 1: bytes.remove(at: i)
                    case 2: bytes = Array(bytes[..<i])
                    default: bytes.insert(contentsOf: bytes[i...].prefix(12), at: i)
                    }
                }
                let file = cli.dir.file("ops\(n).json")
                FileManager.default.createFile(atPath: file, contents: Data(bytes))
                let notes = cli.count("SELECT count(*) FROM notes")
                let events = cli.count("SELECT count(*) FROM audit_events")
                let r = cli.run("apply", "--file", file, "--json")
                outcomes[r.status, default: 0] += 1
                let context = "seed \(rng.seed) case \(n): exit \(r.status) \(r.stderr.prefix(300)) for \(String(decoding: bytes, as: UTF8.self).prefix(300))"
                #expect(documentedExitCodes.contains(r.status) && r.status != 1, "\(context)")
                if r.status == 0 {
                    let results = (r.object["results"] as? [Any])?.count ?? 0
                    #expect(results > 0, "\(context)")
                    #expect(cli.count("SELECT count(*) FROM notes") == notes + results, "\(context)")
                } else {
                    #expect(r.error["exit_code"] as? Int == Int(r.status), "\(context): the JSON error names the exit code")
                    #expect(cli.count("SELECT count(*) FROM notes") == notes, "a failed batch wrote notes: \(context)")
                    #expect(cli.count("SELECT count(*) FROM audit_events") == events, "a failed batch wrote events: \(context)")
                }
            }
            #expect(outcomes[6, default: 0] > 0, "most broken documents are invalid (exit 6): \(outcomes)")
            cli.expectSound()
        }

        /// Plain search text is never FTS5 syntax: whatever it holds, search succeeds (exit 0).
        @Test func nastySearchTextIsNeverAnError() {
            let cli = Notesctl()
            #expect(cli.run("note", "add", "--title", "c++ and foo-bar", "--body", "naïve café 🎉 \"quoted\"").status == 0)
            for text in ["c++", "foo-bar", "\"", "\"\"", "\"unterminated", "AND", "OR NOT", "NEAR(a b)", "(", ")", "*", "a*", "**",
                         "title:x", "{title}:x", "^x", "-x", "+x", "🎉", "naïve", "naive", "e\u{301}", "\u{202E}x", "a\tb\nc", "'",
                         String(repeating: "word ", count: 2_000)] {
                let r = cli.run("search", "--json", "--", text)
                #expect(r.status == 0, "search \(text.prefix(40).debugDescription): \(r.status) \(r.stderr.prefix(200))")
            }
            // A quote followed by a combining mark is one Character but still a quote to FTS5.
            let r = cli.run("search", "--json", "--", "a\"\u{301}=b")
            #expect(r.status == 0, "\(r.stderr.prefix(200))")
        }

        @Test func hostileApplyDocumentsOnStdin() {
            let cli = Notesctl()
            #expect(cli.run("init").status == 0)
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            let cases: [(String, String, Int32)] = [
                ("deep nesting", deep, 6),
                ("duplicate keys", #"{"operations": [{"command": "note add", "args": {"title": "a", "title": "b"}}]}"#, 6),
                ("duplicate command", #"{"operations": [{"command": "note add", "command": "workspace delete", "args": {}}]}"#, 6),
                ("NUL escape in a title", #"{"operations": [{"command": "note add", "args": {"title": "a\u0000b"}}]}"#, 6),
                ("huge title", #"{"operations": [{"command": "note add", "args": {"title": ""# + String(repeating: "t", count: 200_000) + #""}}]}"#, 6),
                ("empty", "", 6),
                ("no operations", #"{"operations": []}"#, 6),
                ("a read command", #"{"operations": [{"command": "note list", "args": {}}]}"#, 6),
                ("unknown command", #"{"operations": [{"command": "note explode", "args": {}}]}"#, 6),
                ("wrong type", #"{"operations": [{"command": "note add", "args": {"title": 5}}]}"#, 6),
                ("second op fails", #"{"operations": [{"command": "note add", "args": {"title": "ok"}}, {"command": "note show", "args": {}}]}"#, 6),
                ("missing note", #"{"operations": [{"command": "note add", "args": {"title": "ok"}}, {"command": "note rm", "args": {"id": "nt_01aaaaaaaaaaaaaaaaaaaaaaaa"}}]}"#, 3),
            ]
            for (label, text, expected) in cases {
                let r = cli.run(["apply", "--file", "-", "--json"], stdin: text)
                #expect(r.status == expected, "\(label): \(r.status) \(r.stderr.prefix(300))")
            }
            #expect(cli.count("SELECT count(*) FROM notes") == 0, "no failed batch left a note")
            cli.expectSound()
        }
    }
}
