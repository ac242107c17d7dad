import NotesCore
#if canImport(Glibc)
import Glibc
#endif

/// What lives as long as the process (or the interactive shell): the command table, the
/// environment and the open stores, so a shell session keeps one connection.
public final class Session {
    public let table: CommandTable
    public var env: Environment
    private var stores: [String: NotesStore] = [:]
    /// Set by the interactive shell so its commands can tell they run inside it.
    var inShell = false

    public init(table: CommandTable = Commands.table, env: Environment) {
        self.table = table
        self.env = env
    }

    /// The store for reading: an open one is reused; a missing file is not created.
    func storeForReading(_ path: String, settings: NotesStore.Settings) throws -> NotesStore {
        if let open = stores[path], !open.isMissing { return open }
        let store = try NotesStore.openForReading(path: path, settings: settings)
        if !store.isMissing { stores[path] = store }
        return store
    }

    /// Whether there is no store at `path` yet. A store this session has open is there.
    func storeIsMissing(_ path: String) throws -> Bool {
        if let open = stores[path], !open.isMissing { return false }
        return try NotesStore.isMissing(path: path)
    }

    /// The store for writing, created when missing.
    func storeForWriting(_ path: String, settings: NotesStore.Settings) throws -> NotesStore {
        if let open = stores[path], !open.isMissing { return open }
        let store = try NotesStore.openForWriting(path: path, settings: settings)
        stores[path] = store
        return store
    }
}

/// One run of one command: its parsed arguments, the global options, and where to print.
public final class Invocation {
    public let command: Command
    public internal(set) var args: Args
    let globals: GlobalValues
    let output: Output
    let session: Session
    private var cachedContext: RequestContext?

    init(command: Command, args: Args, globals: GlobalValues, output: Output, session: Session) {
        self.command = command
        self.args = args
        self.globals = globals
        self.output = output
        self.session = session
    }

    public var env: Environment { session.env }
    var table: CommandTable { session.table }

    func storePath() throws -> String { try env.storePath(flag: globals.db) }

    var storeSettings: NotesStore.Settings {
        var s = NotesStore.Settings()
        if let ms = env["NOTESCTL_BUSY_TIMEOUT_MS"].flatMap(Int32.init), ms >= 0 { s.busyTimeoutMilliseconds = ms }
        if env["NOTESCTL_TRACE_SQL"] == "1" {
            // Straight to stderr, one write a statement: it interleaves with nothing of ours.
            s.traceStatements = { sql in
                let line = Array((sql.hasSuffix(";") ? sql : sql + ";").utf8) + [UInt8(ascii: "\n")]
                _ = line.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            }
        }
        return s
    }

    func readStore() throws -> NotesStore { try session.storeForReading(try storePath(), settings: storeSettings) }
    func writeStore() throws -> NotesStore { try session.storeForWriting(try storePath(), settings: storeSettings) }

    /// Content `artifact add` staged from its file for this write, by sha256 (see `BlobStore.stage`).
    var stagedBlobs: [String: StagedBlob] = [:]

    /// Removes what is left of this invocation's stagings: the write placed what it needed.
    func removeStagedBlobs() throws {
        guard !stagedBlobs.isEmpty else { return }
        let blobs = BlobStore(storePath: try storePath())
        stagedBlobs.values.forEach(blobs.removeStaged)
        stagedBlobs = [:]
    }

    /// Runs operations through the one write path (CLI.md §6), in their canonical form for the
    /// idempotency fingerprint. A dry run uses the read side, so a missing store stays missing.
    func write(_ operations: [Operation], bootstrap: Bool = true, batch: Bool = false,
               _ execute: WritePath.Executor) throws -> Receipt {
        var ctx = try context()
        ctx.stagedBlobs = stagedBlobs
        let canonicalize = Commands.canonicalizer(table)
        func perform(_ store: NotesStore) throws -> Receipt {
            try WritePath.perform(store: store, context: ctx, operations: operations, bootstrap: bootstrap,
                                  batch: batch, canonicalize: canonicalize, execute: execute)
        }
        let path = try storePath()
        if ctx.dryRun { return try perform(try readStore()) }
        guard try session.storeIsMissing(path) else { return try perform(try writeStore()) }
        // A first write that fails leaves no store behind (see `NotesStore.create`); when
        // another process made the store meanwhile, this write goes there as any other would.
        return try NotesStore.create(path: path, settings: storeSettings, perform) ?? perform(try writeStore())
    }

    /// `--actor`, else NOTESCTL_ACTOR, else `user:<login name>`. A malformed one is a malformed
    /// argument (exit 2, as for the flag's parser), whichever of the three it came from.
    static func actor(flag: String?, variable: String?, loginName: String) throws -> Actor {
        let text = flag ?? variable ?? "user:\(loginName)"
        do { return try Actor(parsing: text) } catch let e as NotesError {
            let source = flag != nil ? "--actor" : variable != nil ? "NOTESCTL_ACTOR" : "the login name"
            let hint = flag == nil && variable == nil ? "set --actor or NOTESCTL_ACTOR to user:NAME; \(e.hint ?? "")" : e.hint
            throw NotesError.usage("\(e.message) (from \(source))", hint: hint)
        }
    }

