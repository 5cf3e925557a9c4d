import Documents
import Testing

@Suite struct JSONReaderTests {
    func read(_ text: String) throws -> JSONReadResult {
        try JSONReader.read(text, options: JSONReaderOptions(file: "t.json"))
    }

    func readError(_ bytes: [UInt8], maximumDepth: Int = 512) -> JSONReadError? {
        do {
            _ = try JSONReader.read(bytes, options: JSONReaderOptions(maximumDepth: maximumDepth, file: "t.json"))
            return nil
        } catch {
            return error
        }
    }

    func readError(_ text: String) -> JSONReadError? { readError(Array(text.utf8)) }

    // MARK: Numbers

    @Test func bigIntegerKeepsExactText() throws {
        let value = try read("123456789012345678901234567890").value
        #expect(value.numberValue?.text == "123456789012345678901234567890")
        #expect(value.numberValue?.int64 == nil)
        #expect(value.numberValue?.isInteger == true)
    }

    @Test func decimalKeepsExactText() throws {
        let value = try read("[0.1, 19.99, -0.000000000000000000001, 1E+400]").value
        #expect(value.arrayValue?.map { $0.numberValue?.text } == ["0.1", "19.99", "-0.000000000000000000001", "1E+400"])
    }

    @Test func integersFitInInt64() throws {
        let value = try read("[0, -0, 9223372036854775807, -9223372036854775808, 1e2, 100000000000000000]").value
        #expect(value.arrayValue?.map { $0.numberValue?.int64 } == [0, 0, Int64.max, Int64.min, 100, 100_000_000_000_000_000])
    }

