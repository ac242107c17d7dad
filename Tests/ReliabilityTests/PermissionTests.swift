import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension Reliability {
    /// File permissions (CLI.md §2, §8): a private store, and a read-only one that can still be read.
    @Suite(.timeLimit(.minutes(2))) struct Permissions {
        /// The store, its folder and the -wal/-shm files are private whatever the umask says.
        @Test(arguments: ["022", "000"])
        func storeFilesArePrivateUnderAnyUmask(_ umask: String) throws {
            let cli = Notesctl()
            let withUmask = "umask \(umask); exec \"$@\""
            let ops = cli.dir.write("ops.json", String(decoding: try JSONSerialization.data(withJSONObject: ["operations": noteOperations(200, tag: "p", bodyBytes: 1_000)]), as: UTF8.self))
            let made = runProcess("/bin/sh", ["-c", withUmask, "sh", notesctlPath, "apply", "--file", ops, "-q"], env: cli.env)
            #expect(made.status == 0, "\(made.stderr)")
            #expect(fileMode(cli.dir.path + "/store") == 0o700)
            #expect(fileMode(cli.db) == 0o600)

            // -wal and -shm exist while a connection is open: hold one open in a `note list` whose
            // output nobody reads yet (200 notes are more than a pipe holds, so it blocks mid-list).
            let reader = Process()
            reader.executableURL = URL(fileURLWithPath: "/bin/sh")
            reader.arguments = ["-c", withUmask, "sh", notesctlPath, "note", "list", "--jsonl"]
            reader.environment = cli.env
            let pipe = Pipe()
            reader.standardOutput = pipe
            reader.standardError = FileHandle.nullDevice
            try reader.run()
            let deadline = nowMilliseconds() + 10_000
            while (fileBytes(cli.db + "-shm") == nil || fileBytes(cli.db + "-wal") == nil) && nowMilliseconds() < deadline {
                sleepMilliseconds(10)
            }
            #expect(fileMode(cli.db + "-wal") == 0o600, "umask \(umask): -wal")
            #expect(fileMode(cli.db + "-shm") == 0o600, "umask \(umask): -shm")
            let listed = pipe.fileHandleForReading.readDataToEndOfFile()
            reader.waitUntilExit()
            #expect(reader.terminationStatus == 0)
            #expect(listed.split(separator: UInt8(ascii: "\n")).count == 200)

            // A write while the reader held the store open also leaves them private.
            let write = runProcess("/bin/sh", ["-c", withUmask, "sh", notesctlPath, "note", "add", "--title", "later"], env: cli.env)
            #expect(write.status == 0)
            for suffix in ["", "-wal", "-shm"] where fileBytes(cli.db + suffix) != nil {
                #expect(fileMode(cli.db + suffix) == 0o600, "umask \(umask): notes.db\(suffix)")
            }
        }

        /// Runs notesctl as an unprivileged user (root ignores permissions).
        func runAsUser(_ cli: Notesctl, _ args: [String], stdin: String? = nil) -> CLIResult {
            let (exe, argv) = Unprivileged.command(notesctlPath, args)
            return runProcess(exe, argv, env: cli.env, stdin: stdin.map { Data($0.utf8) })
        }

        /// A store the user made with notes in it, in a folder an unprivileged user owns.
        /// notesctl's last connection deletes the -wal and -shm files on close, so at rest there
        /// are none; `withWALFiles` leaves empty ones owned by the user beside the store, as a
        /// reader that was still open (or another SQLite client) would.
        func userStore(withWALFiles: Bool) -> (Notesctl, String) {
            let cli = Notesctl()
            Unprivileged.giveAway(cli.dir.path)
            let made = runAsUser(cli, ["note", "add", "--title", "readable", "--body", "still here", "--json"])
            #expect(made.status == 0, "\(made.stderr)")
            #expect(cli.scalar("PRAGMA wal_checkpoint(TRUNCATE);") == "0|0|0")
            try? FileManager.default.removeItem(atPath: cli.db + "-wal")
            try? FileManager.default.removeItem(atPath: cli.db + "-shm")
            if withWALFiles {
                for companion in [cli.db + "-wal", cli.db + "-shm"] {
                    FileManager.default.createFile(atPath: companion, contents: Data(), attributes: [.posixPermissions: 0o600])
                    Unprivileged.giveAway(companion)
                    chmod(companion, 0o600)
                }
            }
            return (cli, (made.object["note"] as? [String: Any])?["id"] as? String ?? "")
        }

        func expectReadsWork(_ cli: Notesctl, _ id: String, _ what: String) {
            let list = runAsUser(cli, ["note", "list", "--json"])
            #expect(list.status == 0, "\(what): note list: \(list.stderr)")
            #expect(list.array.count == 1, "\(what)")
            #expect(runAsUser(cli, ["note", "show", id]).status == 0, "\(what): note show")
            #expect(runAsUser(cli, ["search", "readable"]).status == 0, "\(what): search")
            #expect(runAsUser(cli, ["audit", "verify"]).status == 0, "\(what): audit verify")
        }

        func expectWritesAre7(_ cli: Notesctl, _ id: String, _ what: String) {
            let add = runAsUser(cli, ["note", "add", "--title", "refused", "--json"])
            #expect(add.status == 7, "\(what): note add: \(add.status) \(add.stderr)")
            #expect(add.error["code"] as? String == "unavailable", "\(what)")
            #expect(runAsUser(cli, ["note", "edit", id, "--title", "refused"]).status == 7, "\(what): note edit")
            let batch = runAsUser(cli, ["apply", "--file", "-"], stdin: #"{"operations": [{"command": "note add", "args": {"title": "refused"}}]}"#)
            #expect(batch.status == 7, "\(what): apply: \(batch.stderr)")
            #expect(cli.count("SELECT count(*) FROM notes WHERE title = 'refused'") == 0, "\(what)")
        }

        static let unprivileged = Testing.ConditionTrait.enabled(if: Unprivileged.available, "needs setpriv and a 'nobody' user to drop root's privileges")

        @Test(Permissions.unprivileged, arguments: [true, false])
        func readOnlyStoreFileCanBeReadNotWritten(withWALFiles: Bool) throws {
            let (cli, id) = userStore(withWALFiles: withWALFiles)
            let before = try #require(fileBytes(cli.db))
            #expect(chmod(cli.db, 0o400) == 0)
            expectReadsWork(cli, id, "store file 0400, WAL files \(withWALFiles)")
            expectWritesAre7(cli, id, "store file 0400, WAL files \(withWALFiles)")
            #expect(fileBytes(cli.db) == before, "nothing was written")
        }

        /// The folder is read-only, the -wal and -shm files are there: reads work, and writes are
        /// refused although SQLite could write the files.
        @Test(Permissions.unprivileged)
        func storeInReadOnlyFolderWithWALFiles() throws {
            let (cli, id) = userStore(withWALFiles: true)
            #expect(fileBytes(cli.db + "-shm") != nil && fileBytes(cli.db + "-wal") != nil, "the WAL files are there")
            #expect(chmod(cli.dir.path + "/store", 0o500) == 0)
            defer { chmod(cli.dir.path + "/store", 0o700) }
            expectReadsWork(cli, id, "store folder 0500 with WAL files")
            expectWritesAre7(cli, id, "store folder 0500 with WAL files")
        }

        /// The folder is read-only and there are no -wal/-shm files: SQLite cannot create the -shm
        /// a WAL reader needs (https://sqlite.org/wal.html#readonly), so notesctl reads such a
        /// store immutable (sqlite3's plain reads fail here).
        @Test(Permissions.unprivileged)
        func storeInReadOnlyFolderWithoutWALFiles() throws {
            let (cli, id) = userStore(withWALFiles: false)
            let before = try #require(fileBytes(cli.db))
            #expect(chmod(cli.dir.path + "/store", 0o500) == 0)
            defer { chmod(cli.dir.path + "/store", 0o700) }
            expectReadsWork(cli, id, "store folder 0500 without WAL files")
            expectWritesAre7(cli, id, "store folder 0500 without WAL files")
            #expect(fileBytes(cli.db) == before, "nothing was written")
        }

        /// Reading a read-only store that has no -shm makes one with the store's mode (0400) that
        /// the reader cannot remove; once the user makes the store writable again, writes work
        /// again (notesctl makes its own -wal/-shm writable before writing).
        @Test(Permissions.unprivileged)
        func storeMadeWritableAgainAcceptsWrites() throws {
            let (cli, id) = userStore(withWALFiles: false)
            #expect(chmod(cli.db, 0o400) == 0)
            #expect(runAsUser(cli, ["note", "show", id]).status == 0)
            #expect(chmod(cli.db, 0o600) == 0)
            let add = runAsUser(cli, ["note", "add", "--title", "writable again"])
            #expect(add.status == 0, "\(add.stderr)")
        }
    }
}
