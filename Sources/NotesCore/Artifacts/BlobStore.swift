#if canImport(Glibc)
import Glibc
#endif

/// Content an `artifact add` brings: its hash and size, and the temp file that holds a copy of
/// it (nil when it was only measured).
public struct StagedBlob: Sendable, Equatable {
    public let sha256: String
    public let size: Int
    public let path: String?
}

/// Artifact content, addressed by SHA-256, in `blobs/` beside the store (CLI.md §2, §4):
/// `blobs/ab/cdef…`. A file is staged (copied to a temp file of its own and synced) before the
/// write, and placed (renamed into place) inside the write transaction, before the row that
/// references it commits: a crash leaves at worst an unreferenced blob or a staging file for
/// `gc`, never a row without its content.
public struct BlobStore: Sendable {
    public let folder: String

    public init(storePath: String) {
        let parent = storePath.lastIndex(of: "/").map { String(storePath[..<$0]) } ?? "."
        folder = parent + "/blobs"
    }

    public func path(for sha256: String) -> String {
        folder + "/" + sha256.prefix(2) + "/" + sha256.dropFirst(2)
    }

    public func exists(_ sha256: String) -> Bool {
        var st = stat()
        return stat(path(for: sha256), &st) == 0
    }

    /// The size in bytes of a stored blob, or nil when there is none.
    public func size(_ sha256: String) -> Int? {
        var st = stat()
        return stat(path(for: sha256), &st) == 0 ? Int(st.st_size) : nil
    }

    /// Copies a file beside the blob store for a write to place (`place`): hashed and synced in
    /// a temp file of this process's own, before the write takes the lock. With `keep: false`
    /// (a dry run, a store that does not exist yet) the file is only measured, and nothing is
    /// written at all.
    public func stage(copyOf source: String, keep: Bool = true) throws -> StagedBlob {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw NotesError.invalid("cannot read '\(source)': \(String(cString: strerror(errno)))") }
        defer { close(input) }
        var st = stat()
        if fstat(input, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { throw NotesError.invalid("'\(source)' is a folder") }
        // Copied while hashing, so what is placed is exactly what was hashed even if the
        // source changes under us.
        let temp = keep ? try TempFile(in: self) : nil
        var hasher = SHA256()
        var size = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw NotesError.invalid("cannot read '\(source)': \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            hasher.update(buffer[0..<n])
            size += n
            try temp?.write(buffer[0..<n])
        }
        return StagedBlob(sha256: SHA256.hexString(hasher.finalize()), size: size, path: try temp?.synced())
    }

    /// Puts staged content in place unless the store has it already, intact; true when this
    /// call placed it. A blob that is there but corrupt (its content no longer hashes to its
    /// name) is replaced by the staged copy, which does: adding the file again repairs it.
    /// Called inside the write transaction: placing and `discard` both hold the write lock,
    /// so a write that finds its content gone (another write failed and took it back) places
    /// its own copy.
    public func place(_ staged: StagedBlob) throws -> Bool {
        guard let temp = staged.path else {
            throw NotesError(.internalError, "blob \(staged.sha256) was measured, not kept, and cannot be placed")
        }
        // (rename replaces a corrupt one in one step, read-only as blobs are.)
        if exists(staged.sha256), (try? read(staged.sha256, { _ in })) != nil { return false }
        try makeFolder(folder + "/" + staged.sha256.prefix(2))
        guard rename(temp, path(for: staged.sha256)) == 0 else { throw unavailable("cannot move the blob into place") }
        return true
    }

    /// Removes a staged copy that was not placed.
    public func removeStaged(_ staged: StagedBlob) {
        if let temp = staged.path { unlink(temp) }
    }

