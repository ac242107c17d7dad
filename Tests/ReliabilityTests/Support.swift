import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The reliability suite: the real binary under concurrency, crashes, full disks, hostile files
/// and bad input. Its suites run one at a time (each starts many processes; on a small CI machine
/// running them side by side would only make every one slower), and each is bounded in time.
@Suite(.serialized) enum Reliability {}


/// A process started without waiting, so a test can kill it or start others beside it.
/// Its stdout and stderr go to files in the test's folder (no pipe can fill up and block it).
final class Spawned {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    init(_ executable: String, _ args: [String], env: [String: String], in dir: TempDir, label: String) throws {
        stdoutPath = dir.file("\(label).out")
        stderrPath = dir.file("\(label).err")
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
    }

    var pid: pid_t { process.processIdentifier }

    func kill9() { _ = Glibc.kill(pid, SIGKILL) }

    /// Waits; the exit status, or 128 + the signal that ended it (as a shell reports it).
    @discardableResult
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    var killedBySignal: Bool { process.terminationReason == .uncaughtSignal }
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}

extension Notesctl {
    /// Starts `notesctl args` without waiting.
    func spawn(_ args: [String], label: String, env extra: [String: String] = [:]) throws -> Spawned {
        try Spawned(notesctlPath, args, env: env.merging(extra) { $1 }, in: dir, label: label)
    }

    /// The store this runner's commands use (`NOTESCTL_DB`, which a test may point elsewhere).
    var storePath: String { env["NOTESCTL_DB"] ?? db }

    /// One value from `sqlite3` on the store, trimmed.
    func scalar(_ sql: String) -> String {
        runProcess("/usr/bin/sqlite3", [storePath, sql], env: env).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func count(_ sql: String) -> Int { Int(scalar(sql)) ?? -1 }

    /// `PRAGMA integrity_check` as sqlite3 reports it: "ok" when the file is sound.
    var integrity: String { scalar("PRAGMA integrity_check;") }

    /// Runs a batch of operations through `apply --file -`.
    @discardableResult
    func apply(_ operations: [[String: Any]], env extra: [String: String] = [:]) -> CLIResult {
        let data = try! JSONSerialization.data(withJSONObject: ["operations": operations])
        return run(["apply", "--file", "-", "--json", "--fields", "id"], env: extra, stdin: String(decoding: data, as: UTF8.self))
    }

    /// The store as it must be after anything at all happened to it: sound, the audit chain
    /// intact, the FTS index matching the notes (`health --deep`), no half-written note.
    func expectSound(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(integrity == "ok", comment, sourceLocation: sourceLocation)
        let verify = run("audit", "verify")
        #expect(verify.status == 0, "audit verify: \(verify.stdout)\(verify.stderr) \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        let health = run("health", "--deep", "--json")
        #expect(health.status == 0, "health --deep: \(health.stdout) \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        // Every note has its earlier versions as revisions (the current one is the row) and its
        // creation event; nothing refers to a missing note.
        #expect(count("SELECT count(*) FROM notes n WHERE (SELECT count(*) FROM revisions r WHERE r.note_id = n.id AND r.version < n.version) <> n.version - 1") == 0,
                "a note without all its earlier revisions \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        // (A revision at the note's own version is kept only where it differs from the row: v12
        // migration, import.)
        #expect(count("""
            SELECT count(*) FROM revisions r JOIN notes n ON n.id = r.note_id
            WHERE r.version > n.version OR (r.version = n.version AND r.title = n.title AND r.body = n.body AND r.tags = n.tags)
            """) == 0, "a revision beyond its note's version, or a copy of the row \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        #expect(count("SELECT count(*) FROM revisions WHERE note_id NOT IN (SELECT id FROM notes)") == 0,
                "a revision of a missing note \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        #expect(count("SELECT count(*) FROM notes n WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.target_id = n.id AND e.action = 'note.create')") == 0,
                "a note without its note.create event \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        #expect(count("SELECT count(*) FROM audit_events WHERE action = 'note.create' AND target_id NOT IN (SELECT id FROM notes)") == 0,
                "a note.create event for a note that is not there \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
    }
}

/// The exit statuses the contract allows (CLI.md §5); anything else is a crash or a signal.
let documentedExitCodes: ClosedRange<Int32> = 0...7

/// The bytes of a file, or nil when it is missing.
func fileBytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

func fileMode(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
}

func sleepMilliseconds(_ ms: Double) { usleep(useconds_t(max(0, ms) * 1000)) }

/// Monotonic milliseconds, for time budgets.
func nowMilliseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
}

/// `note add` operations for `apply`, tagged so a batch's notes can be counted afterwards.
func noteOperations(_ count: Int, tag: String, bodyBytes: Int = 600) -> [[String: Any]] {
    let paragraph = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: max(1, bodyBytes / 56))
    return (0..<count).map { i in
        ["command": "note add", "args": ["title": "\(tag) note \(i)", "body": "# \(tag) \(i)\n\n\(paragraph)\n- [ ] task \(i)\n", "tag": [tag]]]
    }
}

/// Root ignores file permissions: read-only checks run as `nobody` through setpriv, when that works.
enum Unprivileged {
    static let isRoot = getuid() == 0

    /// The command line that runs `args` as nobody (or as is when not root).
    static func command(_ executable: String, _ args: [String]) -> (String, [String]) {
        guard isRoot else { return (executable, args) }
        return ("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", executable] + args)
    }

    /// Whether dropping to nobody works here (setpriv present, the user exists).
    static let available: Bool = {
        guard isRoot else { return true }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), getpwnam("nobody") != nil else { return false }
        let r = runProcess("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", "/usr/bin/id", "-u"], env: [:])
        return r.status == 0 && r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "0"
    }()

    /// Hands a folder to nobody (when root) so that it can create the store in it.
    static func giveAway(_ path: String) {
        guard isRoot, let pw = getpwnam("nobody") else { return }
        chown(path, pw.pointee.pw_uid, pw.pointee.pw_gid)
        chmod(path, 0o755)
    }
}
