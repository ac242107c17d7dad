import SQLiteStore
import Glibc

/// A notesctl store: one SQLite file (CLI.md §2). Reads run in a read transaction and never
/// write; writes go through `WritePath` only.
public final class NotesStore {
    public let path: String
    let db: Connection
    /// True when the file did not exist and this is an empty stand-in, so that a read creates nothing.
    public let isMissing: Bool

    public static var schemaVersion: Int { NotesSchema.schema.latestVersion }
    public static var sqliteVersion: String { Connection.libraryVersion }

    public struct Settings: Sendable {
        public var busyTimeoutMilliseconds: Int32 = 5_000
        /// Gets every SQL statement the store runs (see `Connection.Options.traceStatements`).
        public var traceStatements: (@Sendable (String) -> Void)?
        public init() {}

        var connectionOptions: Connection.Options {
            var options = Connection.Options()
            options.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            options.traceStatements = traceStatements
            return options
        }
    }

    init(path: String, db: Connection, isMissing: Bool) {
        self.path = path
        self.db = db
        self.isMissing = isMissing
    }

    /// True when there is no store at `path` yet: no file, or an empty one (or an SQLite file
    /// with nothing in it), which reading must not turn into a store.
    public static func isMissing(path: String) throws -> Bool {
        try !StoreFile.exists(path) || StoreFile.isBlank(path)
    }

    /// Opens for reading. A missing file is not created: reads see an empty store.
    public static func openForReading(path: String, settings: Settings = Settings()) throws -> NotesStore {
        guard !(try isMissing(path: path)) else {
            return NotesStore(path: path, db: try StoreFile.open(":memory:", schema: NotesSchema.schema), isMissing: true)
        }
        var options = settings.connectionOptions
        if !StoreFile.folderIsWritable(path) && !StoreFile.exists(path + "-shm") {
            // A WAL reader needs the -shm index and cannot create it here; nobody else can
            // create the -wal to write either, so the file is read as it stands.
            options.immutable = true
        } else if !StoreFile.isWritable(path) || !StoreFile.folderIsWritable(path) {
            options.readOnly = true
        }
        return NotesStore(path: path, db: try StoreFile.open(path, schema: NotesSchema.schema, options: options), isMissing: false)
    }

    /// Opens for writing, creating the folder (0700) and file (0600) when missing.
    public static func openForWriting(path: String, settings: Settings = Settings()) throws -> NotesStore {
        try StoreFile.create(path)
        // SQLite may need to create or remove the -wal and -shm files beside the store.
        guard StoreFile.folderIsWritable(path) else {
            throw NotesError.unavailable("the store's folder is read-only: \(StoreFile.parentFolderOf(path))", hint: "reads still work")
        }
        guard StoreFile.isWritable(path) else { throw NotesError.unavailable("the store is read-only: \(path)", hint: "reads still work") }
        StoreFile.repairCompanions(path)
        return NotesStore(path: path, db: try StoreFile.open(path, schema: NotesSchema.schema, options: settings.connectionOptions), isMissing: false)
    }

    /// Runs `write` on a new store at `path`, where none exists yet: the store is made under a
    /// name of its own beside `path` and put in place once `write` has returned (its write
    /// committed and the store closed), so a first write that throws leaves no store and no
    /// folder, and readers never see a store without its first write. Returns nil, with nothing
    /// left behind, when another process made a store at `path` meanwhile.
    public static func create<T>(path: String, settings: Settings = Settings(), _ write: (NotesStore) throws -> T) throws -> T? {
        let (temp, folders) = try StoreFile.createTemporarySibling(of: path)
        // Whatever happens, the temp name goes; and the blobs/ folder and the folders made for
        // the store go too where nothing was left in them (a failed write).
        defer { StoreFile.removeTemporarySibling(temp, folders: folders + [StoreFile.parentFolderOf(path) + "/blobs"]) }
        // The temp store closes when `write` returns: its last connection checkpoints the WAL
        // into the file and removes the -wal, and the file alone is the store.
        let result = try write(try openForWriting(path: temp, settings: settings))
        return try StoreFile.moveIntoPlace(temp, path) ? result : nil
    }

    /// Runs `body` in one read transaction: a consistent snapshot, no writes.
    public func read<T>(_ context: RequestContext, _ body: (Transaction) throws -> T) throws -> T {
        try db.transaction(.deferred) { try body(Transaction(db: db, context: context, isWrite: false, storePath: path)) }
    }

