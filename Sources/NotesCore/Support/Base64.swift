/// Base64 as RFC 4648 §4 defines it (standard alphabet, `=` padding), for artifact content in
/// exports. The decoder is strict, so that one content has exactly one spelling: it refuses
/// anything outside the alphabet (line breaks and spaces included), a length that is not a
/// multiple of 4, padding anywhere but at the end, and pad bits that are not zero (§3.5).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let pad = UInt8(ascii: "=")

    /// Each byte's 6-bit value, or 0xFF for a byte outside the alphabet (`=` included).
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let remaining = bytes.count - i
            let b0 = UInt32(bytes[i])
            let b1 = remaining > 1 ? UInt32(bytes[i + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[i + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(group >> 18 & 0x3F)])
            out.append(alphabet[Int(group >> 12 & 0x3F)])
            out.append(remaining > 1 ? alphabet[Int(group >> 6 & 0x3F)] : pad)
            out.append(remaining > 2 ? alphabet[Int(group & 0x3F)] : pad)
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil when it is not canonical, padded base64.
    static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        guard !input.isEmpty else { return [] }
        // Only the last group may end in padding: one `=` (two bytes) or two (one byte).
        let padding = input[input.count - 1] != pad ? 0 : input[input.count - 2] != pad ? 1 : 2
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var start = 0
        while start < input.count {
            let pads = start + 4 == input.count ? padding : 0
            var group: UInt32 = 0
            for offset in 0..<4 {
                let symbol = input[start + offset]
                var value: UInt8 = 0
                if offset < 4 - pads {
                    value = values[Int(symbol)]
                    guard value != 0xFF else { return nil }
                }
                group = group << 6 | UInt32(value)
            }
            // The bits the padding stands in for must be zero, or two texts would decode alike.
            if (pads == 1 && group & 0xFF != 0) || (pads == 2 && group & 0xFFFF != 0) { return nil }
            out.append(UInt8(truncatingIfNeeded: group >> 16))
            if pads < 2 { out.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if pads < 1 { out.append(UInt8(truncatingIfNeeded: group)) }
            start += 4
        }
        return out
    }
}