    /// Who acts, where, and how this request is identified: from flags, then the environment.
    func context() throws -> RequestContext {
        if let cachedContext { return cachedContext }
        let actor = try Invocation.actor(flag: globals.actor, variable: env["NOTESCTL_ACTOR"], loginName: env.loginName)
        let traceparent = env["TRACEPARENT"]
        let correlation = globals.correlationId ?? env["NOTESCTL_CORRELATION_ID"] ?? traceparent.flatMap(RequestContext.traceId(fromTraceparent:))
        var ctx = RequestContext(actor: actor, loginName: env.loginName, correlationId: try correlation.map { try checkId($0, "correlation id") })
        ctx.workspaceSelector = globals.workspace ?? env["NOTESCTL_WORKSPACE"]
        ctx.causationId = try (globals.causationId ?? env["NOTESCTL_CAUSATION_ID"]).map { try checkId($0, "causation id") }
        ctx.traceparent = traceparent.flatMap { RequestContext.traceId(fromTraceparent: $0) != nil ? $0 : nil }
        if let key = globals.idempotencyKey {
            try RequestContext.validateIdempotencyKey(key)
            ctx.idempotencyKey = key
        }
        ctx.dryRun = globals.dryRun
        if let text = env["NOTESCTL_IDEMPOTENCY_RETENTION"] {
            guard let seconds = Invocation.duration(text) else {
                throw NotesError.usage("NOTESCTL_IDEMPOTENCY_RETENTION must be a duration up to 100 years like 3600, 90m, 24h or 7d, not '\(text)'")
            }
            ctx.idempotencyRetentionSeconds = seconds
        }
        if let text = env["NOTESCTL_PROPOSAL_LIFETIME"] {
            // 0 would make every proposal expired as it is made.
            guard let seconds = Invocation.duration(text), seconds > 0 else {
                throw NotesError.usage("NOTESCTL_PROPOSAL_LIFETIME must be a duration above 0 and up to 100 years like 3600, 90m, 24h or 7d, not '\(text)'")
            }
            ctx.proposalLifetimeSeconds = seconds
        }
        if let text = env["NOTESCTL_MAX_BODY_BYTES"] {
            guard let n = Int(text), n > 0 else { throw NotesError.usage("NOTESCTL_MAX_BODY_BYTES must be a positive number of bytes") }
            ctx.maxBodyBytes = n
        }
        cachedContext = ctx
        return ctx
    }

    private func checkId(_ value: String, _ what: String) throws -> String {
        guard (1...200).contains(value.utf8.count), value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw NotesError.usage("malformed \(what): use 1-200 printable ASCII characters without spaces")
        }
        return value
    }

    /// Seconds in `3600`, `90s`, `30m`, `24h`, `7d`: at most 100 years, else nil.
    static func duration(_ text: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        let maximum = 100 * 365 * 86_400
        var factor = 1
        var digits = Substring(text)
        if let unit = text.last, let f = units[unit] {
            factor = f
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let n = Int(digits), n >= 0 else { return nil }
        let (seconds, overflow) = n.multipliedReportingOverflow(by: factor)
        return overflow || seconds > maximum ? nil : seconds
    }

    /// Runs `body` in a read transaction of the store.
    func read<T>(_ body: (Transaction) throws -> T) throws -> T {
        let ctx = try context()
        return try readStore().read(ctx, body)
    }

    // MARK: Reading inputs

    /// Reads a whole file as UTF-8 text; a missing or unreadable file, invalid UTF-8 or NUL is `invalid`.
    func readTextFile(_ path: String, what: String, limit: Int? = nil) throws -> String {
        let bytes = try readFile(path, what: what, limit: limit)
        return try decodeText(bytes, what: what)
    }

    func readFile(_ path: String, what: String, limit: Int? = nil) throws -> [UInt8] {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw NotesError.invalid("cannot read \(what) '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { if fd != 0 { close(fd) } }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw NotesError.invalid("cannot read \(what) '\(path)': it is a folder")
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let limit = limit ?? (try? context().maxBodyBytes) ?? NoteService.defaultMaxBodyBytes
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw NotesError.invalid("cannot read \(what) '\(path)': \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit {
                throw NotesError.invalid("\(what) is larger than the limit of \(limit) bytes", hint: "raise it with NOTESCTL_MAX_BODY_BYTES")
            }
        }
        return out
    }

    func decodeText(_ bytes: [UInt8], what: String) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw NotesError.invalid("\(what) is not valid UTF-8")
        }
        if bytes.contains(0) { throw NotesError.invalid("\(what) contains a NUL byte") }
        return text
    }
}
