import Documents
import OpenAPIModel
import Testing

/// Every official example spec loads without errors, and the model's counts match the files.
@Suite(.enabled(if: testdataAvailable, "../shared/testdata is absent"))
struct ExampleSpecsTests {
    static let examplesRoot = testdataRoot + "/oas/examples"

    /// Every `.json`/`.yaml` file under examples/ that is a whole document (fragments like Pet.yaml are skipped).
    static func exampleDocuments() -> [String] {
        guard testdataAvailable else { return [] }
        var found: [String] = []
        collect(examplesRoot, into: &found)
        return found.sorted().filter { path in
            guard let bytes = try? FileSystem.readBytes(path) else { return false }
            let root = DocumentParser.parse(bytes, file: path).root
            return root?["openapi"] != nil || root?["swagger"] != nil
        }
    }

    private static func collect(_ folder: String, into found: inout [String]) {
        for entry in listFolder(folder) {
            let path = folder + "/" + entry
            if entry.hasSuffix(".json") || entry.hasSuffix(".yaml") { found.append(path) } else if isFolder(path) { collect(path, into: &found) }
        }
    }

    @Test func everyExampleDocumentIsFound() {
        #expect(Self.exampleDocuments().count >= 30)
    }

    @Test(arguments: exampleDocuments())
    func exampleLoadsWithoutErrors(path: String) {
        let result = OpenAPIDocument.load(path: path)
        #expect(result.document != nil)
        #expect(result.errors.isEmpty, "\(describe(result.errors))")
    }

    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var operations: Int
        var paths: Int
        var schemas: Int
        var securitySchemes: Int
        var servers: Int
        var description: String { file }
    }

    static let expectations: [Expected] = [
        Expected(file: "v3.0/petstore.yaml", operations: 3, paths: 2, schemas: 3, securitySchemes: 0, servers: 1),
        Expected(file: "v3.0/petstore.json", operations: 3, paths: 2, schemas: 3, securitySchemes: 0, servers: 1),
        Expected(file: "v3.0/petstore-expanded.yaml", operations: 4, paths: 2, schemas: 3, securitySchemes: 0, servers: 1),
        Expected(file: "v3.0/uspto.yaml", operations: 3, paths: 3, schemas: 1, securitySchemes: 0, servers: 1),
        Expected(file: "v3.0/link-example.yaml", operations: 6, paths: 6, schemas: 3, securitySchemes: 0, servers: 1),
        Expected(file: "v3.1/tictactoe.yaml", operations: 3, paths: 2, schemas: 6, securitySchemes: 5, servers: 1),
        Expected(file: "v3.1/webhook-example.yaml", operations: 0, paths: 0, schemas: 1, securitySchemes: 0, servers: 1),
        Expected(file: "v3.2/3.2-tags-example.yaml", operations: 4, paths: 4, schemas: 0, securitySchemes: 0, servers: 1),
        Expected(file: "v2.0/yaml/uber.yaml", operations: 5, paths: 5, schemas: 7, securitySchemes: 1, servers: 1),
        Expected(file: "v2.0/json/petstore.json", operations: 3, paths: 2, schemas: 3, securitySchemes: 0, servers: 1),
        Expected(file: "v2.0/yaml/petstore-separate/spec/swagger.yaml", operations: 4, paths: 2, schemas: 0, securitySchemes: 0, servers: 1),
    ]

    @Test(arguments: expectations)
    func modelCountsMatchTheFile(expected: Expected) throws {
        let result = OpenAPIDocument.load(path: Self.examplesRoot + "/" + expected.file)
        let document = try #require(result.document, "\(describe(result.diagnostics))")
        #expect(document.operations.count == expected.operations)
        #expect(document.paths.count == expected.paths)
        #expect(document.components.schemas.count == expected.schemas)
        #expect(document.components.securitySchemes.count == expected.securitySchemes)
        #expect(document.servers.count == expected.servers)
    }

    @Test func webhookExampleHasOneWebhookWithAPostOperation() throws {
        let document = try #require(OpenAPIDocument.load(path: Self.examplesRoot + "/v3.1/webhook-example.yaml").document)
        #expect(document.webhooks.map(\.path) == ["newPet"])
        #expect(document.webhooks.first?.operations.map(\.method) == [.post])
    }

    @Test func callbackExampleKeepsItsCallbackPathItem() throws {
        let document = try #require(OpenAPIDocument.load(path: Self.examplesRoot + "/v3.0/callback-example.yaml").document)
        let callbacks = try #require(document.operations.first?.callbacks)
        #expect(callbacks.count == 1)
        #expect(callbacks.first?.expressions.first?.operations.isEmpty == false)
    }

    @Test func linkExampleResponsesCarryLinks() throws {
        let document = try #require(OpenAPIDocument.load(path: Self.examplesRoot + "/v3.0/link-example.yaml").document)
        let links = document.operations.flatMap(\.responses).flatMap(\.links)
        #expect(!links.isEmpty)
        #expect(links.contains { $0.operationId != nil })
    }

    @Test func usptoServerVariablesGiveTheBasePath() throws {
        let document = try #require(OpenAPIDocument.load(path: Self.examplesRoot + "/v3.0/uspto.yaml").document)
        let server = try #require(document.servers.first)
        #expect(!server.variables.isEmpty)
        #expect(server.basePaths == ["/ds-api"])
    }

    @Test func separatePetstoreResolvesParametersAcrossFiles() throws {
        let result = OpenAPIDocument.load(path: Self.examplesRoot + "/v2.0/yaml/petstore-separate/spec/swagger.yaml")
        let document = try #require(result.document)
        let findPets = try #require(document.operation(id: "findPets"))
        #expect(findPets.parameters.map(\.name).sorted() == ["limit", "tags"])
    }
}
