import Documents
import OpenAPIModel
import Testing

/// The four large real specs load with no error diagnostics and the expected operation counts.
@Suite(.enabled(if: testdataAvailable, "../shared/testdata is absent"))
struct BigSpecsTests {
    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var version: OpenAPIVersion
        var operations: Int
        var paths: Int
        var description: String { file }
    }

    static let specs: [Expected] = [
        Expected(file: "stripe-spec3.yaml", version: .openAPI30, operations: 468, paths: 318),
        Expected(file: "openai-openapi.yaml", version: .openAPI31, operations: 288, paths: 182),
        Expected(file: "slack-web_openapi_v2.json", version: .swagger2, operations: 174, paths: 174),
        Expected(file: "discord-openapi.json", version: .openAPI31, operations: 242, paths: 150),
    ]

    @Test(arguments: specs)
    func bigSpecLoadsWithoutErrors(expected: Expected) throws {
        let result = OpenAPIDocument.load(path: testdataRoot + "/specs/" + expected.file)
        #expect(result.errors.isEmpty, "\(describe(Array(result.errors.prefix(10))))")
        let document = try #require(result.document)
        #expect(document.version == expected.version)
        #expect(document.operations.count == expected.operations)
        #expect(document.paths.count == expected.paths)
    }

    @Test func everyStripeOperationRoutesToItself() throws {
        let document = try #require(OpenAPIDocument.load(path: testdataRoot + "/specs/stripe-spec3.yaml").document)
        for (index, operation) in document.operations.enumerated() {
            let target = operation.path.replacingAll("{", with: "x").replacingAll("}", with: "")
            let match = document.router.route(method: operation.method.name, target: target).match
            #expect(match?.operationIndex == index, "\(operation.method) \(operation.path)")
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
