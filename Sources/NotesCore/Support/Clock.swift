#if canImport(Glibc)
import Glibc
#endif

/// Time as notesctl stores and shows it: RFC 3339, UTC, milliseconds (`2026-11-29T13:58:29.123Z`).
/// Such strings sort as the times they name, so the store compares them as text.
public enum Clock {
    public static func nowMilliseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec / 1_000_000)
    }

    public static func now() -> String { format(milliseconds: nowMilliseconds()) }

    /// 10000-01-01T00:00:00Z in seconds: the first time with a 5-digit year.
    public static let endOfTime = 253_402_300_800

    /// `milliseconds` plus `seconds`, clamped below year 10000 (an expiry that far off never comes).
    public static func adding(seconds: Int, to milliseconds: UInt64) -> UInt64 {
        let limit = UInt64(endOfTime - 1) * 1000
        let (extra, overflow) = UInt64(max(0, seconds)).multipliedReportingOverflow(by: 1000)
        guard !overflow else { return limit }
        let (sum, overflow2) = milliseconds.addingReportingOverflow(extra)
        return overflow2 ? limit : min(sum, limit)
    }

    public static func format(milliseconds: UInt64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds % 1000), 3))Z"
    }

    /// Parses what a user may type for a point in time: `YYYY-MM-DD` (midnight UTC), or RFC 3339
    /// with `Z` or a numeric offset and optional fractional seconds. Returns milliseconds since 1970.
    public static func parse(_ text: String) -> UInt64? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<from + count {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let year = num(0, 4), b.count >= 10, b[4] == 45, let month = num(5, 2), b[7] == 45, let day = num(8, 2),
              (1...12).contains(month), (1...daysIn(month, year)).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0, millis = 0, offset = 0
        if b.count > 10 {
            guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == 32,
                  let h = num(11, 2), b.count > 13, b[13] == 58, let m = num(14, 2), b.count > 16, b[16] == 58,
                  let s = num(17, 2), h < 24, m < 60, s < 61 else { return nil }
            hour = h; minute = m; second = min(s, 59)
            var i = 19
            if i < b.count && b[i] == 46 {
                i += 1
                var digits = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if digits < 3 { millis = millis * 10 + Int(b[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                if digits < 3 { for _ in digits..<3 { millis *= 10 } }
            }
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                guard i + 1 == b.count else { return nil }
            } else if b[i] == 43 || b[i] == 45, let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58,
                      let om = num(i + 4, 2), i + 6 == b.count, oh < 24, om < 60 {
                offset = (oh * 60 + om) * 60 * (b[i] == 43 ? 1 : -1)
            } else {
                return nil
            }
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int(timegm(&parts)) - offset
        // Stored times compare as text: keep them within 0000-9999 so they all have 4-digit years.
        guard seconds >= 0, seconds < Clock.endOfTime else { return nil }
        return UInt64(seconds) * 1000 + UInt64(millis)
    }

    /// The normalized form of a user-typed time, for storing and comparing.
    public static func normalize(_ text: String) -> String? { parse(text).map { format(milliseconds: $0) } }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
