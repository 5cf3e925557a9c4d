import Documents
import Foundation
import Linting
import Testing

/// The field tables per version: what 2.0, 3.0, 3.1 and 3.2 require or forbid.
@Suite struct VersionStructureTests {
    @Test func webhooksAreUnknownIn30() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\nwebhooks: {}\n"
        let found = findings(lint(text, ruleSet: .recommended), "structure-unknown-field")
        #expect(found.first?.message.contains("3.1, 3.2") == true)
        #expect(found.first?.location.line == 4)
    }

    @Test func pathsAreRequiredIn30ButNotIn31() {
        let missing30 = lint("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\n", ruleSet: .recommended)
        #expect(missing30.findings.contains { $0.code == "structure-required-field" || $0.code == "model-field-missing" })
        #expect(lint("openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\n", ruleSet: .recommended).findings.isEmpty)
    }

    @Test func swagger2OperationNeedsResponsesAndKnowsConsumes() {
        let text = "swagger: \"2.0\"\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      consumes: [application/json]\n      requestBody: {}\n"
        let result = lint(text, ruleSet: .recommended)
        #expect(result.findings.contains { $0.code == "structure-unknown-field" && $0.location.line == 7 })
        #expect(result.findings.contains { ($0.code == "structure-required-field" || $0.code == "model-field-missing") && $0.location.line == 6 })
        #expect(!result.findings.contains { $0.location.line == 6 && $0.code == "structure-unknown-field" })
    }

    @Test func querySiblingOperationExistsOnlyIn32() {
        let body = "info: {title: T, version: \"1\"}\npaths:\n  /a:\n    query:\n      responses: {\"200\": {description: ok}}\n"
        #expect(findings(lint("openapi: 3.1.0\n" + body, ruleSet: .recommended), "structure-unknown-field").count == 1)
        #expect(findings(lint("openapi: 3.2.0\n" + body, ruleSet: .recommended), "structure-unknown-field").isEmpty)
    }

    @Test func licenseIdentifierIsNewIn31() {
        let info = "info: {title: T, version: \"1\", license: {name: MIT, identifier: MIT}}\npaths: {}\n"
        #expect(findings(lint("openapi: 3.0.3\n" + info, ruleSet: .recommended), "structure-unknown-field").count == 1)
        #expect(findings(lint("openapi: 3.1.0\n" + info, ruleSet: .recommended), "structure-unknown-field").isEmpty)
    }

    @Test func apiKeySchemeNeedsNameAndIn() {
        let text = header31 + "paths: {}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, name: k}\n"
        let result = lint(text, ruleSet: .recommended)
        let required = findings(result, "structure-required-field")
        #expect(required.map(\.message) == ["an apiKey security scheme must have `in`"])
        #expect(required.first?.location.line == 8 && required.first?.location.column == 8)
        #expect(findings(result, "model-field-missing").isEmpty)
    }

    @Test func implicitFlowNeedsAnAuthorizationURL() {
        let text = header31 + "paths: {}\ncomponents:\n  securitySchemes:\n    o:\n      type: oauth2\n      flows:\n        implicit: {scopes: {}}\n"
        let required = findings(lint(text, ruleSet: .recommended), "structure-required-field")
        #expect(required.map(\.message) == ["the implicit flow must have `authorizationUrl`"])
        #expect(required.first?.pointer == "/components/securitySchemes/o/flows/implicit")
    }

    @Test func swagger2HeaderNeedsAType() {
        let text = "swagger: \"2.0\"\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          headers: {X-Rate: {description: r}}\n"
        let required = findings(lint(text, ruleSet: .recommended), "structure-required-field")
        #expect(required.map(\.message) == ["a header must have `type`"])
    }

    @Test func swagger2BodyParameterNeedsASchema() {
        let text = "swagger: \"2.0\"\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    post:\n      parameters: [{name: b, in: body}]\n      responses: {\"200\": {description: ok}}\n"
        let required = findings(lint(text, ruleSet: .recommended), "structure-required-field")
        #expect(required.map(\.message) == ["a body parameter must have `schema`"])
    }

    @Test func laterDraftKeywordIsUnknownIn30Schemas() {
        let schema = "components:\n  schemas:\n    A: {type: string, const: x}\n"
        let result = lint("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\n" + schema, ruleSet: .recommended)
        let unknown = findings(result, "structure-unknown-field")
        #expect(unknown.map(\.message) == ["an OpenAPI 3.0 schema has no keyword `const` (prefix extensions with `x-`)"])
        #expect(unknown.first?.location.line == 6 && unknown.first?.location.column == 23)
        #expect(findings(lint(header31 + "paths: {}\n" + schema, ruleSet: .recommended), "structure-unknown-field").isEmpty)
    }

    @Test func typeListIsAnErrorIn30Only() {
        let schema = "components:\n  schemas:\n    A: {type: [string, \"null\"]}\n"
        let result = lint("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\n" + schema, ruleSet: .recommended)
        #expect(findings(result, "structure-type").count == 1)
        let swagger = "swagger: \"2.0\"\ninfo: {title: T, version: \"1\"}\npaths: {}\ndefinitions:\n  A: {type: [string, \"null\"]}\n"
        #expect(findings(lint(swagger, ruleSet: .recommended), "structure-type").isEmpty)
    }

    @Test func typeNamesAreChecked() {
        let schema = "components:\n  schemas:\n    A: {type: strin}\n    B: {type: [string, nul, string]}\n    C: {type: \"null\"}\n"
        let modern = findings(lint(header31 + "paths: {}\n" + schema, ruleSet: .recommended), "structure-type")
        #expect(modern.map(\.message) == ["`strin` is not a type: use one of string, number, integer, boolean, array, object, null",
                                          "`nul` is not a type: use one of string, number, integer, boolean, array, object, null",
                                          "`type` lists `string` twice"])
        #expect(modern.first?.location.line == 8 && modern.first?.location.column == 15)
        let legacy = findings(lint("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    C: {type: \"null\"}\n", ruleSet: .recommended), "structure-type")
        #expect(legacy.map(\.message) == ["`null` is not a type: use one of string, number, integer, boolean, array, object (use `nullable: true` in OpenAPI 3.0)"])
        #expect(findings(lint(header31 + "paths: {}\ncomponents:\n  schemas:\n    A: {type: [string, \"null\"]}\n", ruleSet: .recommended), "structure-type").isEmpty)
    }

    @Test func subschemasMustBeSchemasAndCountsNonNegative() {
        let schema = "components:\n  schemas:\n    A:\n      items: 3\n      not: [a]\n      minLength: -1\n      multipleOf: 0\n      additionalProperties: false\n    B: {items: [{type: string}]}\n    C: {items: true, not: false}\n"
        let modern = findings(lint(header31 + "paths: {}\n" + schema, ruleSet: .recommended), "structure-type").map(\.message)
        // In position order (line 9 `items: 3`, 10 `not: [a]`, 11, 12, then B's list-valued `items`).
        #expect(modern == ["a schema must be an object or a boolean, found integer",
                           "a schema must be an object or a boolean, found array",
                           "schema keyword `minLength` must be a non-negative integer, found -1",
                           "schema keyword `multipleOf` must be greater than 0, found 0",
                           "`items` must be a schema, found array (a list of schemas is `prefixItems` in JSON Schema 2020-12)"])
        let legacy = findings(lint("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\n" + schema, ruleSet: .recommended), "structure-type").map(\.message)
        // 3.0: booleans are schemas only for additionalProperties.
        #expect(legacy.contains("a schema must be an object, found boolean"))
        #expect(legacy.contains("`items` must be a schema, found array"))
    }

    @Test func nullableIsUnknownInSwagger2Schemas() {
        let swagger = "swagger: \"2.0\"\ninfo: {title: T, version: \"1\"}\npaths: {}\ndefinitions:\n  A: {type: string, nullable: true}\n"
        #expect(findings(lint(swagger, ruleSet: .recommended), "structure-unknown-field").count == 1)
    }

    @Test func requiredTrueOnAPropertyIsAWrongType() {
        let text = header31 + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        name: {type: string, required: true}\n"
        let wrong = findings(lint(text, ruleSet: .recommended), "structure-type")
        #expect(wrong.count == 1)
        #expect(wrong.first?.message.contains("list required property names on the parent object") == true)
        #expect(wrong.first?.location.line == 11 && wrong.first?.location.column == 40)
    }

    @Test func modelDiagnosticIsNotRepeatedWhereTheTableReported() {
        let text = header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - in: query\n      responses: {\"200\": {description: ok}}\n"
        let result = lint(text, ruleSet: .recommended)
        #expect(findings(result, "model-field-missing").isEmpty)
        #expect(findings(result, "structure-required-field").count == 1)
    }

    @Test func referencedFileIsWalkedWithItsOwnPositions() throws {
        let folder = "/tmp/specguard-lint-tests-\(getpid())"
        _ = mkdir(folder, 0o755)
        let main = header31 + "paths:\n  /pets:\n    get:\n      parameters:\n        - $ref: 'common.yaml#/q'\n      responses: {\"200\": {description: ok}}\n"
        let common = "q:\n  name: q\n  in: query\n  schema: {type: string}\n  colour: red\n"
        try write(main, to: folder + "/main.yaml")
        try write(common, to: folder + "/common.yaml")
        let result = Linter(configuration: LintConfiguration()).lint(path: folder + "/main.yaml")
        let unknown = try #require(findings(result, "structure-unknown-field").first, "\(describe(result.findings))")
        #expect(unknown.location.file.hasSuffix("common.yaml"))
        #expect(unknown.location.line == 5 && unknown.location.column == 3)
    }
}
