@testable import Documents
import Foundation
import Testing

/// A large YAML text read in two parts (`YAMLSplitReader`) gives exactly the tree and positions of one reading,
/// and texts it cannot split safely are read in one go with the same result.
struct YAMLSplitReaderTests {
    /// A spec-shaped text of about 400 KB: quoted and plain keys, nested mappings, sequences, block scalars.
    static func spec(operations: Int = 1_200, extra: String = "") -> String {
        var text = "openapi: 3.1.0\ninfo:\n  title: Big\n  version: '1'\npaths:\n"
        for index in 0..<operations {
            text += "  '/items/\(index)/{id}':\n    get:\n      summary: Item \(index)\n      description: |\n"
            text += "        Returns item \(index).\n        Example: value\n      parameters:\n      - name: id\n"
            text += "        in: path\n        required: true\n      responses:\n        '200':\n"
            text += "          description: ok # fine\n          content:\n            application/json:\n"
            text += "              schema:\n                type: object\n                properties:\n"
            text += "                  n: {type: integer, minimum: \(index)}\n"
        }
        text += extra
        text += "components:\n  schemas:\n    Item:\n      type: string\n"
        return text
    }

    static func plainRead(_ text: String) -> YAMLReadResult {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var run = YAMLReaderRun(buffer: buffer, options: YAMLReaderOptions(file: "big.yaml"))
            return run.read()
        }
    }

    static func splitRead(_ text: String) -> YAMLReadResult? {
        Array(text.utf8).withUnsafeBufferPointer { YAMLSplitReader.read($0, options: YAMLReaderOptions(file: "big.yaml")) }
    }

    @Test func splitReadingGivesTheSameTreeAndPositions() throws {
        let text = Self.spec()
        let split = try #require(Self.splitRead(text))
        let plain = Self.plainRead(text)
        #expect(split.diagnostics.isEmpty && plain.diagnostics.isEmpty)
        let splitRoot = try #require(split.root)
        let plainRoot = try #require(plain.root)
        #expect(splitRoot == plainRoot)
        #expect(nodeLocations(splitRoot) == nodeLocations(plainRoot))
    }

    @Test func theSplitLineIsNotItsParentsFirstKey() throws {
        let text = Self.spec()
        let point = try #require(Array(text.utf8).withUnsafeBufferPointer { YAMLSplitReader.splitPoint(in: $0) })
        #expect(point.ancestorKeys.first == "paths")
        #expect(point.offset > text.utf8.count / 3)
    }

    @Test func anchorsAreLeftToOneReading() {
        let text = Self.spec(extra: "x-shared: &shared {a: 1}\nx-use: *shared\n")
        #expect(Self.splitRead(text) == nil)
        #expect(YAMLReader.read(text, options: YAMLReaderOptions(file: "big.yaml")).diagnostics.isEmpty)
    }

    @Test func aKeyRepeatedAcrossThePartsIsLeftToOneReading() {
        // `openapi` again at the end: one reading reports the duplicate, so the split reading must not hide it.
        let text = Self.spec(extra: "openapi: 3.0.0\n")
        #expect(Self.splitRead(text) == nil)
        let read = YAMLReader.read(text, options: YAMLReaderOptions(file: "big.yaml"))
        #expect(read.diagnostics.map(\.code) == Self.plainRead(text).diagnostics.map(\.code))
        #expect(!read.diagnostics.isEmpty)
    }

    @Test func aSyntaxErrorIsReportedAsOneReadingReportsIt() {
        var text = Self.spec()
        // An unterminated quoted string in the middle of the text.
        let middle = text.index(text.startIndex, offsetBy: text.count / 2)
        let lineStart = text[..<middle].lastIndex(of: "\n").map { text.index(after: $0) } ?? middle
        text.insert(contentsOf: "      x-note: \"open\n", at: lineStart)
        let read = YAMLReader.read(text, options: YAMLReaderOptions(file: "big.yaml"))
        let plain = Self.plainRead(text)
        #expect(read.diagnostics.map(\.description) == plain.diagnostics.map(\.description))
        #expect(read.root == plain.root)
    }

    /// Found by the yaml-loader fuzz target: a first-column key after a flow mapping at the root is an error in one
    /// reading, but two parts read as two mappings; a first-column key after an indented first line likewise.
    @Test(arguments: ["{/:.infahaCrc}\nrtued: nu], f:", "  a: 1\n  c: 3\nb: 2\n", "[1, 2]\nb: 2\nc: 3\n"])
    func aFirstColumnKeyIsSplitOnlyAfterABlockMappingOfKeys(text: String) {
        let bytes = Array(text.utf8)
        #expect(YAMLReader.readInTwoParts(bytes, minimumSize: 0) == nil)
        #expect(!YAMLReader.readInOnePart(bytes).diagnostics.isEmpty)
    }

    @Test func aFirstColumnKeyAfterABlockMappingIsSplit() throws {
        let bytes = Array("a: 1\nb:\n  c: 2\nd: 3\ne: 4\n".utf8)
        let parts = try #require(YAMLReader.readInTwoParts(bytes, minimumSize: 0))
        let whole = YAMLReader.readInOnePart(bytes)
        #expect(parts.root == whole.root && whole.diagnostics.isEmpty)
    }

    @Test func carriageReturnsAreLeftToOneReading() {
        let text = Self.spec().replacingOccurrences(of: "\n", with: "\r\n")
        #expect(Self.splitRead(text) == nil)
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// The split reading on real files: every YAML file of the shared test data (OpenAPI Initiative examples, the large
/// specs) and of `specs/`, split where the reader would split it with the size threshold lowered to nothing, gives
/// exactly one reading's tree and positions, or declines.
struct YAMLSplitReaderRealFileTests {
    static func yamlFiles() -> [String] { testFiles(endingIn: [".yaml", ".yml"]) }

    @Test(.enabled(if: testdataAvailable)) func everyRealYAMLFileSplitsToTheSameTreeOrIsReadOnce() throws {
        var split = 0
        var files = 0
        for path in Self.yamlFiles() {
            let bytes = try FileSystem.readBytes(path)
            files += 1
            let options = YAMLReaderOptions(file: path)
            let parts = bytes.withUnsafeBufferPointer { YAMLSplitReader.read($0, options: options, minimumSize: 0) }
            guard let parts else { continue }
            split += 1
            let plain = bytes.withUnsafeBufferPointer { buffer -> YAMLReadResult in
                var run = YAMLReaderRun(buffer: buffer, options: options)
                return run.read()
            }
            #expect(plain.diagnostics.isEmpty, "\(path): split, though one reading reports \(plain.diagnostics.prefix(2))")
            guard let partsRoot = parts.root, let plainRoot = plain.root else {
                Issue.record("\(path): no root")
                continue
            }
            #expect(partsRoot == plainRoot, "\(path): trees differ")
            #expect(nodeLocations(partsRoot) == nodeLocations(plainRoot), "\(path): positions differ")
        }
        print("YAML split check: \(split) of \(files) real files split, each equal to one reading")
        #expect(files > 50)
        #expect(split > 10)
    }
}
