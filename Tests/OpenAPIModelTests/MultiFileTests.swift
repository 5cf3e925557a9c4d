import Documents
import OpenAPIModel
import Testing

/// Documents split across files: references resolve across them, and problems point into the right file.
@Suite struct MultiFileTests {
    static let files: [String: String] = [
        "api/main.yaml": """
        openapi: 3.1.0
        info: {title: split, version: "1"}
        paths:
          /items/{itemId}:
            $ref: "paths/items.yaml"
        components:
          securitySchemes:
            key: {$ref: "common.yaml#/key"}
        """,
        "api/paths/items.yaml": """
        parameters:
          - $ref: "../common.yaml#/ItemId"
        get:
          operationId: getItem
          parameters:
            - name: verbose
              in: query
              deprecated: "no"
              schema: {$ref: "../common.yaml#/Flag"}
          responses:
            "200": {$ref: "../common.yaml#/Ok"}
        """,
        "api/common.yaml": """
        ItemId: {name: itemId, in: path, required: true, schema: {type: string}}
        Flag: {type: boolean}
        Ok: {description: fine, content: {application/json: {schema: {$ref: "#/Flag"}}}}
        key: {type: apiKey, in: header, name: X-Key}
        """,
    ]

    static func load() -> LoadResult {
        let store = DocumentStore(readFile: { path in
            guard let text = files[path] else { throw FileSystem.ReadError(path: path, reason: "missing") }
            return Array(text.utf8)
        })
        return OpenAPIDocument.load(store.document(at: "api/main.yaml"), store: store)
    }

    @Test func referencedPathItemAndParametersResolveAcrossFiles() throws {
        let document = try #require(Self.load().document)
        let operation = try #require(document.operation(id: "getItem"))
        #expect(operation.path == "/items/{itemId}")
        #expect(operation.parameters.map(\.name) == ["itemId", "verbose"])
        #expect(operation.parameters.first?.source.file == "api/common.yaml")
        #expect(document.components.securitySchemes.first?.kind == .apiKey(name: "X-Key", location: .header))
    }

    @Test func schemasKeepTheFileTheyLiveIn() throws {
        let operation = try #require(Self.load().document?.operation(id: "getItem"))
        let schema = try #require(operation.response(for: 200)?.content.first?.schema)
        #expect(schema.file == "api/common.yaml")
        #expect(schema.pointer.description == "/Ok/content/application~1json/schema")
        #expect(schema.reference == "#/Flag")
        #expect(operation.parameters.last?.schema?.file == "api/paths/items.yaml")
    }

    @Test func problemInAReferencedFilePointsIntoThatFile() throws {
        let diagnostics = Self.load().diagnostics
        #expect(diagnostics.count == 1)
        let problem = try #require(diagnostics.first)
        #expect(problem.code == "model-type-mismatch")
        #expect(problem.location == SourceLocation(file: "api/paths/items.yaml", line: 8, column: 19))
        #expect(problem.pointer == "/get/parameters/0/deprecated")
    }
}

extension MultiFileTests {
    @Test func sourceDocumentsHoldEveryFileTheModelRead() throws {
        let document = try #require(Self.load().document)
        #expect(Set(document.sourceDocuments.keys) == ["api/main.yaml", "api/paths/items.yaml", "api/common.yaml"])
        #expect(document.sourceDocuments["api/common.yaml"]?["Flag"]?["type"] == .string("boolean"))
    }
}
