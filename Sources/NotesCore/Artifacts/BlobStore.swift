#if canImport(Glibc)
import Glibc
#endif

/// Artifact content, addressed by SHA-256, in `blobs/` beside the store (CLI.md §2, §4):
/// `blobs/ab/cdef…`. A blob is written to a temp file, synced and renamed into place before
/// the row that references it commits, so a crash leaves at worst an unreferenced blob for
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

    /// Copies a file into the store; returns its hash, its size and whether this call stored it.
    /// Content already there is not copied again; with `keep: false` the file is only measured
    /// (for dry runs).
    public func put(copyOf source: String, keep storeIt: Bool = true) throws -> (sha256: String, size: Int, stored: Bool) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw NotesError.invalid("cannot read '\(source)': \(String(cString: strerror(errno)))") }
        defer { close(input) }
        var st = stat()
        if fstat(input, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { throw NotesError.invalid("'\(source)' is a folder") }
        // Copied to a temp file while hashing (the source may change under us), then renamed
        // into place; a dry run only measures, and writes nothing at all.
        var output: Int32 = -1
        var temp = ""
        var keep = false
        defer {
            if output >= 0 {
                close(output)
                if !keep { unlink(temp) }
            }
        }
        if storeIt {
            try makeFolder(folder)
            var template = Array((folder + "/.incoming-XXXXXX").utf8CString)
            output = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard output >= 0 else { throw unavailable("cannot write in \(folder)") }
            temp = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            fchmod(output, 0o600)
        }
        var hasher = SHA256()
        var size = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw NotesError.invalid("cannot read '\(source)': \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            hasher.update(buffer[0..<n])
            size += n
            var offset = 0
            while output >= 0 && offset < n {
                let w = buffer.withUnsafeBytes { Glibc.write(output, $0.baseAddress! + offset, n - offset) }
                if w < 0 { if errno == EINTR { continue }; throw unavailable("cannot write the blob") }
                offset += w
            }
        }
        let sha = SHA256.hexString(hasher.finalize())
        if exists(sha) || !storeIt { return (sha, size, false) }
        guard fsync(output) == 0 else { throw unavailable("cannot sync the blob") }
        try makeFolder(folder + "/" + sha.prefix(2))
        guard rename(temp, path(for: sha)) == 0 else { throw unavailable("cannot move the blob into place") }
        keep = true
        return (sha, size, true)
    }

    /// Stores content held in memory (a blob read back by `import`); returns its hash and whether
    /// this call stored it. The file is named by the hash of these very bytes, so it cannot be
    /// misfiled; written like `put(copyOf:)`: a temp file, synced, then renamed into place.
    public func put(bytes: [UInt8]) throws -> (sha256: String, stored: Bool) {
        var hasher = SHA256()
        hasher.update(bytes)
        let sha = SHA256.hexString(hasher.finalize())
        if exists(sha) { return (sha, false) }
        try makeFolder(folder)
        var template = Array((folder + "/.incoming-XXXXXX").utf8CString)
        let output = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard output >= 0 else { throw unavailable("cannot write in \(folder)") }
        let temp = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var keep = false
        defer {
            close(output)
            if !keep { unlink(temp) }
        }
        fchmod(output, 0o600)
        var offset = 0
        while offset < bytes.count {
            let w = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(output, base + offset, raw.count - offset)
            }
            if w < 0 && errno == EINTR { continue }
            // A regular file never takes 0 bytes of a non-empty write: treat it as the error it is.
            guard w > 0 else { throw unavailable("cannot write the blob") }
            offset += w
        }
        guard fsync(output) == 0 else { throw unavailable("cannot sync the blob") }
        try makeFolder(folder + "/" + sha.prefix(2))
        guard rename(temp, path(for: sha)) == 0 else { throw unavailable("cannot move the blob into place") }
        keep = true
        return (sha, true)
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

    public func remove(_ sha256: String) { unlink(path(for: sha256)) }

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
