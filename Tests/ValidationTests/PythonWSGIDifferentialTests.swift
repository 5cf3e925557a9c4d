import Testing
@testable import Validation

/// Requests that Pyramid (WebOb), Sanic and Bottle read differently from the validator: each was forwarded as valid
/// while the service saw a value the spec forbids (found by an audit with those services behind the proxy; the raw
/// requests are the audit's).
@Suite("Framework differentials: Pyramid, Sanic and Bottle")
struct PythonWSGIDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /accounts:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        name: {type: string, maxLength: 40}
                        role: {type: string, enum: [user]}
              responses: {"204": {description: ok}}
          /subscriptions:
            post:
              requestBody:
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        role: {type: string, enum: [user]}
                        note: {type: string, maxLength: 500}
              responses: {"204": {description: ok}}
          /tenant:
            get:
              parameters:
                - {name: session, in: cookie, schema: {type: string, pattern: "^[a-z0-9]{8}$"}}
              responses: {"204": {description: ok}}
        """)

    func account(_ body: String, contentType: String = "application/json") throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", "/accounts", headers: [("Content-Type", contentType)], body: body))
    }

    /// WebOb finds `charset=` with a regex, also inside a quoted parameter, and decoded the body as UTF-7 (`+ACI-` is `"`).
    @Test(arguments: [#"application/json; x=";charset=utf-7""#, #"application/json; x="charset=utf-7""#, #"application/json; x="a\"; charset=utf-7; y=""#])
    func aCharsetHiddenInAParameterIsRefused(contentType: String) throws {
        let verdict = try account(#"{"name":"x+ACI-,+ACI-role+ACI-:+ACI-admin"}"#, contentType: contentType)
        #expect(verdict.status == 415, "\(contentType): \(verdict.summary)")
        #expect(try account(#"{"name":"x"}"#, contentType: "application/json; charset=utf-8").isValid)
    }

    /// Sanic ignores quoted-pair escapes in a part's Content-Type and decoded the part in the charset it then found.
    @Test func aPartTypeThatHidesACharsetIsRefused() throws {
        let validator = try #require(Self.validator)
        let body = "--BBB\r\nContent-Disposition: form-data; name=\"role\"\r\nContent-Type: text/plain; x=\"a\\\"; charset=utf-16-le; y=\"\r\n\r\nuser\r\n--BBB--\r\n"
        let verdict = validator.validate(request: request("POST", "/subscriptions", headers: [("Content-Type", "multipart/form-data; boundary=BBB")], body: body))
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
    }

    /// WebOb finds `name=value` pairs anywhere in the Cookie header: `x=foo"session=ADMIN` overrode the checked `session`.
    @Test(arguments: ["session=abcdefgh; x=foo\"session=ADMIN!!!", "session=abcdefgh; x=[session=ADMIN", "session=abcdefgh; x=a]session=ADMIN",
                      "session=abcdefgh; x=a\u{A0}session=ADMIN"])
    func aCookieNameInsideAnotherValueIsRefused(cookie: String) throws {
        let validator = try #require(Self.validator)
        let verdict = validator.validate(request: request("GET", "/tenant", headers: [("Cookie", cookie)]))
        #expect(!verdict.isValid && verdict.violations.allSatisfy { $0.location == .cookie }, "\(cookie): \(verdict.summary)")
        for plain in ["session=abcdefgh; x=abc==", "session=abcdefgh; x=\"a=b\"", "session=abcdefgh; x=url?a=b"] {
            #expect(validator.validate(request: request("GET", "/tenant", headers: [("Cookie", plain)])).isValid, "\(plain)")
        }
    }

    /// Bottle parses every body that is not multipart as a form too: `request.forms['role']` was `admin`.
    @Test(arguments: [#"{"name":"x&role=admin&z=","role":"user"}"#, #"{"name":"x;role=admin","role":"user"}"#, #"{"name":"x&r%6Fle=admin"}"#])
    func aFormFieldInsideAJSONBodyIsRefused(body: String) throws {
        let verdict = try account(body)
        #expect(verdict.keywords.contains("bracket-alias"), "\(body): \(verdict.summary)")
        #expect(try account(#"{"name":"salt & pepper","role":"user"}"#).isValid)
    }
}
