import Testing
@testable import NotesCore

@Suite struct SupportTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesFIPSVectors(input: String, digest: String) {
        #expect(SHA256.hex(input) == digest)
    }

    @Test func sha256OfAMillionAs() {
        var h = SHA256()
        h.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(SHA256.hexString(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func jsonRoundTripsAndEscapes() throws {
        let value: JSON = .object(["s": "quote\" back\\ nl\n tab\t ctl\u{1} é 🎉", "n": 42, "neg": -7, "d": .double(1.5), "b": true, "z": nil,
                                   "a": .array([1, "two", .object([:])])])
        let text = JSONWriter.string(value)
        #expect(text.contains("\\u0001"))
        #expect(try JSONParser.parse(text) == value)
        #expect(try JSONParser.parse(JSONWriter.string(value, pretty: true)) == value)
    }

    @Test(arguments: ["{\"a\":1,\"a\":2}", "[1,]", "{\"a\" 1}", "\"unterminated", "01", "1 2", "tru", "\"\\ud800\"", "\"\u{1}\"", "", "[", "{\"a\":nan}"])
    func jsonRejectsMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { _ = try JSONParser.parse(text) }
    }

    @Test func jsonRejectsDeepNestingAndInvalidUTF8() throws {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParseError.self) { _ = try JSONParser.parse(deep) }
        #expect(throws: JSONParseError.self) { _ = try JSONParser.parse(bytes: [0x22, 0xFF, 0x22]) }
        #expect(try JSONParser.parse("\"\\ud83c\\udf89\"") == "🎉")
    }

    @Test func canonicalFormSortsKeysRecursively() {
        let a: JSON = .object(["b": 1, "a": .object(["d": 1, "c": 2])])
        #expect(JSONWriter.string(a.canonical()) == "{\"a\":{\"c\":2,\"d\":1},\"b\":1}")
    }

    @Test func timesFormatAndParse() {
        #expect(Clock.format(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Clock.normalize("2026-11-29") == "2026-11-29T00:00:00.000Z")
        #expect(Clock.normalize("2026-11-29T14:00:00Z") == "2026-11-29T14:00:00.000Z")
        #expect(Clock.normalize("2026-11-29T14:00:00.5+01:00") == "2026-11-29T13:00:00.500Z")
        #expect(Clock.normalize("2026-11-29T14:00:00.123456Z") == "2026-11-29T14:00:00.123Z")
        for bad in ["yesterday", "2026-02-30", "2026-13-01", "2026-11-29T25:00:00Z", "2026-11-29T14:00:00", "2026-11-29Tx"] {
            #expect(Clock.normalize(bad) == nil, "\(bad)")
        }
    }

    @Test func ulidsAreLowercaseSortableAndUnique() {
        let ids = (0..<1000).map { _ in IDKind.note.make() }
        #expect(Set(ids).count == 1000)
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { $0.count == 29 && $0 == $0.lowercased() && ULID.isValidBody($0.dropFirst(3)) })
    }
}
