import Documents
import Testing

/// The byte writer against the scalar-by-scalar writer it replaced (kept here as the reference), and the reader.
@Suite struct JSONWriterTests {
    /// The old `writeString`: one Unicode scalar at a time.
    static func reference(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// Every scalar below 0x80, at the start, middle and end of a string, and mixed with multi-byte ones.
    @Test func everyASCIIScalarIsWrittenAsBefore() {
        for value in 0..<0x80 {
            let scalar = String(UnicodeScalar(UInt8(value)))
            let long = String(repeating: "abcdefgh", count: 5)
            for text in [scalar, "a" + scalar, scalar + "b", "é" + scalar + "😀", String(repeating: scalar, count: 3),
                         long + scalar + long, long + "é" + scalar, String(long.prefix(15)) + scalar, String(long.prefix(17)) + scalar + "x"] {
                var bytes: [UInt8] = []
                JSONWriter.writeString(text, into: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == Self.reference(text), "\(value)")
                var string = ""
                JSONWriter.writeString(text, into: &string)
                #expect(string == Self.reference(text), "\(value)")
                var sink = ByteSink(capacity: 0)
                sink.append("[")
                JSONWriter.writeString(text, into: &sink)
                #expect(String(decoding: sink.bytes(), as: UTF8.self) == "[" + Self.reference(text), "\(value)")
            }
        }
    }

    /// 5,000 random strings of ASCII, controls, quotes, backslashes, two-, three- and four-byte characters: the same text
    /// as the reference, and the reader reads back the original.
    @Test func randomStringsAreWrittenAsBeforeAndReadBack() throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let pool: [UnicodeScalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "é",
                                     "\u{2028}", "中", "\u{FEFF}", "😀", "\u{10FFFF}"]
        for _ in 0..<5_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(next() % 40) { text.append(pool[Int(next() % UInt64(pool.count))]) }
            let string = String(text)
            var bytes: [UInt8] = []
            JSONWriter.writeString(string, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == Self.reference(string))
            var sink = ByteSink(capacity: 0)
            JSONWriter.writeString(string, into: &sink)
            #expect(sink.bytes() == bytes)
            let document = JSONValue.array([.string(string), .object([(string, .string(string))])])
            #expect(JSONWriter.compactBytes(document) == Array(JSONWriter.compact(document).utf8))
            let read = try JSONReader.read(JSONWriter.compact(document)).value
            #expect(read.arrayValue?.first?.stringValue == string)
        }
    }

    @Test func prettyAndCompactKeepTheirShape() throws {
        let value = try JSONReader.read(#"{"a":[1,{"b":null,"c":true}],"d":"x\"y","e":[],"f":{}}"#).value
        #expect(JSONWriter.compact(value) == #"{"a":[1,{"b":null,"c":true}],"d":"x\"y","e":[],"f":{}}"#)
        #expect(JSONWriter.pretty(value) == """
            {
              "a": [
                1,
                {
                  "b": null,
                  "c": true
                }
              ],
              "d": "x\\"y",
              "e": [],
              "f": {}
            }
            """)
    }
}
