import Foundation
import Testing
@testable import NotesCore

@Suite struct Base64Tests {
    /// RFC 4648 §10.
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func rfcVectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    /// Every byte value and every length modulo 3, checked against Foundation's encoder.
    @Test func agreesWithFoundationAndRoundTrips() {
        var random = SystemRandomNumberGenerator()
        for length in Array(0...64) + [255, 256, 257, 65_537] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let encoded = Base64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString(), "length \(length)")
            #expect(Base64.decode(encoded) == bytes, "length \(length)")
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/", "the standard alphabet, not the URL-safe one")
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9", "Z", // not a multiple of 4
        "Zm9v\n", "Zm9v YmFy", " Zm9v", "Zm9v\r\n", // no whitespace or line breaks
        "Zm9v!A==", "Zm-v", "Zm_v", "Zm9vé===", // outside the alphabet (URL-safe too)
        "Zg==Zg==", "Zm=v", "=Zm9", "Z===", "====", "Zm9v====", // padding only at the very end, at most two
        "Zh==", "Zm9=", "AB==", // pad bits not zero: a second spelling of the same bytes
    ])
    func strictDecoderRefuses(_ text: String) {
        #expect(Base64.decode(text) == nil, "\(text.debugDescription)")
    }
}
