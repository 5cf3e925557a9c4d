@testable import Documents
import Foundation
import Testing

/// The two-part reading on real files: every JSON file of the shared test data (the large specs, the OpenAPI
/// Initiative examples, the JSON-Schema-Test-Suite) and of `specs/`, split where the reader would split it (with the
/// size threshold lowered to nothing) and at candidates from four other places, gives exactly one reading's value,
/// diagnostics and locations; small files are also split at every `,`.
struct JSONSplitReaderRealFileTests {
    static func jsonFiles() -> [String] { testFiles(endingIn: [".json"]) }

    @Test(.enabled(if: testdataAvailable, "needs ../shared/testdata"))
    func everyRealJSONFileSplitsToOneReadingsResult() throws {
        var files = 0
        var splits = 0
        var joined = 0
        var filesJoinedAtTheMiddle = 0
        // JSON-Schema-Test-Suite files are arrays at the root: they are never split.
        var objectRootFiles = 0
        var differences: [String] = []
        for path in Self.jsonFiles() {
            let bytes = try FileSystem.readBytes(path)
            let options = JSONReaderOptions(file: path)
            let whole = SplitComparison.readWhole(bytes, options)
            files += 1
            if case .success(let read) = whole, read.value.objectValue != nil { objectRootFiles += 1 }
            // What `JSONReader.read` does once the size threshold is passed.
            if let parts = JSONReader.readInTwoParts(bytes, options: options, minimumSize: 0),
               let difference = SplitComparison.difference(parts, whole) {
                differences.append("\(path) (middle): \(difference)")
            }
            var commas = Set<Int>()
            bytes.withUnsafeBufferPointer { buffer in
                for percent in [10, 30, JSONSplitReader.searchStartPercent, 70, 90] {
                    if let comma = JSONSplitReader.splitCandidate(in: buffer, from: buffer.count * percent / 100) { commas.insert(comma) }
                }
            }
            if bytes.count <= 2_048 {
                for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: ",") { commas.insert(offset) }
            }
            let middle = bytes.withUnsafeBufferPointer {
                JSONSplitReader.splitCandidate(in: $0, from: $0.count * JSONSplitReader.searchStartPercent / 100)
            }
            for comma in commas.sorted() {
                let (parts, course) = SplitComparison.readSplit(bytes, at: comma, options)
                splits += 1
                if course == .joined {
                    joined += 1
                    if comma == middle { filesJoinedAtTheMiddle += 1 }
                }
                if let difference = SplitComparison.difference(parts, whole) {
                    differences.append("\(path) at \(comma) (\(course)): \(difference)")
                }
            }
        }
        print("JSON split on real files: \(files) files, \(objectRootFiles) with an object root, \(filesJoinedAtTheMiddle) joined at the reader's own split point; \(joined) of \(splits) splits joined")
        #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.prefix(3))")
        #expect(files > 200)
        #expect(filesJoinedAtTheMiddle > objectRootFiles * 3 / 4)
    }

    @Test(.enabled(if: testdataAvailable, "needs ../shared/testdata"), arguments: ["slack-web_openapi_v2.json", "discord-openapi.json"])
    func aLargeSpecIsJoinedAtTheReadersSplitPoint(name: String) throws {
        let path = testdataRoot + "/specs/" + name
        let bytes = try FileSystem.readBytes(path)
        let options = JSONReaderOptions(file: path)
        let comma = try #require(bytes.withUnsafeBufferPointer {
            JSONSplitReader.splitCandidate(in: $0, from: $0.count * JSONSplitReader.searchStartPercent / 100)
        })
        let (parts, course) = SplitComparison.readSplit(bytes, at: comma, options)
        #expect(course == .joined)
        #expect(SplitComparison.difference(parts, SplitComparison.readWhole(bytes, options)) == nil)
    }
}
