import Testing
import Documents
@testable import Validation

@Suite("Exchange: bodies")
struct ExchangeBodyTests {
    let order = #"{"items":[{"productId":7,"quantity":2}],"payment":{"method":"card","last4":"4242"}}"#

    func post(_ target: String, _ contentType: String?, _ body: String, headers: [(String, String)] = []) throws -> RequestVerdict {
        var all = headers
        if let contentType { all.append(("Content-Type", contentType)) }
        return try #require(shop).validate(request: request("POST", target, headers: all, body: body))
    }

    @Test func jsonBodyValidAgainstSchemaPasses() throws {
        #expect(try post("/api/v1/orders", "application/json", order, headers: [bearer]).isValid)
    }

    @Test func jsonBodySchemaViolationHasPointerAndSchemaPath() throws {
        let found = try post("/api/v1/orders", "application/json", #"{"items":[{"productId":7,"quantity":100}],"payment":{"method":"card","last4":"4242"}}"#, headers: [bearer])
        #expect(found.keywords == ["maximum"], "\(found.summary)")
        #expect(found.violations.first?.pointer?.description == "/items/0/quantity")
        #expect(found.violations.first?.schemaPath != nil)
    }

    @Test func discriminatorPicksTheBranch() throws {
        let found = try post("/api/v1/orders", "application/json", #"{"items":[{"productId":7,"quantity":1}],"payment":{"method":"bank","iban":"x"}}"#, headers: [bearer])
        #expect(!found.isValid)
        #expect(found.violations.allSatisfy { $0.location == .body })
    }

    @Test func plusJSONMediaTypeIsReadAsJSON() throws {
        let yaml = """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /events:
            post:
              requestBody:
                required: true
                content:
                  application/vnd.acme+json: {schema: {type: object, required: [id], properties: {id: {type: integer}}}}
              responses: {"204": {description: ok}}
        """
        let validator = try #require(makeValidator(yaml: yaml))
        #expect(validator.validate(request: request("POST", "/events", headers: [("Content-Type", "application/vnd.acme+json")], body: #"{"id":1}"#)).isValid)
        #expect(validator.validate(request: request("POST", "/events", headers: [("Content-Type", "application/vnd.acme+json")], body: #"{"id":"1"}"#)).keywords == ["type"])
    }

    @Test func invalidJSONIs400() throws {
        let found = try post("/api/v1/orders", "application/json", #"{"items":["#, headers: [bearer])
        #expect(found.keywords == ["json"])
        #expect(found.status == 400)
    }

    @Test func formBodyIsTypedByTheSchemaAndEncoding() throws {
        #expect(try post("/api/v1/orders", "application/x-www-form-urlencoded", "productId=7&quantity=1&coupons=WINTER&coupons=VIP", headers: [bearer]).isValid)
        #expect(try post("/api/v1/orders", "application/x-www-form-urlencoded", "productId=7&quantity=zero", headers: [bearer]).keywords == ["type"])
        #expect(try post("/api/v1/orders", "application/x-www-form-urlencoded", "productId=7", headers: [bearer]).keywords == ["required"])
    }

    func multipart(_ parts: [String]) -> String {
        parts.map { "--B\r\n" + $0 + "\r\n" }.joined() + "--B--\r\n"
    }

    let image = "Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA"

    @Test func multipartWithFileAndJSONPartPasses() throws {
        let body = multipart([image, "Content-Disposition: form-data; name=\"alt\"\r\n\r\nside view",
                              "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{\"width\":800}"])
        let found = try post("/api/v1/products/7/images", "multipart/form-data; boundary=B", body, headers: [bearer])
        #expect(found.isValid, "\(found.summary)")
    }

    @Test func multipartPartContentTypeMustFitTheEncoding() throws {
        let gif = "Content-Disposition: form-data; name=\"image\"; filename=\"a.gif\"\r\nContent-Type: image/gif\r\n\r\nGIF89a"
        let found = try post("/api/v1/products/7/images", "multipart/form-data; boundary=B", multipart([gif]), headers: [bearer])
        #expect(found.keywords == ["contentType"])
    }

    @Test func multipartRequiredPartMissingIsReported() throws {
        let found = try post("/api/v1/products/7/images", "multipart/form-data; boundary=B", multipart(["Content-Disposition: form-data; name=\"alt\"\r\n\r\nx"]), headers: [bearer])
        #expect(found.keywords == ["required"])
    }

    @Test func multipartEncodingHeaderIsChecked() throws {
        let withChecksum = "Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\nX-Checksum: nothex\r\n\r\nPNGDATA"
        let found = try post("/api/v1/products/7/images", "multipart/form-data; boundary=B", multipart([withChecksum]), headers: [bearer])
        #expect(found.keywords == ["pattern"])
    }

    @Test func multipartJSONPartIsValidated() throws {
        let body = multipart([image, "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{\"width\":\"wide\"}"])
        let found = try post("/api/v1/products/7/images", "multipart/form-data; boundary=B", body, headers: [bearer])
        #expect(found.keywords == ["type"])
    }

    @Test func textPlainBodyIsValidatedAsAString() throws {
        let yaml = """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /notes:
            post:
              requestBody:
                required: true
                content:
                  text/plain: {schema: {type: string, maxLength: 5}}
                  application/octet-stream: {schema: {type: string, format: binary}}
              responses: {"204": {description: ok}}
        """
        let validator = try #require(makeValidator(yaml: yaml))
        #expect(validator.validate(request: request("POST", "/notes", headers: [("Content-Type", "text/plain; charset=utf-8")], body: "hello")).isValid)
        #expect(validator.validate(request: request("POST", "/notes", headers: [("Content-Type", "text/plain")], body: "hello world")).keywords == ["maxLength"])
        #expect(validator.validate(request: request("POST", "/notes", headers: [("Content-Type", "application/octet-stream")], body: "\u{01}\u{02}")).isValid)
    }

    @Test func mostSpecificMediaTypeKeyWins() throws {
        let yaml = """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /upload:
            post:
              requestBody:
                required: true
                content:
                  "*/*": {schema: {type: string}}
                  text/*: {schema: {type: string, maxLength: 100}}
                  text/plain; charset=utf-8: {schema: {type: string, maxLength: 3}}
              responses: {"204": {description: ok}}
        """
        let validator = try #require(makeValidator(yaml: yaml))
        #expect(validator.validate(request: request("POST", "/upload", headers: [("Content-Type", "text/plain; charset=utf-8")], body: "abcd")).keywords == ["maxLength"])
        #expect(validator.validate(request: request("POST", "/upload", headers: [("Content-Type", "text/plain")], body: "abcd")).isValid)
        #expect(validator.validate(request: request("POST", "/upload", headers: [("Content-Type", "image/png")], body: "abcd")).isValid)
    }

    @Test func undeclaredMediaTypeIs415() throws {
        let found = try post("/api/v1/orders", "application/xml", "<order/>", headers: [bearer])
        #expect(found.status == 415)
        #expect(found.keywords == ["mediaType"])
    }

    @Test func bodyWithoutContentTypeIs415() throws {
        #expect(try post("/api/v1/orders", nil, order, headers: [bearer]).status == 415)
    }

    @Test func missingRequiredBodyIs400() throws {
        let found = try post("/api/v1/orders", nil, "", headers: [bearer])
        #expect(found.keywords == ["required"])
        #expect(found.status == 400)
    }

    @Test func readOnlyPropertyInRequestIsAViolation() throws {
        let found = try post("/api/v1/products", "application/json", #"{"id":7,"name":"Shoe","priceCents":100}"#, headers: [apiKey])
        #expect(found.keywords == ["readOnly"], "\(found.summary)")
        #expect(found.violations.first?.pointer?.description == "/id")
    }

    @Test func writeOnlyPropertyInRequestIsAllowed() throws {
        #expect(try post("/api/v1/products", "application/json", #"{"name":"Shoe","priceCents":100,"costCents":50}"#, headers: [apiKey]).isValid)
    }

    @Test func bodyOverTheLimitIs413() throws {
        var options = ValidationOptions()
        options.limits.maximumBodyBytes = 10
        let validator = try #require(shopValidator(options))
        let found = validator.validate(request: jsonRequest("POST", "/api/v1/orders", order, headers: [bearer]))
        #expect(found.status == 413)
        #expect(found.keywords == ["max-body-size"])
    }
}
