import Testing
@testable import Validation

/// Requests that WAI/Warp and Scotty (Haskell) and WebOb (Pyramid) read differently from the validator: each was forwarded
/// as valid while the service saw a value or a credential the validator did not check (found by audits with Warp 3.3,
/// wai-extra, Scotty 0.12 and Pyramid 2.1 on WebOb 1.8; the requests are the audits').
@Suite("Framework differentials: Warp/Scotty and WebOb")
struct HaskellPythonDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        components:
          securitySchemes:
            session: {type: apiKey, in: cookie, name: session}
        paths:
          /settings:
            post:
              parameters:
                - {name: offset, in: query, schema: {type: integer, minimum: 0}}
                - {name: pages, in: query, schema: {type: array, items: {type: integer, minimum: 1}}}
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: &settings
                      type: object
                      properties:
                        email: {type: string}
                        note: {type: string}
                        role: {type: string, enum: [user]}
                  multipart/form-data:
                    schema: *settings
              responses: {"204": {description: ok}}
          /me:
            get:
              security: [{session: []}]
              responses: {"204": {description: ok}}
        """)

    func post(_ contentType: String, _ body: String, target: String = "/settings") throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", target, headers: [("Content-Type", contentType)], body: body))
    }

    /// wai-extra drops a leading `?` from a form body: `?role=admin` is `role` to Warp and Scotty.
    @Test func aFormFieldNamedWithALeadingQuestionMarkIsRefused() throws {
        for body in ["?role=admin&email=x", "email=x&??role=admin"] {
            let verdict = try post("application/x-www-form-urlencoded", body)
            #expect(verdict.keywords == ["bracket-alias"], "\(body): \(verdict.summary)")
        }
        #expect(try post("application/x-www-form-urlencoded", "?x=1&email=x").isValid)
        #expect(BracketAlias.readings(of: "?role") == ["role"])
    }

    /// Haskell's `read` and Scotty's `param :: Int` wrap integers past the signed 64-bit range around.
    @Test(arguments: ["/settings?offset=9223372036854775808", "/settings?offset=18446744073709551616", "/settings?pages=1&pages=99999999999999999999"])
    func anIntegerParameterBeyondSixtyFourBitsIsRefused(target: String) throws {
        let verdict = try post("application/x-www-form-urlencoded", "email=x", target: target)
        #expect(verdict.keywords == ["number-range"], "\(target): \(verdict.summary)")
    }

    @Test func integersWithinSixtyFourBitsStayValid() throws {
        for target in ["/settings?offset=9223372036854775807", "/settings?offset=0", "/settings?pages=1&pages=1234567890123456789"] {
            #expect(try post("application/x-www-form-urlencoded", "email=x", target: target).isValid, "\(target)")
        }
    }

    /// WebOb parses a part labelled as a form as a form of its own.
    @Test func aPartLabelledAsAFormIsRefused() throws {
        let body = "--BB\r\nContent-Disposition: form-data; name=\"note\"\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nrole=admin\r\n--BB--\r\n"
        let verdict = try post("multipart/form-data; boundary=BB", body)
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
        let plain = "--BB\r\nContent-Disposition: form-data; name=\"note\"\r\nContent-Type: text/plain\r\n\r\nrole=admin\r\n--BB--\r\n"
        #expect(try post("multipart/form-data; boundary=BB", plain).isValid)
    }

    /// Web.Cookie (and Rack, Go) hand the service a quoted or padded cookie value as sent; the key checked was the bare one.
    @Test(arguments: ["session=\"abc\"", "session= abc", "session=abc ; x=1"])
    func aQuotedOrPaddedAPIKeyCookieIsRefused(cookie: String) throws {
        let validator = try #require(Self.validator)
        let verdict = validator.validate(request: request("GET", "/me", headers: [("Cookie", cookie)]))
        #expect(verdict.keywords == ["padded-api-key"], "\(cookie): \(verdict.summary)")
        #expect(verdict.status == 401)
    }

    @Test func aPlainAPIKeyCookieStaysValid() throws {
        let validator = try #require(Self.validator)
        #expect(validator.validate(request: request("GET", "/me", headers: [("Cookie", "session=abc; x=1")])).isValid)
        // Express's cookie-session sets `session` and `session.sig` side by side: DRF's dotted reading is not a cookie's.
        let signed = validator.validate(request: request("GET", "/me", headers: [("Cookie", "session=abc; session.sig=xyz")]))
        #expect(signed.isValid, "\(signed.summary)")
    }
}

/// gorilla/schema (Go) reads `base.tenant` through an embedded struct as `tenant`; Grape's `params` and Go's `r.FormValue`
/// take a body property over the query parameter of the same name (found by an audit with gorilla/schema 1.2, Go 1.19
/// and Grape 1.6).
@Suite("Framework differentials: gorilla/schema and Grape")
struct GorillaGrapeDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /notes:
            post:
              parameters:
                - {name: mode, in: query, schema: {type: string, enum: [safe]}}
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: &note
                      type: object
                      properties:
                        text: {type: string}
                        tenant: {type: string, enum: [public]}
                  application/json:
                    schema: *note
                  multipart/form-data:
                    schema: *note
              responses: {"204": {description: ok}}
        """)

    func post(_ target: String, _ contentType: String, _ body: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", target, headers: [("Content-Type", contentType)], body: body))
    }

    @Test(arguments: ["text=a&base.tenant=evil", "text=a&a.b.TENANT=evil"])
    func aDottedSuffixOfADeclaredFieldIsRefused(body: String) throws {
        let verdict = try post("/notes", "application/x-www-form-urlencoded", body)
        #expect(verdict.keywords == ["bracket-alias"], "\(body): \(verdict.summary)")
    }

    @Test func aBodyPropertyNamedLikeAQueryParameterIsRefused() throws {
        let json = try post("/notes?mode=safe", "application/json", #"{"text":"a","mode":"danger"}"#)
        #expect(json.keywords == ["query-body-merge"], "\(json.summary)")
        let form = try post("/notes?mode=safe", "application/x-www-form-urlencoded", "text=a&mode=danger")
        #expect(form.keywords == ["query-body-merge"], "\(form.summary)")
        let part = try post("/notes", "multipart/form-data; boundary=BB", "--BB\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\ndanger\r\n--BB--\r\n")
        #expect(part.keywords == ["query-body-merge"], "\(part.summary)")
        #expect(try post("/notes?mode=safe", "application/json", #"{"text":"mode"}"#).isValid)
    }
}
