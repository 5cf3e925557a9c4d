import Testing
@testable import Documents

/// Strings without escapes take a one-pass path when every byte is ASCII: it must read exactly what the
/// validating path reads, and leave non-ASCII and invalid bytes to that path.
@Suite("JSON string fast path")
struct JSONStringFastPathTests {
    static func readString(_ bytes: [UInt8]) throws(JSONReadError) -> String? {
        try JSONReader.read([0x22] + bytes + [0x22], options: JSONReaderOptions(recordsLocations: false)).value.stringValue
    }

    @Test("ASCII strings of every length up to 40 bytes read back byte for byte")
    func asciiStringsReadBack() throws {
        for length in 0...40 {
            var bytes: [UInt8] = []
            for index in 0..<length {
                let byte = UInt8(0x20 + (index * 7) % 0x5F)
                if byte != 0x22 && byte != 0x5C { bytes.append(byte) }
            }
            let read = try Self.readString(bytes) ?? ""
            #expect(Array(read.utf8) == bytes)
        }
    }

    @Test("a non-ASCII byte anywhere sends the string to the validating path", arguments: ["\u{E9}", "caf\u{E9}", "\u{1F600} end", "ab\u{7FF}"])
    func nonASCIIIsValidated(_ text: String) throws {
        #expect(try Self.readString(Array(text.utf8)) == text)
    }

    @Test("invalid UTF-8 after ASCII bytes is still refused at its offset")
    func invalidUTF8AfterASCII() {
        #expect(throws: JSONReadError.self) { try Self.readString(Array("abcdef".utf8) + [0xFF] + Array("gh".utf8)) }
        do {
            _ = try Self.readString(Array("abcdef".utf8) + [0xC3])
        } catch {
            #expect(error.reason == .invalidUTF8)
            #expect(error.offset == 7)
        }
    }
}
