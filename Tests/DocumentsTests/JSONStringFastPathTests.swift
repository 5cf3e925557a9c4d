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

    @Test("the plain-prefix scan stops exactly at the first quote, backslash, control or non-ASCII byte on 20,000 random buffers")
    func plainPrefixEndAgreesWithByteLoop() {
        var generator = SystemRandomNumberGenerator()
        // Mostly plain bytes, with a special one now and then at any offset (in and across 16- and 8-byte blocks).
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF, 0x20, 0x21, 0x5B, 0x5D]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...70, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0x23...0x7E, using: &generator) }.map { $0 == 0x5C ? 0x41 : $0 }
            for _ in 0..<Int.random(in: 0...2, using: &generator) where length > 0 {
                bytes[Int.random(in: 0..<length, using: &generator)] = specials.randomElement(using: &generator) ?? 0x22
            }
            let start = Int.random(in: 0...length, using: &generator)
            let scanned = bytes.withUnsafeBufferPointer { JSONStringScan.plainPrefixEnd($0, from: start) }
            // The definition: every byte before the result is plain; the result is the first special byte or lies
            // in the last eight bytes (the caller's byte loop reads those).
            let firstSpecial = bytes[start...].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 }
            if let firstSpecial, firstSpecial < length - 7 {
                #expect(scanned == firstSpecial, "\(bytes) from \(start)")
            } else {
                #expect(scanned <= (firstSpecial ?? length) && scanned >= start && (scanned > length - 8 || scanned == firstSpecial),
                        "\(bytes) from \(start)")
            }
        }
    }
}