    @Test(arguments: ["01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "-a", "NaN", "Infinity"])
    func invalidNumbersAreRejected(text: String) {
        #expect(readError(text) != nil)
    }

    // MARK: Strings

    @Test func escapesDecode() throws {
        let value = try read(#""a\"b\\c\/d\be\ff\ng\rh\ti\u0041\u00e9\u20AC""#).value
        #expect(value.stringValue == "a\"b\\c/d\u{8}e\u{C}f\ng\rh\tiAé€")
    }

    @Test func surrogatePairDecodesToOneScalar() throws {
        let value = try read(#""\uD83D\uDE00""#).value
        #expect(value.stringValue == "😀")
    }

    @Test(arguments: [#""\uD83D""#, #""\uD83Dx""#, #""\uDE00""#, #""\uD83D\u0041""#])
    func loneSurrogateIsRejected(text: String) {
        #expect(readError(text)?.reason == .invalidEscape)
    }

    @Test func invalidEscapeIsRejectedAtItsPosition() {
        let error = readError(#"["ab\qc"]"#)
        #expect(error?.reason == .invalidEscape)
        #expect(error?.location.column == 5)
    }

    @Test func controlCharacterInStringIsRejected() {
        #expect(readError("\"a\u{1}b\"")?.reason == .controlCharacterInString)
        #expect(readError("\"a\nb\"")?.reason == .controlCharacterInString)
    }

    @Test func unterminatedStringIsReported() {
        #expect(readError(#"{"a": "bc"#)?.reason == .unexpectedEnd)
    }

    @Test func multiByteTextSurvives() throws {
        #expect(try read(#""héllo wörld 日本 😀""#).value.stringValue == "héllo wörld 日本 😀")
    }

    // MARK: Invalid UTF-8

    @Test func invalidUTF8InStringReportsItsOffsetAndColumn() {
        // ["é", "a<FF>"] — the bad byte is at offset 9 (é is two bytes), the 9th scalar on line 1.
        let bytes: [UInt8] = Array(#"["é", "a"#.utf8) + [0xFF] + Array(#""]"#.utf8)
        let error = readError(bytes)
        #expect(error?.reason == .invalidUTF8)
        #expect(error?.offset == 9)
        #expect(error?.location.line == 1)
        #expect(error?.location.column == 9)
    }

    @Test func invalidUTF8AfterAnEscapeReportsTheRawOffset() {
        let bytes: [UInt8] = Array(#""\n\n"#.utf8) + [0xC3, 0x28] + Array(#"""#.utf8)
        let error = readError(bytes)
        #expect(error?.reason == .invalidUTF8)
        #expect(error?.offset == 5)
    }

    @Test func overlongEncodingIsRejected() {
        #expect(readError([0x22, 0xC0, 0xAF, 0x22])?.reason == .invalidUTF8)
    }

    @Test func encodedSurrogateIsRejected() {
        #expect(readError([0x22, 0xED, 0xA0, 0x80, 0x22])?.reason == .invalidUTF8)
    }

    // MARK: Structure

    @Test func trailingGarbageIsReportedAtItsPosition() {
        let error = readError("{\"a\": 1}\n  x")
        #expect(error?.reason == .trailingContent)
        #expect(error?.location.line == 2)
        #expect(error?.location.column == 3)
        #expect(error?.offset == 11)
    }

    @Test func secondValueIsTrailingContent() {
        #expect(readError("1 2")?.reason == .trailingContent)
    }

    @Test func emptyInputIsUnexpectedEnd() {
        #expect(readError("")?.reason == .unexpectedEnd)
        #expect(readError("  \n ")?.reason == .unexpectedEnd)
    }

    @Test(arguments: ["[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a: 1}", "{\"a\":}", "[", "{", "tru", "nul", "falsy"])
    func malformedStructureIsRejected(text: String) {
        #expect(readError(text) != nil)
    }

    @Test func topLevelScalarsAreAccepted() throws {
        #expect(try read("true").value.boolValue == true)
        #expect(try read(" null ").value.isNull)
        #expect(try read("\"x\"").value.stringValue == "x")
    }

    /// Keys compare as Swift strings (canonical equivalence): KELVIN SIGN (U+212A) is a duplicate of "K"
    /// whichever comes first, though the ASCII fast comparison (byte lengths) would tell them apart.
    @Test(arguments: ["{\"K\": 1, \"\u{212A}\": 2}", "{\"\u{212A}\": 1, \"K\": 2}"])
    func canonicallyEquivalentKeysAreDuplicates(text: String) throws {
        let result = try read(text)
        #expect(result.diagnostics.map(\.code) == ["json-duplicate-key"])
        #expect(result.value.objectValue?.count == 1)
    }

    @Test func duplicateKeyAmongManyAsciiKeysOfMixedLengthsIsReported() throws {
        let result = try JSONReader.read(#"{"a": 1, "bb": 2, "ccc": 3, "dd": 4, "bb": 5}"#, options: JSONReaderOptions(recordsLocations: false))
        #expect(result.diagnostics.map(\.code) == ["json-duplicate-key"])
        #expect(result.value["bb"]?.intValue == 5)
    }

    @Test func duplicateKeysAreReportedAndTheLastValueKept() throws {
        let result = try read("{\"a\": 1,\n \"b\": 2,\n \"a\": 3}")
        #expect(result.value["a"]?.intValue == 3)
        #expect(result.value.objectValue?.keys == ["a", "b"])
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.code == "json-duplicate-key")
        #expect(result.diagnostics.first?.location.line == 3)
        #expect(result.diagnostics.first?.location.column == 2)
    }

    @Test func duplicateKeyDiagnosticCarriesItsPointer() throws {
        let result = try read(#"{"paths": {"/a": {"get": 1}}, "list": [0, {"x/y": 1, "x/y": 2}]}"#)
        #expect(result.diagnostics.map(\.pointer) == ["/list/1/x~1y"])
    }

    @Test func loneCarriageReturnsEndLines() throws {
        let value = try read("{\r\"a\": 1,\r\n\"b\":\r2}").value
        #expect(value["a"]?.location.line == 2)
        #expect(value["b"]?.location.line == 4)
        #expect(value["b"]?.location.column == 1)
    }

    @Test func byteOrderMarkIsSkippedWithAWarning() throws {
        let result = try JSONReader.read([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8))
        #expect(result.value["a"]?.intValue == 1)
        #expect(result.value.location.column == 1)
        #expect(result.diagnostics.map(\.code) == ["json-byte-order-mark"])
        #expect(result.diagnostics.first?.severity == .warning)
    }

    @Test func depthLimitIsEnforced() {
        let deep = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        #expect(readError(Array(deep.utf8), maximumDepth: 19)?.reason == .tooDeep)
        #expect(readError(Array(deep.utf8), maximumDepth: 20) == nil)
    }

    // MARK: Positions

    @Test func positionsAreOneBasedLineAndColumn() throws {
        let value = try read("{\n  \"a\": [1,\n    true],\n  \"b\": null\n}").value
        #expect(value.location == SourceLocation(file: "t.json", line: 1, column: 1))
        #expect(value.objectValue?.member("a")?.keyLocation == SourceLocation(file: "t.json", line: 2, column: 3))
        #expect(value["a"]?.location == SourceLocation(file: "t.json", line: 2, column: 8))
        #expect(value["a"]?.arrayValue?[1].location == SourceLocation(file: "t.json", line: 3, column: 5))
        #expect(value["b"]?.location == SourceLocation(file: "t.json", line: 4, column: 8))
    }

    @Test func columnsCountUnicodeScalarsNotBytes() throws {
        let value = try read("{\"日本語\": \"é😀\", \"x\": 1}").value
        // {"日本語": "é😀", "x": 1}: "x" key starts at scalar 15.
        #expect(value.objectValue?.member("x")?.keyLocation.column == 15)
        #expect(value["x"]?.location.column == 20)
    }

    @Test func errorPositionAfterMultiByteText() {
        let error = readError("[\"ü\", \"ö\" \"x\"]")
        #expect(error?.reason == .unexpectedCharacter)
        #expect(error?.location.column == 11)
    }
}

/// Columns count characters (Unicode scalars), however many UTF-8 bytes each takes and however far along the line
/// a node starts (the reader counts eight bytes at a time).
struct JSONColumnTests {
    /// The column of the first scalar at `offset` of a line, counted one scalar at a time.
    static func expectedColumn(_ line: Substring.UTF8View, byteOffset: Int) -> Int {
        String(decoding: line.prefix(byteOffset), as: UTF8.self).unicodeScalars.count + 1
    }

    @Test func columnsCountCharactersAfterMultiByteTextAndLongIndentation() throws {
        let values = ["a", "é", "中文字", "😀🎉", "ü€𝄞", String(repeating: "x", count: 17), String(repeating: "é", count: 9)]
        for (index, value) in values.enumerated() {
            for indent in [0, 1, 7, 8, 9, 23] {
                let pad = String(repeating: " ", count: indent)
                let text = "{\n\(pad)\"\(value)\": [\"\(value)\", {\"k\(value)\": \"\(value)\"}, \(index)]\n}"
                let result = try JSONReader.read(text, options: JSONReaderOptions(file: "t.json"))
                let root = try #require(result.value.objectValue)
                let line = text.split(separator: "\n")[1].utf8
                let member = try #require(root.member(value))
                let list = try #require(member.value.arrayValue)
                let inner = try #require(list[1].objectValue?.member("k" + value))
                // Byte offsets of each node's first character on its line.
                let keyOffset = indent
                let listOffset = keyOffset + value.utf8.count + 4
                let firstOffset = listOffset + 1
                let objectOffset = firstOffset + value.utf8.count + 4
                let innerKeyOffset = objectOffset + 1
                let innerValueOffset = innerKeyOffset + value.utf8.count + 5
                let numberOffset = innerValueOffset + value.utf8.count + 5
                let cases: [(Documents.SourceLocation, Int)] = [
                    (member.keyLocation, keyOffset), (member.value.location, listOffset), (list[0].location, firstOffset),
                    (list[1].location, objectOffset), (inner.keyLocation, innerKeyOffset), (inner.value.location, innerValueOffset),
                    (list[2].location, numberOffset),
                ]
                for (location, offset) in cases {
                    #expect(location.line == 2)
                    #expect(location.column == Self.expectedColumn(line[...], byteOffset: offset), "\(value) indent \(indent) offset \(offset)")
                }
            }
        }
    }
}
