import Foundation
import OpenAPIModel
import Testing

let openAPI32Spec = """
openapi: 3.2.0
info: {title: new things, version: "1"}
paths:
  /search:
    query:
      operationId: searchItems
      requestBody:
        content:
          application/json: {schema: {type: object}}
      responses: {"200": {description: ok}}
    additionalOperations:
      COPY:
        operationId: copySearch
        responses: {"204": {description: copied}}
  /filter:
    get:
      operationId: filter
      parameters:
        - name: q
          in: querystring
          content:
            application/x-www-form-urlencoded:
              schema: {type: object, properties: {a: {type: string}}}
      responses:
        "200":
          description: a stream
          content:
            application/jsonl:
              itemSchema: {type: object, properties: {id: {type: integer}}}
components:
  securitySchemes:
    device:
      type: oauth2
      flows:
        deviceAuthorization:
          deviceAuthorizationUrl: https://auth.example.com/device
          tokenUrl: https://auth.example.com/token
          scopes: {}
"""

@Suite struct OpenAPI32FeaturesTests {
    let loaded = loadFixture(openAPI32Spec)

    @Test func loadsWithoutDiagnostics() {
        #expect(loaded.diagnostics.isEmpty, "\(describe(loaded.diagnostics))")
        #expect(loaded.document?.version == .openAPI32)
    }

    @Test func queryMethodIsAnOperation() {
        #expect(loaded.document?.operation(id: "searchItems")?.method == .query)
        #expect(loaded.document?.router.route(method: "QUERY", target: "/search").match?.operation.operationId == "searchItems")
    }

    @Test func additionalOperationsKeepTheirMethodName() {
        #expect(loaded.document?.operation(id: "copySearch")?.method == HTTPMethod("COPY"))
        #expect(loaded.document?.router.route(method: "COPY", target: "/search").match?.operation.operationId == "copySearch")
    }

    @Test func methodNotAllowedListsCustomMethods() {
        guard case .methodNotAllowed(let allowed, _)? = loaded.document?.router.route(method: "GET", target: "/search") else {
            Issue.record("expected methodNotAllowed"); return
        }
        #expect(allowed == ["COPY", "QUERY"])
    }

    @Test func querystringParameterUsesContent() throws {
        let parameter = try #require(loaded.document?.operation(id: "filter")?.parameters.first)
        #expect(parameter.location == .querystring)
        #expect(parameter.content.map(\.contentType) == ["application/x-www-form-urlencoded"])
    }

    @Test func itemSchemaIsKept() throws {
        let media = try #require(loaded.document?.operation(id: "filter")?.response(for: 200)?.content.first)
        #expect(media.schema == nil)
        #expect(media.itemSchema?.value["type"]?.stringValue == "object")
        #expect(media.itemSchema?.pointer.description == "/paths/~1filter/get/responses/200/content/application~1jsonl/itemSchema")
    }

    @Test func deviceAuthorizationFlowIsRead() {
        guard case .oauth2(let flows)? = loaded.document?.components.securitySchemes.first?.kind else {
            Issue.record("expected oauth2"); return
        }
        #expect(flows.deviceAuthorization?.deviceAuthorizationURL == "https://auth.example.com/device")
    }

    @Test func queryMethodIsNotReadBefore32() {
        let spec = openAPI32Spec.replacingOccurrences(of: "openapi: 3.2.0", with: "openapi: 3.1.0")
        let document = loadFixture(spec).document
        #expect(document?.operation(id: "searchItems") == nil)
        #expect(loadFixture(spec).diagnostics.contains { $0.code == "parameter-location-invalid" })
    }
}
