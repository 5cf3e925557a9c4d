@testable import Documents
import Testing

/// Comparing a two-part reading with one reading: the same value or error, the same diagnostics, and every node and
/// key at the same file, line and column (JSON equality ignores locations).
enum SplitComparison {
    /// Nil when both readings agree in every way; otherwise what differs.
    static func difference(_ parts: Result<JSONReadResult, JSONReadError>, _ whole: Result<JSONReadResult, JSONReadError>) -> String? {
        switch (parts, whole) {
        case (.failure(let a), .failure(let b)):
            return a == b ? nil : "errors differ: \(a) / \(b)"
        case (.success(let a), .success(let b)):
            if a.value != b.value { return "values differ" }
            if a.diagnostics != b.diagnostics { return "diagnostics differ: \(a.diagnostics) / \(b.diagnostics)" }
            let (left, right) = (nodeLocations(a.value), nodeLocations(b.value))
            if left != right {
                let first = zip(left, right).first(where: { $0 != $1 }).map { "\($0.0) / \($0.1)" } ?? "counts \(left.count) / \(right.count)"
                return "locations differ: \(first)"
            }
            return nil
        case (.success, .failure(let error)):
            return "two parts read what one reading rejects (\(error))"
        case (.failure(let error), .success):
            return "two parts reject (\(error)) what one reading reads"
        }
    }

    static func readWhole(_ bytes: [UInt8], _ options: JSONReaderOptions) -> Result<JSONReadResult, JSONReadError> {
        Result { () throws(JSONReadError) -> JSONReadResult in try JSONReader.readInOnePart(bytes, options: options) }
    }

    static func readSplit(_ bytes: [UInt8], at comma: Int, _ options: JSONReaderOptions) -> (Result<JSONReadResult, JSONReadError>, JSONSplitReader.Course) {
        bytes.withUnsafeBufferPointer { JSONSplitReader.read($0, options: options, splittingAt: comma) }
    }

    /// Splits `text` at every `,` in turn; returns the differences found and how many splits were joined.
    static func splitEverywhere(_ text: String, options: JSONReaderOptions = JSONReaderOptions(file: "split.json")) -> (differences: [String], joined: Int) {
        let bytes = Array(text.utf8)
        let whole = readWhole(bytes, options)
        var differences: [String] = []
        var joined = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: ",") {
            let (parts, course) = readSplit(bytes, at: offset, options)
            if course == .joined { joined += 1 }
            if let difference = difference(parts, whole) { differences.append("at \(offset) (\(course)): \(difference)") }
        }
        return (differences, joined)
    }
}

/// The two-part reading (`JSONSplitReader`) gives exactly one reading's value, diagnostics, errors and locations,
/// wherever the text is split.
struct JSONSplitReaderTests {
    static let tricky = """
    {
      "openapi": "3.1.0",
      "info": {"title": "a{b}c,d", "x-q": "say \\"hi\\", \\"there\\"", "x-b": "back\\\\", "x-c": "\\\\\\"", "version": "1"},
      "paths": {
        "/a,\\"b\\"": {"get": {"summary": "caf\\u00e9 \\ud83d\\ude00 é 😀", "tags": ["x", "y,\\"z"], "x-n": [1, 2.5e3, -0, {"k": null}]}},
        "/b": {"post": {"description": "{ \\"not\\": [\\"json\\", ] }", "deprecated": true}},
        "/c": {"x-empty": {}, "x-list": [], "x-nested": {"a": {"b": {"c": [{"d": "e,f"}, "g"]}}}}
      },
      "components": {"schemas": {"A": {"type": "object"}, "B,C": {"type": "string", "pattern": "^[,\\"]$"}}}
    }

    """

    @Test func stringsWithBracesCommasQuotesEscapesAndUnicodeSplitAnywhereLikeOneReading() {
        let result = SplitComparison.splitEverywhere(Self.tricky)
        #expect(result.differences.isEmpty, "\(result.differences.prefix(3))")
        #expect(result.joined > 10)
    }

