#if canImport(Glibc)
import Glibc
#endif

/// The kinds of identifier notesctl hands out: a prefix, then a lower-case ULID.
public enum IDKind: String, CaseIterable, Sendable {
    case workspace = "ws", note = "nt", link = "ln", task = "tk", artifact = "af"
    case proposal = "pr", event = "ev", request = "rq"

    public var prefix: String { rawValue + "_" }
}

/// ULIDs (https://github.com/ulid/spec): 48 bits of milliseconds then 80 random bits, in
/// Crockford base32, lower case, so ids sort by creation time. Monotonic within one process.
public enum ULID {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)
    nonisolated(unsafe) private static var last: (ms: UInt64, random: (UInt16, UInt64)) = (0, (0, 0))

    public static func make(milliseconds: UInt64 = Clock.nowMilliseconds()) -> String {
        var rng = SystemRandomNumberGenerator()
        var random: (UInt16, UInt64)
        if milliseconds == last.ms {
            // Same millisecond: increment so ids made in one process stay in order.
            let (low, overflow) = last.random.1.addingReportingOverflow(1)
            random = (overflow ? last.random.0 &+ 1 : last.random.0, low)
        } else {
            random = (UInt16.random(in: 0...UInt16.max, using: &rng), rng.next())
        }
        last = (milliseconds, random)
        var out = [UInt8](repeating: 0, count: 26)
        var t = milliseconds
        for i in (0..<10).reversed() {
            out[i] = alphabet[Int(t & 31)]
            t >>= 5
        }
        // 80 random bits: 16 high, 64 low.
        var low = random.1
        var high = UInt32(random.0)
        for i in (10..<26).reversed() {
            out[i] = alphabet[Int(low & 31)]
            low = (low >> 5) | (UInt64(high & 31) << 59)
            high >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func isValidBody(_ s: Substring) -> Bool {
        s.utf8.count == 26 && s.utf8.allSatisfy { alphabet.contains($0) }
    }
}

extension IDKind {
    public func make() -> String { prefix + ULID.make() }
}
