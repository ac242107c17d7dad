import Foundation
import Testing
import TestSupport

extension Reliability {
    /// Many processes writing to one store at once (CLI.md §2: WAL, busy_timeout, BEGIN IMMEDIATE).
    @Suite(.timeLimit(.minutes(2))) struct Concurrency {
        /// A shell loop of `note add`s: one writer process after another, as a script would run them.
        /// Each failure is written to stderr with its exit status.
        static let writerLoop = """
            notesctl=$0; w=$1; n=$2; i=0
            while [ $i -lt $n ]; do
                "$notesctl" note add --title "w$w-$i" --body "written by writer $w, write $i" --tag "w$w" -q \
                    || echo "writer $w write $i: exit $?" >&2
                i=$((i+1))
            done
            """

        @Test func sixteenProcessesWritingAtOnceLoseNothing() throws {
            let cli = Notesctl()
            #expect(cli.run("init").status == 0)
            let writers = 16, each = 20
            let before = cli.count("SELECT count(*) FROM audit_events")
            let loops = try (0..<writers).map { w in
                try Spawned("/bin/sh", ["-c", Self.writerLoop, notesctlPath, "\(w)", "\(each)"], env: cli.env, in: cli.dir, label: "writer\(w)")
            }
            for loop in loops { loop.wait() }
            let failures = loops.map(\.stderr).joined()
            #expect(failures.isEmpty, "failed writes:\n\(failures)")

            #expect(cli.count("SELECT count(*) FROM notes") == writers * each)
            #expect(cli.count("SELECT count(DISTINCT title) FROM notes") == writers * each, "every write made its own note")
            for w in 0..<writers {
                #expect(cli.count("SELECT count(*) FROM note_tags WHERE tag = 'w\(w)'") == each, "writer \(w)")
            }
            #expect(cli.count("SELECT count(*) FROM audit_events") == before + writers * each, "one event per write")
            #expect(cli.count("SELECT count(*) FROM idempotency_keys") >= writers * each, "every write recorded its key")
            #expect(cli.run("note", "list", "--json").array.count == writers * each)
            cli.expectSound()
        }

        @Test func eightProcessesRacingWithOneKeyMakeOneNote() throws {
            let cli = Notesctl()
            #expect(cli.run("init").status == 0)
            // All eight wait for the same file to appear, then start at once.
            let racer = """
                while [ ! -e "$1" ]; do sleep 0.001; done
                shift; exec "$@"
                """
            for round in 0..<3 {
                let go = cli.dir.file("go\(round)")
                let key = "race-key-\(round)"
                let racers = try (0..<8).map { i in
                    try Spawned("/bin/sh", ["-c", racer, "racer", go, notesctlPath, "note", "add", "--title", "raced \(round)",
                                            "--body", "one effect", "--idempotency-key", key, "--json"],
                                env: cli.env, in: cli.dir, label: "racer\(round)-\(i)")
                }
                FileManager.default.createFile(atPath: go, contents: nil)
                let statuses = racers.map { $0.wait() }
                #expect(statuses.allSatisfy { $0 == 0 }, "round \(round): \(statuses) \(racers.map(\.stderr).joined())")
                let receipts = racers.map { r in
                    (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:]
                }
                let requests = receipts.map { $0["request"] as? [String: Any] ?? [:] }
                let requestIds = Set(requests.compactMap { $0["id"] as? String })
                #expect(requestIds.count == 1, "round \(round): every racer prints the one request id, got \(requestIds)")
                #expect(requests.filter { $0["replayed"] as? Bool == false }.count == 1, "round \(round): exactly one did the write")
                #expect(requests.filter { $0["replayed"] as? Bool == true }.count == 7, "round \(round): the others replayed it")
                let noteIds = Set(receipts.compactMap { ($0["note"] as? [String: Any])?["id"] as? String })
                #expect(noteIds.count == 1, "round \(round): every receipt names the same note")
                #expect(cli.count("SELECT count(*) FROM notes WHERE title = 'raced \(round)'") == 1, "round \(round)")
                #expect(cli.count("SELECT count(*) FROM audit_events WHERE idempotency_key = '\(key)'") == 1, "round \(round)")
            }
            cli.expectSound()
        }
    }
}

extension Reliability {
    /// The WAL between commands (CLI.md §2): notesctl keeps the -wal file, but what one command
    /// wrote must not stay in it for every later command to read again.
    @Suite(.timeLimit(.minutes(1))) struct WALBetweenCommands {
        @Test func walDoesNotGrowAcrossCommands() throws {
            let cli = Notesctl()
            #expect(cli.run("init").status == 0)
            let body = cli.dir.write("body.md", String(repeating: "a line of a body that fills a few pages of the WAL\n", count: 4_000))
            var sizes: [Int] = []
            for i in 0..<12 {
                #expect(cli.run("note", "add", "--title", "n\(i)", "--body-file", body).status == 0)
                sizes.append(fileBytes(cli.db + "-wal")?.count ?? 0)
            }
            // Each write adds about 1 MB (the body in notes, revisions, audit and receipt). Once a
            // command has checkpointed and closed, the next one may start the WAL over: its size
            // stays about one command's worth, not the sum of all of them.
            let perWrite = max(1, sizes[0])
            #expect(sizes.last! < 3 * perWrite, "WAL after each of 12 writes: \(sizes)")
            // And it stays sound.
            cli.expectSound()
        }
    }
}