    @Test func notWaitingForALateSecondPartStillGivesOneReadingsResult() {
        let bytes = Array(Self.tricky.utf8)
        let options = JSONReaderOptions(file: "split.json")
        let whole = SplitComparison.readWhole(bytes, options)
        var courses: [JSONSplitReader.Course: Int] = [:]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: ",") {
            let (parts, course) = bytes.withUnsafeBufferPointer {
                JSONSplitReader.read($0, options: options, splittingAt: offset, waitsForSecondPart: false)
            }
            courses[course, default: 0] += 1
            #expect(SplitComparison.difference(parts, whole) == nil, "at \(offset) (\(course))")
        }
        print("JSON split without waiting, courses: \(courses)")
    }

    @Test func aMinifiedOneLineTextKeepsItsColumns() throws {
        let minified = JSONWriter.compact(try JSONReader.read(Self.tricky).value)
        let result = SplitComparison.splitEverywhere(minified)
        #expect(result.differences.isEmpty, "\(result.differences.prefix(3))")
        #expect(result.joined > 10)
    }

    @Test func carriageReturnLineFeedLineEndsKeepTheirLines() {
        let text = Self.tricky.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        let result = SplitComparison.splitEverywhere(text)
        #expect(result.differences.isEmpty, "\(result.differences.prefix(3))")
        #expect(result.joined > 10)
    }

    @Test func loneCarriageReturnLineEndsKeepTheirLines() {
        let text = Self.tricky.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r")
        let result = SplitComparison.splitEverywhere(text)
        #expect(result.differences.isEmpty, "\(result.differences.prefix(3))")
        #expect(result.joined > 10)
    }

    @Test func aDuplicateKeyWhoseTwinIsAcrossTheSplitIsReportedAsOneReadingReportsIt() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"x\": 1, \"y\": 2, \"x\": 3},\n  \"c\": [1, 2],\n  \"a\": 4,\n  \"d\": {\"e\": 5}\n}\n"
        let whole = try JSONReader.readInOnePart(Array(text.utf8))
        #expect(whole.diagnostics.map(\.code) == ["json-duplicate-key", "json-duplicate-key"])
        let result = SplitComparison.splitEverywhere(text)
        #expect(result.differences.isEmpty, "\(result.differences.prefix(3))")
    }

    @Test func aDuplicateOfTheKeyBeingReadAtTheSplitIsReportedAsOneReadingReportsIt() {
        // `p` is open across the split at every `,` inside it; its twin comes before.
        let text = "{\"p\": 0, \"p\": {\"a\": 1, \"b\": 2, \"c\": 3}, \"q\": 4}"
        let result = SplitComparison.splitEverywhere(text)
        #expect(result.differences.isEmpty, "\(result.differences.prefix(3))")
    }

    @Test func theDepthLimitFailsAsInOneReading() {
        let deep = "{\"a\": 1, \"b\": " + String(repeating: "{\"c\": 1, \"d\": ", count: 10) + "0" + String(repeating: "}", count: 10) + ", \"e\": 2}"
        for limit in [1, 2, 5, 10, 11, 12, 64] {
            let result = SplitComparison.splitEverywhere(deep, options: JSONReaderOptions(maximumDepth: limit, file: "deep.json"))
            #expect(result.differences.isEmpty, "limit \(limit): \(result.differences.prefix(3))")
        }
    }

    @Test func trailingContentFailsAsInOneReading() {
        for tail in [" x", " {}", ", \"z\": 1}", "}", "\n\"a\""] {
            let result = SplitComparison.splitEverywhere(Self.tricky + tail)
            #expect(result.differences.isEmpty, "\(tail): \(result.differences.prefix(3))")
            #expect(result.joined == 0)
        }
    }

    @Test func everyTruncationFailsAsInOneReading() {
        let text = Array("{\"a\": {\"b\": [1, {\"c\": \"d,e\"}], \"f\": \"g\\\"h\"}, \"i\": {\"j\": 2, \"k\": 3}}".utf8)
        for length in 0..<text.count {
            let result = SplitComparison.splitEverywhere(String(decoding: text[..<length], as: UTF8.self))
            #expect(result.differences.isEmpty, "length \(length): \(result.differences.prefix(3))")
        }
    }

    @Test func aByteOrderMarkIsLeftToOneReading() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array(Self.tricky.utf8)
        #expect(JSONReader.readInTwoParts(bytes, minimumSize: 0) == nil)
        let read = try JSONReader.read(bytes)
        #expect(read.diagnostics.map(\.code) == ["json-byte-order-mark"])
        // Forced, the split still gives one reading's result (the line starts differ, so the first part goes on).
        var text = Self.tricky
        text.insert("\u{FEFF}", at: text.startIndex)
        let result = SplitComparison.splitEverywhere(text)
        #expect(result.differences.isEmpty, "\(result.differences.prefix(3))")
    }

    @Test func aSmallTextIsNotSplitByDefault() {
        #expect(JSONReader.readInTwoParts(Array(Self.tricky.utf8), minimumSize: JSONSplitReader.minimumSize) == nil)
    }

    @Test func bodiesReadWithoutLocationsAreNotSplit() {
        let options = JSONReaderOptions(recordsLocations: false)
        #expect(JSONReader.readInTwoParts(Array(Self.tricky.utf8), options: options, minimumSize: 0) == nil)
    }

    @Test func aRootThatIsNotAnObjectIsReadWhole() {
        let text = "[{\"a\": 1, \"b\": 2}, {\"c\": 3, \"d\": 4}]"
        let result = SplitComparison.splitEverywhere(text)
        #expect(result.differences.isEmpty, "\(result.differences.prefix(3))")
        #expect(result.joined == 0)
        #expect(JSONReader.readInTwoParts(Array(text.utf8), minimumSize: 0) == nil)
    }

    @Test func aLargeSpecIsJoinedFromTwoPartsWithOneReadingsLocations() throws {
        var text = "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {\n"
        for index in 0..<17_000 {
            text += "    \"/items/\(index)\": {\n      \"get\": {\"summary\": \"Item \(index), \\\"quoted\\\" {x}\", \"responses\": {\"200\": {\"description\": \"ok\"}}}\n    },\n"
        }
        text += "    \"/last\": {}\n  },\n  \"components\": {\"schemas\": {\"A\": {\"type\": \"string\"}}}\n}\n"
        let bytes = Array(text.utf8)
        #expect(bytes.count >= JSONSplitReader.minimumSize)
        let options = JSONReaderOptions(file: "large.json")
        let candidate = try #require(bytes.withUnsafeBufferPointer {
            JSONSplitReader.splitCandidate(in: $0, from: $0.count * JSONSplitReader.searchStartPercent / 100)
        })
        let (parts, course) = SplitComparison.readSplit(bytes, at: candidate, options)
        #expect(course == .joined)
        #expect(SplitComparison.difference(parts, SplitComparison.readWhole(bytes, options)) == nil)
        let viaReader = Result { () throws(JSONReadError) -> JSONReadResult in try JSONReader.read(bytes, options: options) }
        #expect(SplitComparison.difference(viaReader, SplitComparison.readWhole(bytes, options)) == nil)
    }
}

