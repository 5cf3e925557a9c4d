import OpenAPIModel
import Testing

/// OpenAPI 3.1: `summary` and `description` beside a `$ref` override the referenced object's.
@Suite struct ReferenceOverrideTests {
    static func spec(_ version: String) -> String {
        """
        openapi: \(version)
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              parameters:
                - {$ref: "#/components/parameters/Limit", description: Local words}
              responses:
                "200": {$ref: "#/components/responses/Ok", description: Local ok}
                default: {$ref: "#/components/responses/Ok"}
        components:
          parameters:
            Limit: {name: limit, in: query, description: Shared words, schema: {type: integer}}
          responses:
            Ok: {description: Shared ok}
        """
    }

    @Test func descriptionBesideARefWinsIn31() throws {
        let operation = try #require(document(Self.spec("3.1.0"))?.operations.first)
        #expect(operation.parameters.first?.description == "Local words")
        #expect(operation.response(for: 200)?.description == "Local ok")
        #expect(operation.response(for: 500)?.description == "Shared ok")
    }

    @Test func descriptionBesideARefIsIgnoredIn30() throws {
        let operation = try #require(document(Self.spec("3.0.3"))?.operations.first)
        #expect(operation.parameters.first?.description == "Shared words")
        #expect(operation.response(for: 200)?.description == "Shared ok")
    }
}
