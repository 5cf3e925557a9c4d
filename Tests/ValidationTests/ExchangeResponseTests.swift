import Testing
import Documents
@testable import Validation

@Suite("Exchange: responses")
struct ExchangeResponseTests {
    let product = #"{"id":7,"name":"Shoe","priceCents":100,"tags":[],"createdAt":"2026-01-10T09:00:00Z"}"#

    func check(_ method: String, _ target: String, _ reply: HTTPResponse) throws -> [Violation] {
        try #require(shop).validate(response: reply, for: request(method, target))
    }

    @Test func exactStatusIsUsedFirst() throws {
        let found = try check("GET", "/api/v1/products/7", response(200, headers: [("Content-Type", "application/json")], body: product))
        #expect(found.isEmpty, "\(found)")
    }

    @Test func rangeIsUsedWhenNoExactCode() throws {
        #expect(try check("PUT", "/api/v1/products/7", response(202, headers: [("Content-Type", "application/json")], body: product)).isEmpty)
    }

    @Test func exactCodeBeatsRange() throws {
        let yaml = """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /x:
            get:
              responses:
                "201": {description: a, content: {application/json: {schema: {type: integer}}}}
                2XX: {description: b, content: {application/json: {schema: {type: string}}}}
        """
        let validator = try #require(makeValidator(yaml: yaml))
        #expect(validator.validate(response: response(201, headers: [("Content-Type", "application/json")], body: "1"), for: request("GET", "/x")).isEmpty)
        #expect(validator.validate(response: response(200, headers: [("Content-Type", "application/json")], body: "\"s\""), for: request("GET", "/x")).isEmpty)
    }

    @Test func defaultCoversUndeclaredCodes() throws {
        let problem = #"{"type":"about:blank","title":"Teapot","status":418}"#
        #expect(try check("GET", "/api/v1/products", response(418, headers: [("Content-Type", "application/problem+json")], body: problem)).isEmpty)
    }

    @Test func undeclaredStatusIsAViolation() throws {
        let found = try check("GET", "/api/v1/products/7", response(500))
        #expect(found.map(\.keyword) == ["status"])
    }

    @Test func requiredHeaderMissingIsAViolation() throws {
        let found = try check("POST", "/api/v1/products", response(201, headers: [("Content-Type", "application/json")], body: product))
        #expect(found.map(\.keyword) == ["required"])
        #expect(found.first?.name == "Location")
    }

    @Test func headerValueIsCheckedAgainstItsSchema() throws {
        let body = #"{"items":[],"page":1}"#
        #expect(try check("GET", "/api/v1/products", response(200, headers: [("Content-Type", "application/json"), ("X-Total-Count", "3")], body: body)).isEmpty)
        #expect(try check("GET", "/api/v1/products", response(200, headers: [("Content-Type", "application/json"), ("X-Total-Count", "-1")], body: body)).map(\.keyword) == ["minimum"])
    }

    @Test func contentTypeMustBeDeclared() throws {
        let found = try check("GET", "/api/v1/products/7", response(200, headers: [("Content-Type", "text/html")], body: "<p>"))
        #expect(found.map(\.keyword) == ["mediaType"])
    }