    /// Copies the store, online and consistent, to a new private file (0600) at `path`
    /// (https://sqlite.org/backup.html). An existing file is a conflict unless `replace`.
    public func backup(to path: String, replace: Bool) throws -> JSONObject {
        guard !isMissing else { throw NotesError.unavailable("there is no store at \(self.path) to back up") }
        // Not the store, nor its -wal or -shm, nor in its folder: a copy there would share its
        // blobs/, and lose its content to the store's next gc.
        if let theirs = Self.resolved(BlobStore(storePath: path).folder), let own = Self.resolved(BlobStore(storePath: self.path).folder) {
            if theirs == own {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                let store = self.path.split(separator: "/").last.map(String.init) ?? self.path
                let what = [store, store + "-wal", store + "-shm", store + "-journal"].contains(name) ? "is the store itself (or its WAL files)"
                    : "is beside the store: the copy would share its blobs/"
                throw NotesError.usage("\(path) \(what)", hint: "back it up to another folder")
            }
            if theirs.hasPrefix(own + "/") { throw NotesError.usage("\(path) is inside the store's blobs/", hint: "back it up to another folder") }
        }
        if StoreFile.exists(path) {
            guard replace else {
                throw NotesError.conflict("\(path) already exists", hint: "choose another path, or add --force to replace it")
            }
            try StoreFile.remove(path)
        }
        try StoreFile.create(path)
        do {
            try db.backup(to: path)
        } catch {
            try? StoreFile.remove(path)
            throw error
        }
        let (blobs, missing) = try copyBlobs(referencedBy: path)
        return ["path": .string(path), "bytes": .int(Int64(StoreFile.size(path))), "schema_version": .int(Int64(Self.schemaVersion)),
                "blobs": .int(Int64(blobs)), "missing_blobs": .array(missing.map { .string($0) })]
    }

    /// The canonical path of a folder (symlinks resolved): of its nearest existing ancestor,
    /// with the folders not made yet after it (a backup makes them). Nil when none resolves.
    static func resolved(_ path: String) -> String? {
        var head = path, tail: [String] = []
        while true {
            if let r = realpath(head.isEmpty ? "." : head, nil) {
                defer { free(r) }
                return ([String(cString: r)] + tail.reversed()).joined(separator: "/")
            }
            guard let slash = head.lastIndex(of: "/") else {
                tail.append(head)
                head = "."
                continue
            }
            if slash == head.startIndex { return nil }
            tail.append(String(head[head.index(after: slash)...]))
            head = String(head[..<slash])
        }
    }

    /// Artifacts keep their content beside the store (`blobs/`): a backup at `path` gets a copy
    /// of every blob its rows reference, checked against its hash as it is copied (a blob it
    /// has already, from an earlier backup to the same folder, is kept). Returns how many it
    /// holds and those missing or corrupt here, which the backup cannot have either.
    private func copyBlobs(referencedBy path: String) throws -> (Int, [String]) {
        // Read-write, though it only reads: a read-only connection would leave the copy's -wal
        // and -shm behind, unable to remove them as the last one to close.
        let wanted = try ArtifactService.referencedBlobs(try Connection(path: path, options: Connection.Options()), now: Clock.now()).sorted()
        let source = BlobStore(storePath: self.path), target = BlobStore(storePath: path)
        var held = 0
        var missing: [String] = []
        for sha in wanted {
            // One there already (an earlier backup to this folder) counts when it is intact.
            if target.exists(sha), (try? target.read(sha, { _ in })) != nil { held += 1; continue }
            guard source.exists(sha) else { missing.append(sha); continue }
            let staged = try target.stage(copyOf: source.path(for: sha))
            guard staged.sha256 == sha, try target.place(staged) else {
                target.removeStaged(staged)
                if staged.sha256 != sha { missing.append(sha) } else { held += 1 }
                continue
            }
            held += 1
        }
        return (held, missing)
    }

    /// Removes blobs that a write placed and then did not commit, unless something references
    /// them. It holds the write lock while it looks (and changes no row), as placing does: a
    /// concurrent write of the same content either committed first, and it stays, or finds it
    /// gone inside its own transaction and places its own staged copy.
    func discardUnreferencedBlobs(_ hashes: [String]) {
        guard !hashes.isEmpty, !isMissing else { return }
        let blobs = BlobStore(storePath: path)
        try? db.transaction(.immediate) {
            let referenced = try ArtifactService.referencedBlobs(db, now: Clock.now())
            for sha in hashes where !referenced.contains(sha) { blobs.remove(sha) }
        }
    }

    /// Whether the store has ever been initialized (holds a workspace).
    public func isInitialized() throws -> Bool {
        try db.scalarInt("SELECT EXISTS (SELECT 1 FROM workspaces)") == 1
    }
}
