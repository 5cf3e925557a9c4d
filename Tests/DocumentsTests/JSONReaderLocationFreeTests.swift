import Documents
import Testing

/// The location-free read (`recordsLocations: false`, used for request and response bodies) must give the
/// same values, diagnostics and errors as the full read; only value and key locations differ.
@Suite struct JSONReaderLocationFreeTests {
    enum Outcome: Equatable {
        case value(JSONValue, [String])
        case error(JSONReadError)
    }

    func outcome(_ bytes: [UInt8], recordsLocations: Bool, maximumDepth: Int = 512) -> Outcome {
        do {
            let result = try JSONReader.read(bytes, options: JSONReaderOptions(maximumDepth: maximumDepth, file: "b.json",
                                                                               recordsLocations: recordsLocations))
            // Diagnostics compared in full: code, message, position and pointer.
            return .value(result.value, result.diagnostics.map { "\($0.code)|\($0.message)|\($0.location)|\($0.pointer ?? "")" })
        } catch {
            return .error(error)
        }
    }

    func expectSameOutcome(_ bytes: [UInt8], maximumDepth: Int = 512, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let full = outcome(bytes, recordsLocations: true, maximumDepth: maximumDepth)
        let fast = outcome(bytes, recordsLocations: false, maximumDepth: maximumDepth)
        #expect(full == fast, sourceLocation: sourceLocation)
    }

    static let validDocuments: [String] = [
        #"{"name":"Rex","tags":["a","b"],"owner":{"email":"ada@example.com","age":36},"ok":true,"none":null}"#,
        "[1, -0, 0.5, 1e3, -2.5E-7, 123456789012345678901234567890, 9223372036854775808, 1.000000000000000000001]",
        "\n  {\n\t\"a\" : [ {}, [], \"\" ],\r\n \"b\": \"\\u00e9\\ud83d\\ude00\\n\\\"\" }  \n",
        "\u{FEFF}{\"bom\": 1}",
        "\"snow ☃ and 😀\"",
        "true",
    ]

    @Test(arguments: validDocuments)
    func validDocumentsReadTheSame(text: String) {
        expectSameOutcome(Array(text.utf8))
    }

    @Test func locationFreeValuesCarryNoPositions() throws {
        let result = try JSONReader.read(Array(#"{"a":[1,"x"]}"#.utf8), options: JSONReaderOptions(recordsLocations: false))
        #expect(result.value.location == .unknown)
        #expect(result.value.objectValue?.member("a")?.keyLocation == .unknown)
        #expect(result.value["a"]?.arrayValue?.map(\.location) == [.unknown, .unknown])
    }

    static let duplicateKeyDocuments: [String] = [
        #"{"a":1,"a":2}"#,
        "{\n  \"x\": {\"k\": [1, {\"k\": 1, \"k\": 2}], \"k\": 3},\n  \"x\": 4\n}",
        #"[{"a":1},{"b":1,"c":2,"b":3,"c":4}]"#,
    ]

    @Test(arguments: duplicateKeyDocuments)
    func duplicateKeysGiveTheSameDiagnosticsWithPositions(text: String) {
        expectSameOutcome(Array(text.utf8))
        if case .value(_, let diagnostics) = outcome(Array(text.utf8), recordsLocations: false) {
            #expect(!diagnostics.isEmpty)
            #expect(diagnostics.allSatisfy { !$0.contains(":0:0") })
        }
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        let result = try JSONReader.read(Array(#"{"a":1,"b":2,"a":3}"#.utf8), options: JSONReaderOptions(recordsLocations: false))
        #expect(result.value.objectValue?.keys == ["a", "b"])
        #expect(result.value["a"]?.intValue == 3)
    }

    static let invalidDocuments: [[UInt8]] = [
        Array(#"{"a":1,}"#.utf8),
        Array("[1,\n 2,\n 03]".utf8),
        Array("{\"a\": \"unterminated".utf8),
        Array("{\"a\": tru}".utf8),
        Array("[1] x".utf8),
        Array("\"bad \\q escape\"".utf8),
        Array("\"lone \\ud800 surrogate\"".utf8),
        [0x22, 0x61, 0xFF, 0x62, 0x22],
        [0x7B, 0x22, 0x6B, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D],
        Array("{\"a\":1,\"a\":2, oops}".utf8),
        [],
    ]

    @Test(arguments: invalidDocuments)
    func invalidDocumentsFailTheSameWay(bytes: [UInt8]) {
        expectSameOutcome(bytes)
        if case .value = outcome(bytes, recordsLocations: false) { Issue.record("expected an error") }
    }

    @Test func deepNestingFailsTheSameWay() {
        let deep = Array((String(repeating: "[", count: 40) + String(repeating: "]", count: 40)).utf8)
        expectSameOutcome(deep, maximumDepth: 32)
        expectSameOutcome(deep, maximumDepth: 64)
        let deepObjects = Array((String(repeating: "{\"a\":", count: 30) + "1" + String(repeating: "}", count: 30)).utf8)
        expectSameOutcome(deepObjects, maximumDepth: 29)
        expectSameOutcome(deepObjects, maximumDepth: 30)
    }

    @Test func bigNumbersKeepExactTextWithoutLocations() throws {
        let text = "[123456789012345678901234567890, -0.000000000000000000001, 1E+400, 9007199254740993]"
        let result = try JSONReader.read(Array(text.utf8), options: JSONReaderOptions(recordsLocations: false))
        #expect(result.value.arrayValue?.map { $0.numberValue?.text } == ["123456789012345678901234567890", "-0.000000000000000000001", "1E+400", "9007199254740993"])
        #expect(result.value.arrayValue?[3].numberValue?.int64 == 9_007_199_254_740_993)
    }

    @Test func manyMembersReadTheSame() {
        let members = (0..<40).map { "\"key\($0)\": [\($0), \"v\($0)\"]" }.joined(separator: ", ")
        expectSameOutcome(Array("{\(members), \"key7\": 0}".utf8))
    }
}