    @Test func bodyIsCheckedAgainstItsSchema() throws {
        let found = try check("GET", "/api/v1/products/7", response(200, headers: [("Content-Type", "application/json")], body: #"{"id":7,"name":"","priceCents":1}"#))
        #expect(found.map(\.keyword) == ["minLength"])
        #expect(found.first?.pointer?.description == "/name")
    }

    @Test func writeOnlyPropertyInResponseIsAViolation() throws {
        let found = try check("GET", "/api/v1/products/7", response(200, headers: [("Content-Type", "application/json")], body: #"{"name":"Shoe","priceCents":1,"costCents":5}"#))
        #expect(found.map(\.keyword) == ["writeOnly"])
    }

    @Test func bodyOnAStatusWithoutContentIsAViolation() throws {
        #expect(try check("GET", "/api/v1/products", response(304, body: "")).isEmpty)
        #expect(try check("DELETE", "/api/v1/orders/o-1", response(204)).isEmpty)
        let yaml = """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths: {/x: {get: {responses: {"200": {description: none}}}}}
        """
        let validator = try #require(makeValidator(yaml: yaml))
        #expect(validator.validate(response: response(200, body: "surprise"), for: request("GET", "/x")).map(\.keyword) == ["content"])
    }

    @Test func headResponsesCarryNoBody() throws {
        let validator = try #require(shop)
        let verdict = validator.validate(request: request("GET", "/api/v1/products/7"))
        let index = try #require(verdict.operationIndex)
        #expect(validator.validate(response: response(200, headers: [("Content-Type", "application/json")]), operationIndex: index, requestMethod: "HEAD").isEmpty)
    }

    @Test func responseProblemIs502() throws {
        let found = try check("GET", "/api/v1/products/7", response(500))
        #expect(ProblemDocument(responseViolations: found).status == 502)
    }
}

@Suite("Exchange: problem documents and normalization")
struct ExchangeProblemAndNormalizationTests {
    @Test func problemCarriesTypeTitleStatusDetailAndErrors() throws {
        let verdict = try #require(shop).validate(request: request("GET", "/api/v1/products?page=zero"))
        let problem = try #require(verdict.problem)
        #expect(problem.status == 400)
        let value = json(problem.json)
        #expect(value["type"]?.stringValue == "urn:specguard:problem:invalid-request")
        #expect(value["errors"]?.arrayValue?.first?["in"]?.stringValue == "query")
        #expect(value["errors"]?.arrayValue?.first?["name"]?.stringValue == "page")
    }

    @Test func statusFollowsThePrecedenceOfKinds() throws {
        let verdict = try #require(shop).validate(request: request("POST", "/api/v1/products", headers: [("Content-Type", "application/xml")], body: "<x/>"))
        #expect(Set(verdict.violations.map(\.kind)) == [.unauthenticated, .unsupportedMediaType])
        #expect(verdict.status == 401)
    }

    func normalizing() throws -> ExchangeValidator {
        try #require(shopValidator(ValidationOptions(normalize: true)))
    }

    @Test func normalizationDropsUndeclaredPropertiesAndFixesContentLength() throws {
        let body = #"{"name":"Shoe","priceCents":100,"isAdmin":true}"#
        let verdict = try normalizing().validate(request: jsonRequest("POST", "/api/v1/products", body, headers: [apiKey, ("Content-Length", String(body.utf8.count))]))
        let cleaned = try #require(verdict.normalized)
        #expect(String(decoding: cleaned.body, as: UTF8.self) == #"{"name":"Shoe","priceCents":100}"#)
        #expect(cleaned.headers.first("Content-Length") == String(cleaned.body.count))
    }

    @Test func normalizationKeepsPropertiesOfOpenSchemasAndRecurses() throws {
        let body = #"{"items":[{"productId":7,"quantity":2,"gift":true}],"payment":{"method":"card","last4":"4242"}}"#
        let verdict = try normalizing().validate(request: jsonRequest("POST", "/api/v1/orders", body, headers: [bearer]))
        let cleaned = try #require(verdict.normalized)
        #expect(String(decoding: cleaned.body, as: UTF8.self) == #"{"items":[{"productId":7,"quantity":2}],"payment":{"method":"card","last4":"4242"}}"#)
    }

    @Test func normalizationAppliesQueryDefaultsAndCanonicalForms() throws {
        let verdict = try normalizing().validate(request: request("GET", "/api/v1/products?ids=03&ids=7&utm=x"))
        let cleaned = try #require(verdict.normalized)
        #expect(cleaned.target == "/api/v1/products?ids=3&ids=7&page=1&utm=x", "\(cleaned.target)")
    }

    @Test func invalidRequestsAreNotNormalized() throws {
        #expect(try normalizing().validate(request: request("GET", "/api/v1/products?page=0")).normalized == nil)
    }
}
