import Testing
@testable import Validation

/// Requests that Slim 3 (PHP), formidable 3 (Node) and Django REST Framework read differently from the validator: each was
/// forwarded as valid while the service saw a method, a media type, a part name or a nested field the validator did not
/// check, and one (an unlabelled object part) was refused although services read it as the spec says (found by audits
/// with Slim 3.12, formidable 3.2 and DRF 3.15; the requests are the audits').
@Suite("Framework differentials: Slim, formidable, DRF")
struct SlimFormidableDRFDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /items/{id}:
            post:
              parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: &item
                      type: object
                      properties:
                        email: {type: string}
                        role: {type: string, enum: [user]}
                        profile:
                          type: object
                          properties: {role: {type: string, enum: [user]}}
                  multipart/form-data:
                    schema: *item
                  application/json:
                    schema: *item
              responses: {"204": {description: ok}}
          /blobs:
            post:
              requestBody:
                content:
                  "*/*":
                    schema: {type: string, format: binary}
              responses: {"204": {description: ok}}
        """)

    func post(_ contentType: String, _ body: String) throws -> RequestVerdict { try post("/items/5", contentType, body) }

    func post(_ target: String, _ contentType: String, _ body: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", target, headers: [("Content-Type", contentType)], body: body))
    }

    static func multipart(_ parts: [(disposition: String, headers: String, value: String)]) -> String {
        parts.map { "--BB\r\nContent-Disposition: \($0.disposition)\r\n\($0.headers)\r\n\($0.value)\r\n" }.joined() + "--BB--\r\n"
    }

    /// Slim 3 reads `_METHOD` (any case through PHP: ` _METHOD`, `.METHOD`, `%2EMETHOD` are `_METHOD` to it) from a body.
    @Test(arguments: ["_METHOD", "_Method", " _METHOD", ".METHOD", "[_method]"])
    func aMethodOverridePartInAnySpellingIsRefused(name: String) throws {
        let body = Self.multipart([("form-data; name=\"\(name)\"", "", "DELETE")])
        let verdict = try post("multipart/form-data; boundary=BB", body)
        #expect(verdict.keywords.contains("method-override"), "\(name): \(verdict.summary)")
        #expect(BracketAlias.readsAsMethodOverride(name))
    }

    @Test func otherNamesAreNoMethodOverride() {
        for name in ["method", "_methods", "x_method", "METHOD"] { #expect(!BracketAlias.readsAsMethodOverride(name), "\(name)") }
        #expect(BracketAlias.mayNameMethodOverride("a=1&%2EMETHOD=PUT") && BracketAlias.mayNameMethodOverride("x=1&_MeThOd=PUT"))
        #expect(!BracketAlias.mayNameMethodOverride("email=a%40b.co".dropLast(7)) && !BracketAlias.mayNameMethodOverride("role=user"))
    }

    /// formidable picks its parser by `urlencoded`, `multipart` and `json` anywhere in the type (the last found wins); Slim
    /// maps a `+suffix` to `application/suffix`.
    @Test(arguments: [
        ("/items/5", "application/x-www-form-urlencoded; x=json"),
        ("/items/5", "application/x-www-form-urlencoded; x=multipart; boundary=AAA"),
        ("/items/5", "multipart/form-data; boundary=BB; x=json"),
        ("/items/5", "application/json; x=urlencoded"),
        ("/blobs", "text/x+x-www-form-urlencoded"),
        ("/blobs", "text/urlencoded"),
        ("/blobs", "text/plain; x=json"),
        ("/blobs", "application/octet-stream; x=multipart"),
    ])
    func aTypeNamingAnotherKindOfBodyIsRefused(target: String, contentType: String) throws {
        let verdict = try post(target, contentType, "role=admin")
        #expect(verdict.status == 415, "\(contentType): \(verdict.summary)")
    }

    @Test func usualTypesStayValid() throws {
        #expect(try post("application/x-www-form-urlencoded; charset=UTF-8", "email=a").isValid)
        #expect(try post("application/json; charset=utf-8", #"{"email":"a"}"#).isValid)
        #expect(try post("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
                         "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n").isValid)
        #expect(try post("/blobs", "application/x-ndjson; charset=utf-8", "{}\n").isValid)
        #expect(try post("/blobs", "image/png", "x").isValid)
    }

    /// formidable takes a part's name from the first `name=` after a non-word character anywhere in the header.
    @Test(arguments: [#"form-data; x-name="role"; name="email""#, #"form-data; x.name=role; name="email""#,
                      #"form-data; filename="a; name=role"; name="email""#])
    func aPartWithAnotherNameReadingIsRefused(disposition: String) throws {
        let verdict = try post("multipart/form-data; boundary=BB", Self.multipart([(disposition, "", "admin")]))
        #expect(verdict.keywords == ["multipart"], "\(disposition): \(verdict.summary)")
    }

    @Test func formidableReadings() {
        #expect(Multipart.formidableName(#"form-data; name="email"; filename="a.txt""#) == "email")
        #expect(Multipart.formidableName(#"form-data; filename="a.txt"; name=email"#) == "email")
        #expect(Multipart.formidableName(#"form-data; x-name="role"; name="email""#) == "role")
        #expect(Multipart.formidableName("form-data; filename=\"a\"") == nil)
    }

    /// DRF reads `profile.role` into the nested `profile` serializer.
    @Test(arguments: ["email=a&profile.role=admin", "profile.role=admin"])
    func aDottedNameOfADeclaredPropertyIsRefused(body: String) throws {
        let verdict = try post("application/x-www-form-urlencoded", body)
        #expect(verdict.keywords == ["bracket-alias"], "\(body): \(verdict.summary)")
    }

    /// An unlabelled part for an object property is JSON (OpenAPI's default), as `requests` and `curl -F` send it.
    @Test func anUnlabelledObjectPartIsReadAsJSON() throws {
        let valid = try post("multipart/form-data; boundary=BB", Self.multipart([("form-data; name=\"profile\"", "", #"{"role":"user"}"#)]))
        #expect(valid.isValid, "\(valid.summary)")
        let invalid = try post("multipart/form-data; boundary=BB", Self.multipart([("form-data; name=\"profile\"", "", #"{"role":"admin"}"#)]))
        #expect(invalid.keywords == ["enum"], "\(invalid.summary)")
    }
}

/// A form field or query parameter named exactly like an exploded (or deepObject) object property was skipped: its members
/// were validated, and DRF's `JSONField` read the field itself as the object (found by an audit with DRF 3.15).
@Suite("Framework differentials: a field named like its object")
struct ObjectOwnNameTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /search:
            get:
              parameters:
                - {name: filter, in: query, style: form, explode: true, schema: {type: object, properties: {role: {type: string, enum: [user]}}}}
                - {name: deep, in: query, style: deepObject, schema: {type: object, properties: {role: {type: string, enum: [user]}}}}
              responses: {"204": {description: ok}}
          /profiles:
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        name: {type: string}
                        profile: {type: object, properties: {role: {type: string, enum: [user]}}}
              responses: {"204": {description: ok}}
        """)

    @Test(arguments: ["/search?filter=%7B%22role%22%3A%22admin%22%7D", "/search?role=user&filter=x", "/search?deep=%7B%7D", "/search?deep%5Brole%5D=user&deep=x"])
    func aQueryParameterNamedLikeItsObjectIsRefused(target: String) throws {
        let validator = try #require(Self.validator)
        let verdict = validator.validate(request: request("GET", target))
        #expect(verdict.keywords == ["style"], "\(target): \(verdict.summary)")
    }

    @Test func aFormFieldNamedLikeItsObjectIsRefused() throws {
        let validator = try #require(Self.validator)
        let verdict = validator.validate(request: request("POST", "/profiles", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                          body: "name=x&profile=%7B%22role%22%3A%22admin%22%7D"))
        #expect(verdict.keywords == ["style"], "\(verdict.summary)")
        let members = validator.validate(request: request("POST", "/profiles", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "name=x&role=user"))
        #expect(members.isValid, "\(members.summary)")
        #expect(validator.validate(request: request("GET", "/search?role=user&deep%5Brole%5D=user")).isValid)
    }
}