    /// The paths of stagings older than `seconds`, left by processes that died before their
    /// write ended (a live one removes its own).
    public func abandonedStagings(olderThan seconds: Int) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        var old: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            guard name.hasPrefix(Self.incomingPrefix) else { continue }
            var st = stat()
            let path = folder + "/" + name
            if stat(path, &st) == 0 && Int(time(nil)) - Int(st.st_mtim.tv_sec) > seconds { old.append(path) }
        }
        closedir(dir)
        return old
    }

    static let incomingPrefix = ".incoming-"

    /// A staging file of this process in the blob folder (0600), removed when dropped unless
    /// `synced` handed it over.
    private final class TempFile {
        let fd: Int32
        let path: String
        private var handedOver = false

        init(in store: BlobStore) throws {
            try store.makeFolder(store.folder)
            var template = Array((store.folder + "/" + BlobStore.incomingPrefix + "XXXXXX").utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw store.unavailable("cannot write in \(store.folder)") }
            path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            fchmod(fd, 0o600)
        }

        deinit {
            close(fd)
            if !handedOver { unlink(path) }
        }

        func write(_ bytes: ArraySlice<UInt8>) throws {
            var offset = 0
            while offset < bytes.count {
                let w = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if w < 0 && errno == EINTR { continue }
                // A regular file never takes 0 bytes of a non-empty write: that is an error too.
                guard w > 0 else { throw NotesError.unavailable("cannot write the blob: \(String(cString: strerror(errno)))") }
                offset += w
            }
        }

        /// Syncs the content and hands the file over: its path, which outlives this object.
        func synced() throws -> String {
            guard fsync(fd) == 0 else { throw NotesError.unavailable("cannot sync the blob: \(String(cString: strerror(errno)))") }
            handedOver = true
            return path
        }
    }

    /// Stores content held in memory (a blob read back by `import`); returns its hash and whether
    /// this call stored it: staged like a file, then placed. Called inside the write transaction.
    public func put(bytes: [UInt8]) throws -> (sha256: String, stored: Bool) {
        var hasher = SHA256()
        hasher.update(bytes)
        let sha = SHA256.hexString(hasher.finalize())
        if exists(sha) { return (sha, false) }
        let temp = try TempFile(in: self)
        try temp.write(bytes[...])
        let staged = StagedBlob(sha256: sha, size: bytes.count, path: try temp.synced())
        defer { removeStaged(staged) }
        return (sha, try place(staged))
    }

    /// Streams a blob to `emit`, checking its hash; a missing or changed blob is `unavailable`.
    public func read(_ sha256: String, _ emit: ([UInt8]) throws -> Void) throws {
        let fd = open(path(for: sha256), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw NotesError.unavailable("blob \(sha256) is missing from \(folder)", details: ["sha256": .string(sha256)]) }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw unavailable("cannot read blob \(sha256)") }
            if n == 0 { break }
            let chunk = Array(buffer[0..<n])
            hasher.update(chunk)
            try emit(chunk)
        }
        let actual = SHA256.hexString(hasher.finalize())
        guard actual == sha256 else {
            throw NotesError.unavailable("blob \(sha256) is corrupt: its content hashes to \(actual)",
                                         details: ["sha256": .string(sha256), "actual": .string(actual)])
        }
    }

    /// Every blob hash on disk.
    public func all() -> [String] {
        var out: [String] = []
        guard let dir = opendir(folder) else { return out }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let prefix = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            guard prefix.count == 2, let sub = opendir(folder + "/" + prefix) else { continue }
            while let e = readdir(sub) {
                let rest = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
                if rest.count == 62 { out.append(prefix + rest) }
            }
            closedir(sub)
        }
        return out.sorted()
    }

    /// Removes a blob, and its folder when that is left empty.
    public func remove(_ sha256: String) {
        unlink(path(for: sha256))
        rmdir(folder + "/" + sha256.prefix(2))
    }

    /// Seconds since the blob was last written.
    public func ageSeconds(_ sha256: String) -> Int {
        var st = stat()
        guard stat(path(for: sha256), &st) == 0 else { return 0 }
        return Int(time(nil)) - Int(st.st_mtim.tv_sec)
    }

    private func makeFolder(_ path: String) throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw unavailable("cannot create \(path)") }
    }

    private func unavailable(_ what: String) -> NotesError {
        let reason = String(cString: strerror(errno))
        return NotesError.unavailable("\(what): \(reason)")
    }
}
