#if canImport(Glibc)
import Glibc
#endif

/// Thrown when the reader of stdout went away (`notesctl note list | head`): stop quietly.
struct OutputClosed: Error {}

/// A buffered writer on a file descriptor. Writes go out in large chunks; EPIPE ends output.
final class Sink {
    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var closed = false
    private let limit = 64 * 1024

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(limit)
    }

    func write(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= limit { try flush() }
    }

    func write(bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        if closed { throw OutputClosed() }
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                closed = true
                throw OutputClosed()
            }
            offset += n
        }
    }
}