/// The helpers of the split: line counting and the depth guesses.
struct JSONSplitReaderHelperTests {
    @Test func lineBreaksAreCountedEightBytesAtATimeExactly() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<80 {
            let bytes = (0..<length).map { _ in [0x0A, 0x0D, 0x20, 0x8A, 0x0B, 0xFF, 0x00][Int.random(in: 0..<7, using: &generator)] as UInt8 }
            let counted = bytes.withUnsafeBytes { JSONSplitReader.countLineBreaks($0) }
            #expect(counted.newlines == bytes.filter { $0 == 0x0A }.count)
            #expect(counted.carriageReturns == bytes.filter { $0 == 0x0D }.count)
        }
    }

    @Test func theDepthIsGuessedFromIndentationInAPrettyPrintedText() throws {
        let bytes = Array("{\n  \"a\": {\n    \"b\": 1,\n    \"c\": 2\n  },\n  \"d\": 3\n}\n".utf8)
        let firstComma = try #require(bytes.firstIndex(of: UInt8(ascii: ",")))
        let lastComma = try #require(bytes.lastIndex(of: UInt8(ascii: ",")))
        bytes.withUnsafeBufferPointer { buffer in
            #expect(JSONSplitReader.indentationDepth(after: firstComma, in: buffer) == 2)
            #expect(JSONSplitReader.indentationDepth(after: lastComma, in: buffer) == 1)
            #expect(JSONSplitReader.enclosingObjects(after: firstComma, in: buffer) == 2)
            #expect(JSONSplitReader.enclosingObjects(after: lastComma, in: buffer) == 1)
        }
    }

    @Test func aCommaWithNoLineBreakAfterItHasItsDepthFromTheClosersAfterIt() throws {
        let bytes = Array("{\"a\": {\"b\": \"}\\\"}\", \"c\": [1, {\"d\": 2}]}, \"e\": 3}".utf8)
        let comma = try #require(bytes.firstIndex(of: UInt8(ascii: ",")))
        bytes.withUnsafeBufferPointer { buffer in
            #expect(JSONSplitReader.indentationDepth(after: comma, in: buffer) == nil)
            #expect(JSONSplitReader.enclosingObjects(after: comma, in: buffer) == 2)
        }
    }

    @Test func aCommaInAnArrayHasNoDepthOfObjects() throws {
        let bytes = Array("{\"a\": [1, 2]}".utf8)
        let comma = try #require(bytes.firstIndex(of: UInt8(ascii: ",")))
        #expect(bytes.withUnsafeBufferPointer { JSONSplitReader.enclosingObjects(after: comma, in: $0) } == nil)
    }
}
