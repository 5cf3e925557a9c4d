import OpenAPIModel
import Testing

let swagger2Spec = """
swagger: "2.0"
info: {title: legacy, version: "1"}
host: api.example.com
basePath: /v2
schemes: [https, http]
consumes: [application/json]
produces: [application/json, application/xml]
securityDefinitions:
  basicAuth: {type: basic}
  key: {type: apiKey, name: X-Key, in: header}
  implicitAuth:
    type: oauth2
    flow: implicit
    authorizationUrl: https://auth.example.com/authorize
    scopes: {read: read things}
  appAuth: {type: oauth2, flow: application, tokenUrl: https://auth.example.com/token, scopes: {}}
  codeAuth: {type: oauth2, flow: accessCode, authorizationUrl: https://auth.example.com/a, tokenUrl: https://auth.example.com/t, scopes: {}}
  passwordAuth: {type: oauth2, flow: password, tokenUrl: https://auth.example.com/t, scopes: {}}
security: [{key: []}]
parameters:
  limit: {name: limit, in: query, type: integer, format: int32, minimum: 1, maximum: 100}
definitions:
  Pet:
    type: object
    properties:
      name: {type: string}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - $ref: "#/parameters/limit"
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: csv}
        - {name: ids, in: query, type: array, items: {type: integer}, collectionFormat: multi}
        - {name: sizes, in: query, type: array, items: {type: string}, collectionFormat: ssv}
        - {name: colors, in: query, type: array, items: {type: string}, collectionFormat: pipes}
        - {name: X-Trace, in: header, type: array, items: {type: string}}
      responses:
        "200":
          description: pets
          schema: {type: array, items: {$ref: "#/definitions/Pet"}}
          headers:
            X-Rate: {type: integer}
          examples:
            application/json: [{name: rex}]
    post:
      operationId: createPet
      security: []
      parameters:
        - {name: body, in: body, required: true, schema: {$ref: "#/definitions/Pet"}}
      responses:
        "201": {description: created}
  /pets/{id}/photo:
    post:
      operationId: uploadPhoto
      consumes: [multipart/form-data]
      parameters:
        - {name: id, in: path, required: true, type: string}
        - {name: file, in: formData, required: true, type: file}
        - {name: caption, in: formData, type: string, maxLength: 80}
      responses:
        default: {description: error}
"""

@Suite struct Swagger2ConversionTests {
    let loaded = loadFixture(swagger2Spec)

    @Test func loadsWithoutDiagnostics() {
        #expect(loaded.diagnostics.isEmpty, "\(describe(loaded.diagnostics))")
        #expect(loaded.document?.version == .swagger2)
    }

    @Test func hostBasePathAndSchemesBecomeServers() {
        #expect(loaded.document?.servers.map(\.url) == ["https://api.example.com/v2", "http://api.example.com/v2"])
        #expect(loaded.document?.router.route(method: "GET", target: "/v2/pets").match?.operation.operationId == "listPets")
    }

    @Test func bodyParameterBecomesRequestBodyPerConsumes() throws {
        let body = try #require(loaded.document?.operation(id: "createPet")?.requestBody)
        #expect(body.required)
        #expect(body.content.map(\.contentType) == ["application/json"])
        #expect(body.content.first?.schema?.reference == "#/definitions/Pet")
        #expect(loaded.document?.operation(id: "createPet")?.parameters.isEmpty == true)
    }

    @Test func formDataParametersBecomeAMultipartBodySchema() throws {
        let body = try #require(loaded.document?.operation(id: "uploadPhoto")?.requestBody)
        #expect(body.content.map(\.contentType) == ["multipart/form-data"])
        let schema = try #require(body.content.first?.schema)
        #expect(schema.isSynthesized)
        #expect(schema.value["properties"]?["file"] == .object([("type", .string("string")), ("format", .string("binary"))]))
        #expect(schema.value["properties"]?["caption"]?["maxLength"]?.intValue == 80)
        #expect(schema.value["required"] == .array([.string("file")]))
    }

    @Test func responseSchemaBecomesContentPerProduces() throws {
        let response = try #require(loaded.document?.operation(id: "listPets")?.response(for: 200))
        #expect(response.content.map(\.contentType) == ["application/json", "application/xml"])
        #expect(response.content.first?.example == .array([.object([("name", .string("rex"))])]))
        #expect(response.headers.first?.schema?.value["type"]?.stringValue == "integer")
    }

    @Test func parameterTypeFieldsBecomeASchema() throws {
        let limit = try #require(loaded.document?.operation(id: "listPets")?.parameters.first { $0.name == "limit" })
        #expect(limit.schema?.value == .object([("type", .string("integer")), ("format", .string("int32")),
                                                ("minimum", .integer(1)), ("maximum", .integer(100))]))
        #expect(limit.schema?.dialect == .draft4)
    }

    @Test func collectionFormatsBecomeStyles() throws {
        let parameters = try #require(loaded.document?.operation(id: "listPets")?.parameters)
        func style(_ name: String) -> (ParameterStyle, Bool)? {
            parameters.first { $0.name == name }.map { ($0.style, $0.explode) }
        }
        #expect(style("tags")! == (.form, false))
        #expect(style("ids")! == (.form, true))
        #expect(style("sizes")! == (.spaceDelimited, false))
        #expect(style("colors")! == (.pipeDelimited, false))
        #expect(style("X-Trace")! == (.simple, false))
    }

    @Test func securityDefinitionsBecomeSecuritySchemes() throws {
        let schemes = try #require(loaded.document?.components.securitySchemes)
        #expect(schemes.map(\.name) == ["basicAuth", "key", "implicitAuth", "appAuth", "codeAuth", "passwordAuth"])
        #expect(schemes[0].kind == .http(scheme: "basic", bearerFormat: nil))
        #expect(schemes[1].kind == .apiKey(name: "X-Key", location: .header))
        guard case .oauth2(let implicit) = schemes[2].kind, case .oauth2(let app) = schemes[3].kind,
              case .oauth2(let code) = schemes[4].kind, case .oauth2(let password) = schemes[5].kind else {
            Issue.record("expected oauth2"); return
        }
        #expect(implicit.implicit?.authorizationURL == "https://auth.example.com/authorize")
        #expect(implicit.implicit?.scopes == [OAuthScope(name: "read", description: "read things")])
        #expect(app.clientCredentials?.tokenURL == "https://auth.example.com/token")
        #expect(code.authorizationCode?.tokenURL == "https://auth.example.com/t")
        #expect(password.password != nil)
    }

    @Test func globalSecurityAppliesUnlessTheOperationSaysNone() {
        #expect(loaded.document?.operation(id: "listPets")?.effectiveSecurity.map(\.summary) == ["key"])
        #expect(loaded.document?.operation(id: "createPet")?.effectiveSecurity.isEmpty == true)
    }

    @Test func tsvCollectionFormatIsReportedAsUnsupported() {
        let spec = """
        swagger: "2.0"
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              parameters: [{name: q, in: query, type: array, items: {type: string}, collectionFormat: tsv}]
              responses: {"200": {description: ok}}
        """
        let diagnostics = loadFixture(spec).diagnostics
        #expect(diagnostics.map(\.code) == ["swagger2-collection-format-tsv"])
        #expect(diagnostics.first?.severity == .warning)
    }
}
