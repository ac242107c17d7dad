import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension Reliability {
    /// A full disk (CLI.md §5: exit 7): the write fails whole, nothing is half-written, and the
    /// store works again once there is space. Two ways to run out: a real small file system
    /// (tmpfs, when this runner may mount one), and a file-size limit (always available).
    @Suite(.timeLimit(.minutes(2))) struct DiskFull {
        /// Mounts a tmpfs of `megabytes` on a folder; nil when mounting is not allowed here.
        static func mountTmpfs(megabytes: Int, in dir: TempDir) -> String? {
            guard Unprivileged.isRoot, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return nil }
            let mnt = dir.file("small-disk")
            try? FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
            let r = runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "tmpfs", mnt], env: [:])
            return r.status == 0 ? mnt : nil
        }

        static let canMount: Bool = {
            let dir = TempDir("notesctl-mount-probe")
            guard let mnt = mountTmpfs(megabytes: 1, in: dir) else { return false }
            _ = runProcess("/bin/umount", [mnt], env: [:])
            return true
        }()

        /// Writes zeros to `path` until the file system is full, then frees `keep` bytes.
        static func fill(_ path: String, keeping keep: Int) {
            let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
            guard fd >= 0 else { return }
            let chunk = [UInt8](repeating: 0, count: 64 * 1024)
            var written = 0
            while true {
                let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                written += n
            }
            ftruncate(fd, off_t(max(0, written - keep)))
            close(fd)
        }

        @Test(.enabled(if: DiskFull.canMount, "needs root and permission to mount a tmpfs; the file-size limit test still runs"))
        func fullFileSystemFailsWholeAndRecovers() throws {
            let dir = TempDir()
            guard let mnt = Self.mountTmpfs(megabytes: 16, in: dir) else {
                Issue.record("mounting the tmpfs failed although the probe succeeded")
                return
            }
            defer { _ = runProcess("/bin/umount", ["-l", mnt], env: [:]) }
            var cli = Notesctl(dir: dir)
            cli.env["NOTESCTL_DB"] = mnt + "/store/notes.db"
            #expect(cli.run("init").status == 0)
            for i in 0..<3 { #expect(cli.run("note", "add", "--title", "before \(i)", "--body", "fits").status == 0) }
            let events = cli.count("SELECT count(*) FROM audit_events")
            // The body lives outside the small disk; written whole it needs several copies' room.
            let big = dir.write("big.md", String(repeating: "a body too large for the disk that is left\n", count: 24_000))
            let bigOps = noteOperations(40, tag: "bulk", bodyBytes: 30_000)

            Self.fill(mnt + "/filler", keeping: 1_500_000)
            let add = cli.run("note", "add", "--title", "too big", "--body-file", big)
            #expect(add.status == 7, "\(add.stderr)")
            #expect(add.stderr.contains("disk is full"), "\(add.stderr)")
            let batch = cli.apply(bigOps)
            #expect(batch.status == 7, "\(batch.stderr)")
            // Reads still work with a little space left, and see nothing of the failed writes.
            let list = cli.run("note", "list", "--json")
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.array.count == 3)
            #expect(cli.count("SELECT count(*) FROM audit_events") == events)
            #expect(cli.count("SELECT count(*) FROM notes WHERE title = 'too big'") == 0)

            // Completely full: everything is exit 7, nothing crashes.
            Self.fill(mnt + "/filler", keeping: 0)
            for args in [["note", "add", "--title", "no room"], ["note", "list"], ["health"]] {
                let r = cli.run(args)
                #expect(r.status == 7 || (r.status == 0 && args[1] != "add"), "\(args): \(r.status) \(r.stderr)")
            }

            // Space is back: the same writes succeed and the store is sound.
            try FileManager.default.removeItem(atPath: mnt + "/filler")
            #expect(cli.run("note", "add", "--title", "too big", "--body-file", big).status == 0)
            #expect(cli.apply(bigOps).status == 0)
            #expect(cli.count("SELECT count(*) FROM note_tags WHERE tag = 'bulk'") == 40)
            #expect(cli.count("SELECT count(*) FROM notes WHERE title = 'no room'") == 0)
            cli.expectSound()
        }

        /// `prlimit --fsize` (RLIMIT_FSIZE) makes any write past N bytes fail with EFBIG, as a
        /// full disk would; SIGXFSZ is ignored so the write returns an error instead of killing.
        func limited(_ cli: Notesctl, bytes: Int, _ args: [String]) -> CLIResult {
            runProcess("/bin/sh", ["-c", "trap '' XFSZ; exec prlimit --fsize=\(bytes) -- \"$@\"", "limited", notesctlPath] + args, env: cli.env)
        }

        @Test func fileSizeLimitFailsWholeAndRecovers() throws {
            let cli = Notesctl()
            #expect(cli.run("init").status == 0)
            #expect(cli.run("note", "add", "--title", "before", "--body", "fits").status == 0)
            let size = (try? FileManager.default.attributesOfItem(atPath: cli.db)[.size] as? Int) ?? 0
            let events = cli.count("SELECT count(*) FROM audit_events")
            let big = cli.dir.write("big.md", String(repeating: "a body larger than the file-size limit\n", count: 20_000))
            let limit = size + 200_000

            let add = limited(cli, bytes: limit, ["note", "add", "--title", "too big", "--body-file", big])
            #expect(add.status == 7, "\(add.status) \(add.stderr)")
            let batch = runProcess("/bin/sh", ["-c", "trap '' XFSZ; exec prlimit --fsize=\(limit) -- \"$@\" < \"$0\"",
                                               cli.dir.write("ops.json", String(decoding: try JSONSerialization.data(withJSONObject: ["operations": noteOperations(60, tag: "bulk", bodyBytes: 8_000)]), as: UTF8.self)),
                                               notesctlPath, "apply", "--file", "-"], env: cli.env)
            #expect(batch.status == 7, "\(batch.status) \(batch.stderr)")
            #expect(cli.count("SELECT count(*) FROM notes") == 1)
            #expect(cli.count("SELECT count(*) FROM audit_events") == events)
            cli.expectSound()

            #expect(cli.run("note", "add", "--title", "too big", "--body-file", big).status == 0)
            #expect(cli.run(["apply", "--file", cli.dir.file("ops.json")]).status == 0)
            #expect(cli.count("SELECT count(*) FROM notes") == 62)
            cli.expectSound()
        }
    }
}
