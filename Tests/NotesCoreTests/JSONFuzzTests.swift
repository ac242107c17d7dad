import Foundation
import Testing
import TestSupport
import NotesCore

typealias JSONFuzzRandom = SeededRandom

/// The JSON parser every input the CLI reads goes through (`apply --file`, stored receipts,
/// proposals): strict RFC 8259, never a crash whatever the bytes, and a faithful round trip.
@Suite struct JSONFuzzTests {
    static let strings = ["", "a", "é", "🎉", "\u{0}", "\"", "\\", "\n\t\r", "\u{1F}", "\u{7F}", "\u{FEFF}", "\u{2028}", "漢字", "e\u{301}"]

    static func randomValue(_ rng: inout JSONFuzzRandom, depth: Int = 0) -> JSON {
        switch Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(rng.pick([0, 1, -1, Int64.max, Int64.min, Int64.random(in: -1_000_000...1_000_000, using: &rng)]))
        case 3: return .double(rng.pick([0.5, -2.25, 1e-300, 1.7976931348623157e308, 3.141592653589793, Double.random(in: -1e6...1e6, using: &rng)]))
        case 4: return .string((0..<Int.random(in: 0...4, using: &rng)).map { _ in rng.pick(strings) }.joined())
        case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var o = JSONObject()
            for i in 0..<Int.random(in: 0...4, using: &rng) { o[rng.pick(strings) + "\(i)"] = randomValue(&rng, depth: depth + 1) }
            return .object(o)
        }
    }

    /// Whole doubles are written as integers: compare numbers by value.
    static func normalized(_ v: JSON) -> JSON {
        switch v {
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: return .int(Int64(d))
        case .array(let a): return .array(a.map(normalized))
        case .object(let o):
            var out = JSONObject()
            for (k, x) in o { out[k] = normalized(x) }
            return .object(out)
        default: return v
        }
    }

    /// Parses without crashing; an error names an offset inside the input.
    @discardableResult
    static func parse(_ bytes: [UInt8], _ context: @autoclosure () -> String) -> JSON? {
        do {
            return try JSONParser.parse(bytes: bytes)
        } catch let e as JSONParseError {
            #expect(e.offset >= 0 && e.offset <= bytes.count, "\(context()): offset \(e.offset) of \(bytes.count)")
            #expect(!e.message.isEmpty)
            return nil
        } catch {
            Issue.record("\(context()): untyped error \(error)")
            return nil
        }
    }

    @Test func writtenJSONParsesBackToTheSameValue() {
        var rng = JSONFuzzRandom(0x6A73_6F6E)
        for n in 0..<3_000 {
            let value = Self.randomValue(&rng)
            for pretty in [false, true] {
                let text = JSONWriter.string(value, pretty: pretty)
                let back = Self.parse(Array(text.utf8), "seed \(rng.seed) case \(n)")
                #expect(back.map(Self.normalized) == Self.normalized(value), "seed \(rng.seed) case \(n): \(text)")
            }
        }
    }

    /// Valid documents broken at random: bytes flipped, dropped, duplicated; invalid UTF-8, NUL,
    /// truncation. Whatever is accepted, Foundation's parser accepts too (ours is the stricter).
    @Test func mutatedDocumentsNeverCrash() throws {
        var rng = JSONFuzzRandom(0x6D75_7461)
        let specials: [UInt8] = [0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x2D, 0x2E, 0x65, 0x30,
                                 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xF8, 0xFE, 0xFF]
        var accepted = 0
        for n in 0..<4_000 {
            var bytes = Array(JSONWriter.string(Self.randomValue(&rng)).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: bytes[i] = rng.pick(specials)
                case 1: bytes.remove(at: i)
                case 2: bytes.insert(rng.pick(specials), at: i)
                case 3: bytes = Array(bytes[..<i])
                default: bytes.insert(contentsOf: bytes[i...].prefix(Int.random(in: 1...16, using: &rng)), at: i)
                }
            }
            if Self.parse(bytes, "seed \(rng.seed) case \(n)") != nil {
                accepted += 1
                let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
                #expect(foundation != nil, "seed \(rng.seed) case \(n): we accept what Foundation refuses: \(bytes)")
            }
        }
        #expect(accepted > 0, "some mutations stay valid JSON, or the mutator is broken")
    }

    @Test func hostileDocumentsAreRefusedNotCrashed() {
        let deep = 200_000
        let cases: [(String, [UInt8])] = [
            ("deep arrays", Array(String(repeating: "[", count: deep).utf8) + Array(String(repeating: "]", count: deep).utf8)),
            ("deep objects", Array(String(repeating: "{\"a\":", count: deep).utf8)),
            ("deep unterminated", Array(String(repeating: "[", count: deep).utf8)),
            ("duplicate key", Array(#"{"a": 1, "b": 2, "a": 3}"#.utf8)),
            ("duplicate key, escaped", Array(#"{"a": 1, "\u0061": 2}"#.utf8)),
            ("duplicate key, nested", Array(#"{"operations": [{"command": "note add", "command": "note rm"}]}"#.utf8)),
            ("raw NUL in string", Array("\"a".utf8) + [0] + Array("b\"".utf8)),
            ("NUL after the value", Array("{}".utf8) + [0]),
            ("invalid UTF-8 in string", Array("\"caf".utf8) + [0xE9] + Array("\"".utf8)),
            ("overlong UTF-8", Array("\"".utf8) + [0xC0, 0xAF] + Array("\"".utf8)),
            ("surrogate in UTF-8", Array("\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"".utf8)),
            ("lone high surrogate escape", Array(#""\ud800""#.utf8)),
            ("lone low surrogate escape", Array(#""\udc00x""#.utf8)),
            ("huge number", Array(String(repeating: "9", count: 1_000_000).utf8)),
            ("huge exponent", Array("1e999999999999999999999".utf8)),
            ("number then garbage", Array("1.5e".utf8)),
            ("leading zeros", Array("0123".utf8)),
            ("byte order mark", [0xEF, 0xBB, 0xBF] + Array("{}".utf8)),
            ("single quotes", Array("{'a': 1}".utf8)),
            ("trailing comma", Array("[1,]".utf8)),
            ("comment", Array("[1] // no".utf8)),
            ("NaN", Array("NaN".utf8)),
            ("empty", []),
            ("only space", Array("   \n\t ".utf8)),
        ]
        for (label, bytes) in cases {
            #expect(Self.parse(bytes, label) == nil, "\(label) is not JSON this parser accepts")
        }
        // Large but legal: accepted whole.
        let bigString = String(repeating: "ab\\n\\u00e9", count: 1_000_000)
        #expect(Self.parse(Array("\"\(bigString)\"".utf8), "16 MB string")?.stringValue?.count == 4_000_000)
        let wide = "[" + Array(repeating: "1", count: 500_000).joined(separator: ",") + "]"
        #expect(Self.parse(Array(wide.utf8), "wide array")?.arrayValue?.count == 500_000)
        let nested = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(Self.parse(Array(nested.utf8), "64 deep") != nil, "the documented nesting limit is allowed")
        #expect(Self.parse(Array(#""\u0000""#.utf8), "escaped NUL") == .string("\u{0}"), "an escaped NUL is JSON; the CLI refuses it later as text")
    }
}
