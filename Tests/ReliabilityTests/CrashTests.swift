import Foundation
import Testing
import TestSupport

extension Reliability {
    /// kill -9 at random moments while writing (CLI.md §6 step 4: a failure anywhere leaves
    /// nothing behind). Afterwards the store is sound and each command either fully happened or
    /// not at all; a killed command retried with its idempotency key has exactly one effect.
    @Suite(.timeLimit(.minutes(2))) struct Crashes {
        /// How long a run takes when nobody kills it: kills are spread over 0–120 % of that.
        func typicalMilliseconds(_ body: () -> Void) -> Double {
            let start = nowMilliseconds()
            body()
            return nowMilliseconds() - start
        }

        @Test func killedNoteAddsLeaveAllOrNothing() throws {
            var rng = SeededRandom(0x6B69_6C6C)
            let cli = Notesctl()
            #expect(cli.run("init").status == 0)
            // A large body makes the transaction itself a good part of the run, so kills land
            // inside it as well as before and after it.
            let big = cli.dir.write("big.md", String(repeating: "a line of a long body, to be written whole or not at all\n", count: 1_000))
            let small = ["--body", "short"]
            var typical = [false: 0.0, true: 0.0]
            typical[false] = typicalMilliseconds { cli.run(["note", "add", "--title", "calibrate small"] + small) }
            typical[true] = typicalMilliseconds { cli.run(["note", "add", "--title", "calibrate big", "--body-file", big]) }

            let budget = nowMilliseconds() + 15_000
            var outcomes: [(title: String, key: String, args: [String], killed: Bool, status: Int32)] = []
            var i = 0
            while i < 50 && nowMilliseconds() < budget {
                let useBig = i % 3 == 2
                let title = "k\(i)", key = "kill-key-\(i)"
                let args = ["note", "add", "--title", title, "--idempotency-key", key] + (useBig ? ["--body-file", big] : small)
                let p = try cli.spawn(args, label: "kill\(i)")
                sleepMilliseconds(Double.random(in: 0...1.2, using: &rng) * typical[useBig]!)
                p.kill9()
                let status = p.wait()
                outcomes.append((title, key, args, p.killedBySignal, status))
                i += 1
            }
            let killed = outcomes.filter(\.killed).count
            let seed = "seed \(rng.seed); \(outcomes.count) runs, \(killed) killed"

            for o in outcomes {
                #expect(o.killed || o.status == 0, "\(o.title) exited \(o.status) without being killed (\(seed))")
                let notes = cli.count("SELECT count(*) FROM notes WHERE title = '\(o.title)'")
                #expect(notes == 0 || notes == 1, "\(o.title): \(notes) notes (\(seed))")
                if !o.killed { #expect(notes == 1, "\(o.title) exited 0 but its note is missing (\(seed))") }
                // The idempotency record and the audit event were committed with the note, or not at all.
                let keys = cli.count("SELECT count(*) FROM idempotency_keys WHERE key = '\(o.key)'")
                let events = cli.count("SELECT count(*) FROM audit_events WHERE idempotency_key = '\(o.key)'")
                #expect(keys == notes && events == notes, "\(o.title): note \(notes), key \(keys), events \(events) (\(seed))")
            }
            cli.expectSound(Comment(rawValue: seed))

            // A killed command is safe to retry with its key: exactly one note each, whoever wrote it.
            for o in outcomes where o.killed {
                let retry = cli.run(o.args + ["--json"])
                #expect(retry.status == 0, "retry of \(o.title): \(retry.stderr) (\(seed))")
                #expect(cli.count("SELECT count(*) FROM notes WHERE title = '\(o.title)'") == 1, "retry of \(o.title) (\(seed))")
            }
            #expect(cli.count("SELECT count(*) FROM notes") == outcomes.count + 2, "\(seed)")
            cli.expectSound(Comment(rawValue: seed))
        }

        @Test func killedApplyBatchesLeaveAllOrNothing() throws {
            var rng = SeededRandom(0x6261_7463)
            let cli = Notesctl()
            #expect(cli.run("init").status == 0)
            let size = 200
            func batchFile(_ i: Int) -> String {
                let data = try! JSONSerialization.data(withJSONObject: ["operations": noteOperations(size, tag: "batch\(i)", bodyBytes: 2_000)])
                return cli.dir.write("batch\(i).json", String(decoding: data, as: UTF8.self))
            }
            let typical = typicalMilliseconds { #expect(cli.run("apply", "--file", batchFile(-1), "-q").status == 0) }

            let budget = nowMilliseconds() + 20_000
            var outcomes: [(tag: String, killed: Bool, status: Int32)] = []
            var i = 0
            while i < 10 && nowMilliseconds() < budget {
                let file = batchFile(i)
                let p = try cli.spawn(["apply", "--file", file, "-q"], label: "apply\(i)")
                sleepMilliseconds(Double.random(in: 0.05...1.2, using: &rng) * typical)
                p.kill9()
                let status = p.wait()
                outcomes.append(("batch\(i)", p.killedBySignal, status))
                i += 1
            }
            let seed = "seed \(rng.seed); \(outcomes.count) batches of \(size), \(outcomes.filter(\.killed).count) killed"
            for o in outcomes {
                #expect(o.killed || o.status == 0, "\(o.tag) exited \(o.status) (\(seed))")
                let n = cli.count("SELECT count(*) FROM note_tags WHERE tag = '\(o.tag)'")
                #expect(n == 0 || n == size, "\(o.tag): \(n) of \(size) notes survived (\(seed))")
                if !o.killed { #expect(n == size, "\(o.tag) exited 0 with \(n) notes (\(seed))") }
            }
            cli.expectSound(Comment(rawValue: seed))
            // The store takes the next batch as if nothing had happened.
            #expect(cli.run("apply", "--file", batchFile(99), "-q").status == 0)
            #expect(cli.count("SELECT count(*) FROM note_tags WHERE tag = 'batch99'") == size)
        }
    }
}
