import Foundation

/// A folder under the system temp dir, removed when the value goes away.
public final class TempDir: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "notesctl-test") {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? NSTemporaryDirectory()
        var template = Array((base.hasSuffix("/") ? base : base + "/") .appending("\(label)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(cString: template)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The default store path inside this folder.
    public var db: String { path + "/store/notes.db" }

    public func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    public func write(_ name: String, _ contents: String) -> String {
        let p = file(name)
        FileManager.default.createFile(atPath: p, contents: Data(contents.utf8))
        return p
    }
}

/// What one run of the binary did.
public struct CLIResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    /// stdout parsed as JSON.
    public var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed]) }
    public var object: [String: Any] { json as? [String: Any] ?? [:] }
    public var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    /// The `{"error": {...}}` object that `--json` prints on stderr.
    public var error: [String: Any] {
        let parsed = try? JSONSerialization.jsonObject(with: Data(stderr.utf8)) as? [String: Any]
        return parsed?["error"] as? [String: Any] ?? [:]
    }
    /// stdout's lines parsed as JSON objects (`--jsonl`).
    public var lines: [[String: Any]] {
        stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}

/// Where the built `notesctl` is: `$NOTESCTL_BIN`, else beside the test bundle in the build folder.
public let notesctlPath: String = {
    if let p = ProcessInfo.processInfo.environment["NOTESCTL_BIN"] { return p }
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("notesctl").path
}()

/// Runs a program and waits; stdin from `stdin` (or /dev/null), everything captured.
public func runProcess(_ executable: String, _ args: [String], env: [String: String], stdin: Data? = nil,
                       cwd: String? = nil) -> CLIResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = args
    process.environment = env
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    do { try process.run() } catch { return CLIResult(status: -1, stdout: "", stderr: "cannot run \(executable): \(error)") }
    if let stdin {
        // Feed stdin on another thread so a large input cannot deadlock against full output pipes.
        let writer = input.fileHandleForWriting
        Thread.detachNewThread {
            writer.write(stdin)
            try? writer.close()
        }
    }
    // Drain both pipes concurrently, then wait.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return CLIResult(status: status, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// A clean environment for the binary: no NOTESCTL_* from the developer's shell leaks in.
public func baseEnvironment(home: String, db: String?) -> [String: String] {
    var env: [String: String] = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "TMPDIR": home,
    ]
    if let db { env["NOTESCTL_DB"] = db }
    return env
}

/// Runs `notesctl` against a temp store.
public struct Notesctl: Sendable {
    public let dir: TempDir
    public var env: [String: String]

    public init(dir: TempDir = TempDir()) {
        self.dir = dir
        self.env = baseEnvironment(home: dir.path, db: dir.db)
    }

    public var db: String { dir.db }

    @discardableResult
    public func run(_ args: [String], env extra: [String: String] = [:], stdin: String? = nil) -> CLIResult {
        runProcess(notesctlPath, args, env: env.merging(extra) { $1 }, stdin: stdin.map { Data($0.utf8) })
    }

    @discardableResult
    public func run(_ args: String..., env extra: [String: String] = [:], stdin: String? = nil) -> CLIResult {
        run(args, env: extra, stdin: stdin)
    }

    /// Runs `sqlite3` on the store: for tests that look at or tamper with the file directly.
    @discardableResult
    public func sqlite(_ sql: String) -> CLIResult {
        runProcess("/usr/bin/sqlite3", [db, sql], env: env)
    }
}

/// Runs `body` for 0..<count on concurrent threads and returns the results in order.
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let box = ResultBox<T>()
    DispatchQueue.concurrentPerform(iterations: count) { i in
        let value = body(i)
        box.lock.lock()
        box.items[i] = value
        box.lock.unlock()
    }
    return (0..<count).compactMap { box.items[$0] }
}

private final class ResultBox<T>: @unchecked Sendable {
    let lock = NSLock()
    var items: [Int: T] = [:]
}

/// A seeded generator (SplitMix64) so a failure can be replayed: messages name the seed and
/// case. `NOTESCTL_TEST_SEED` overrides the default seed.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    public let seed: UInt64

    public init(_ defaultSeed: UInt64) {
        seed = ProcessInfo.processInfo.environment["NOTESCTL_TEST_SEED"].flatMap { UInt64($0) } ?? defaultSeed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    public mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) } }
}
