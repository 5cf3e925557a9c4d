import Documents
import OpenAPIModel
import Testing

/// A broken spec yields diagnostics at the right places, never an exception, and loading goes on.
@Suite struct TolerantLoadingTests {
    static let brokenSpec = """
    openapi: 3.0.3
    info: {title: broken, version: "1"}
    paths:
      /pets/{id}:
        get:
          operationId: getPet
          parameters:
            - name: id
              in: body
          responses:
            "200": {description: ok}
            "20X": {description: bad key}
      /pets:
        get:
          operationId: getPet
          parameters:
            - $ref: "#/components/parameters/Missing"
            - name: limit
              in: query
              required: "yes"
              schema: {type: integer}
          responses: "nope"
      /items/{itemId}:
        get:
          parameters:
            - {name: other, in: path, required: true, schema: {type: string}}
          responses: {"200": {description: ok}}
    components:
      securitySchemes:
        weird: {type: kerberos}
    """

    let loaded = loadFixture(brokenSpec, file: "broken.yaml")

    func diagnostic(_ code: String) -> Diagnostic? {
        loaded.diagnostics.first { $0.code == code }
    }

    @Test func loadingStillGivesADocument() {
        #expect(loaded.document != nil)
        #expect(loaded.document?.operations.count == 3)
    }

    @Test func unknownParameterLocationIsReportedAtTheInField() {
        #expect(diagnostic("parameter-location-invalid")?.location == SourceLocation(file: "broken.yaml", line: 9, column: 15))
        #expect(diagnostic("parameter-location-invalid")?.pointer == "/paths/~1pets~1{id}/get/parameters/0/in")
    }

    @Test func templateParameterWithoutDeclarationIsAnError() {
        let found = loaded.diagnostics.filter { $0.code == "path-parameter-undeclared" }
        #expect(found.count == 2)
        #expect(found.first?.location.line == 6)
    }

    @Test func declaredPathParameterMissingFromTheTemplateIsAnError() {
        #expect(diagnostic("path-parameter-not-in-template")?.location.line == 26)
    }

    @Test func invalidStatusCodeIsReported() {
        #expect(diagnostic("response-status-invalid")?.location == SourceLocation(file: "broken.yaml", line: 12, column: 16))
    }

    @Test func duplicateOperationIdIsAnError() {
        #expect(diagnostic("operation-id-duplicate")?.severity == .error)
        #expect(diagnostic("operation-id-duplicate")?.location == SourceLocation(file: "broken.yaml", line: 15, column: 20))
    }

    @Test func missingReferenceTargetIsReportedAtTheRef() {
        #expect(diagnostic("ref-missing-target")?.location.line == 17)
    }

    @Test func wrongTypesAreReportedWithTheirPosition() {
        let mismatches = loaded.diagnostics.filter { $0.code == "model-type-mismatch" }
        #expect(mismatches.map(\.location.line) == [20, 22])
        #expect(mismatches.first?.location.column == 21)
    }

    @Test func unknownSecuritySchemeTypeIsReported() {
        #expect(diagnostic("security-scheme-type-invalid")?.location.line == 30)
    }

    @Test func diagnosticsAreInLineOrder() {
        let lines = loaded.diagnostics.map(\.location.line)
        #expect(lines == lines.sorted())
    }

    @Test func missingVersionIsReportedAndLoadingGoesOn() {
        let result = loadFixture("info: {title: t, version: \"1\"}\npaths: {}\n")
        #expect(result.diagnostics.map(\.code) == ["openapi-version-missing"])
        #expect(result.document?.version == .openAPI31)
    }

    @Test func unsupportedVersionIsReported() {
        let result = loadFixture("openapi: 4.0.0\ninfo: {title: t, version: \"1\"}\npaths: {}\n")
        #expect(result.diagnostics.map(\.code) == ["openapi-version-unsupported"])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "fixture.yaml", line: 1, column: 10))
    }

    @Test func documentThatIsNotAnObjectGivesNoModel() {
        let result = loadFixture("[1, 2]", file: "list.json")
        #expect(result.document == nil)
        #expect(result.diagnostics.map(\.code) == ["model-type-mismatch"])
    }

    @Test func unreadableJSONGivesTheReaderDiagnostic() {
        let result = loadFixture("{\"openapi\": ", file: "cut.json")
        #expect(result.document == nil)
        #expect(result.hasErrors)
    }

    @Test func recursiveSchemasDoNotLoop() throws {
        let spec = """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /nodes:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Node"}}
        components:
          schemas:
            Node:
              type: object
              properties:
                children: {type: array, items: {$ref: "#/components/schemas/Node"}}
        """
        let result = loadFixture(spec)
        #expect(result.diagnostics.isEmpty)
        let schema = try #require(result.document?.operations.first?.response(for: 200)?.content.first?.schema)
        #expect(schema.reference == "#/components/schemas/Node")
        #expect(schema.pointer.description == "/paths/~1nodes/get/responses/200/content/application~1json/schema")
    }

    @Test func pathItemReferenceCycleIsReportedNotFollowedForever() {
        let spec = """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /a: {$ref: "#/paths/~1b"}
          /b: {$ref: "#/paths/~1a"}
        """
        let result = loadFixture(spec)
        #expect(result.diagnostics.contains { $0.code == "ref-cycle" })
        #expect(result.document?.operations.isEmpty == true)
    }
}
