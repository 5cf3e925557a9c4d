import Documents
import Foundation
import Testing

@Suite struct BigSpecTests {
    static let specs = ["stripe-spec3.yaml", "openai-openapi.yaml", "discord-openapi.json", "slack-web_openapi_v2.json"]

    @Test(.enabled(if: testdataAvailable), arguments: specs)
    func bigSpecLoadsWithoutErrors(name: String) throws {
        let path = testdataRoot + "/specs/" + name
        guard FileSystem.exists(path) else {
            print("skipped: \(path) is absent")
            return
        }
        let bytes = try FileSystem.readBytes(path)
        let (parsed, elapsed) = timed { DocumentParser.parse(bytes, file: path) }
        print("loaded \(name) (\(bytes.count) bytes) in \(elapsed) [debug build, informative]")
        #expect(parsed.root?.objectValue != nil)
        #expect(parsed.errors.isEmpty, "\(parsed.errors.prefix(5))")
    }

    @Test(.enabled(if: testdataAvailable))
    func everyExampleLoadsWithoutErrors() throws {
        let root = testdataRoot + "/oas/examples"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            print("skipped: \(root) is absent")
            return
        }
        var count = 0
        for case let relative as String in enumerator {
            let lower = relative.lowercased()
            guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") else { continue }
            let path = root + "/" + relative
            let parsed = DocumentParser.parse(try FileSystem.readBytes(path), file: path)
            #expect(parsed.root != nil, "\(path)")
            #expect(parsed.errors.isEmpty, "\(path): \(parsed.errors)")
            count += 1
        }
        #expect(count > 0)
    }
}
