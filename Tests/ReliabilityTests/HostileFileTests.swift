import Foundation
import Testing
import TestSupport

extension Reliability {
    /// Files at the store's path that are not a sound notesctl store (CLI.md §2, §5): truncated,
    /// garbage, from a newer notesctl, another program's. Every command is exit 7 (never a crash,
    /// never a signal) and a file that is not ours is left byte for byte as it was.
    @Suite(.timeLimit(.minutes(2))) struct HostileFiles {
        /// Commands that open the store: reads, writes, and the ones that only look.
        static let commands: [[String]] = [
            ["note", "list"], ["note", "show", "nt_01aaaaaaaaaaaaaaaaaaaaaaaa"], ["note", "add", "--title", "x"],
            ["search", "anything"], ["audit", "verify"], ["health"], ["health", "--deep"], ["init"],
            ["apply", "--file", "-"],
        ]
        static let ops = #"{"operations": [{"command": "note add", "args": {"title": "batched"}}]}"#

        func runAll(_ cli: Notesctl, _ label: String) -> [(args: [String], result: CLIResult)] {
            Self.commands.map { args in (args, cli.run(args, stdin: args[0] == "apply" ? Self.ops : nil)) }
        }

        /// A store of a few hundred notes, then cut short at several points.
        @Test func truncatedStoreIsExit7ForEveryCommand() throws {
            let source = Notesctl()
            #expect(source.apply(noteOperations(300, tag: "t", bodyBytes: 3_000)).status == 0)
            let whole = try #require(fileBytes(source.db))
            #expect(whole.count > 500_000)
            // Cuts at page boundaries (a cut inside the last page loses only what may be zeros anyway).
            for cut in [100, 1_024, 4_096, 16_384, whole.count / 2 / 4_096 * 4_096, whole.count - 4 * 4_096, whole.count - 4_096] {
                let cli = Notesctl()
                try FileManager.default.createDirectory(atPath: cli.dir.path + "/store", withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: cli.db, contents: whole.prefix(cut), attributes: [.posixPermissions: 0o600])
                for (args, r) in runAll(cli, "cut \(cut)") {
                    #expect(r.status == 7, "cut at \(cut) of \(whole.count): \(args) → \(r.status) \(r.stderr)")
                }
                #expect(fileBytes(cli.db) == whole.prefix(cut), "cut at \(cut): the damaged file was left as it was")
            }
        }

        @Test func garbageFilesAreExit7AndLeftUntouched() throws {
            var rng = SeededRandom(0x6761_7262)
            let header = Array("SQLite format 3\0".utf8)
            var samples: [(String, [UInt8])] = [
                ("text", Array(String(repeating: "not a database, just text\n", count: 400).utf8)),
                ("zeros", [UInt8](repeating: 0, count: 8_192)),
                ("sqlite header then garbage", header + rng.bytes(65_536 - header.count)),
                ("sqlite header then zeros", header + [UInt8](repeating: 0, count: 8_192)),
            ]
            for size in [2, 17, 100, 511, 4_096, 100_000] { samples.append(("\(size) random bytes", rng.bytes(size))) }
            for (label, bytes) in samples {
                let cli = Notesctl()
                try FileManager.default.createDirectory(atPath: cli.dir.path + "/store", withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: cli.db, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
                for (args, r) in runAll(cli, label) {
                    #expect(r.status == 7, "\(label) (seed \(rng.seed)): \(args) → \(r.status) \(r.stderr)")
                    #expect(!(r.stderr + r.stdout).isEmpty, "\(label): \(args) says why")
                }
                #expect(fileBytes(cli.db) == Data(bytes), "\(label) (seed \(rng.seed)): left byte for byte as it was")
            }
        }

        /// SQLite reports a 1-byte file as empty (os_unix.c, a workaround for msdos file systems);
        /// notesctl checks the magic header itself, so such a file is refused, not overwritten.
        @Test func oneByteFileIsNotOverwritten() throws {
            let cli = Notesctl()
            try FileManager.default.createDirectory(atPath: cli.dir.path + "/store", withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: cli.db, contents: Data("x".utf8), attributes: [.posixPermissions: 0o600])
            let r = cli.run("note", "add", "--title", "x")
            #expect(r.status == 7)
            #expect(fileBytes(cli.db) == Data("x".utf8))
        }

        /// A store from a newer notesctl, and a notesctl store another program has claimed.
        @Test(arguments: ["PRAGMA user_version = 999;", "PRAGMA application_id = 1234;", "PRAGMA application_id = -1;"])
        func refusedStoreIsExit7ForEveryCommandAndByteIdentical(_ tamper: String) throws {
            let cli = Notesctl()
            #expect(cli.run("note", "add", "--title", "mine", "--body", "written by this notesctl").status == 0)
            #expect(cli.sqlite(tamper + " PRAGMA wal_checkpoint(TRUNCATE);").status == 0)
            #expect((fileBytes(cli.db + "-wal") ?? Data()).isEmpty, "everything is in the main file")
            let before = try #require(fileBytes(cli.db))
            for (args, r) in runAll(cli, tamper) {
                #expect(r.status == 7, "\(tamper) \(args) → \(r.status) \(r.stdout) \(r.stderr)")
                let said = r.stderr + r.stdout  // health reports on stdout
                #expect(said.contains("newer") || said.contains("not a notesctl store"), "\(args): \(said)")
            }
            let json = cli.run("note", "list", "--json")
            #expect(json.error["code"] as? String == "unavailable")
            #expect(fileBytes(cli.db) == before, "\(tamper): the file is byte-identical")
            // A -wal may be left beside the store, but nothing may have been written into it.
            #expect((fileBytes(cli.db + "-wal") ?? Data()).isEmpty, "\(tamper): nothing written to the WAL either")
        }
    }
}
