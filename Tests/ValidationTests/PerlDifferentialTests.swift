import Testing
@testable import Validation

/// Requests that Dancer2 (Plack) and Mojolicious 9 read differently from the validator: each was forwarded as valid
/// while the service saw a value the spec forbids (found by an audit with those services behind the proxy; the raw
/// requests are the audit's).
@Suite("Framework differentials: Dancer2 (Plack) and Mojolicious")
struct PerlDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /subscriptions:
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: &subscription
                      type: object
                      required: [email]
                      properties:
                        email: {type: string}
                        role: {type: string, enum: [user]}
                        note: {type: string, maxLength: 500}
                  multipart/form-data:
                    schema: *subscription
              responses: {"204": {description: ok}}
          /tenant:
            get:
              parameters:
                - {name: session, in: cookie, schema: {type: string, pattern: "^[a-z0-9]{8}$"}}
              responses: {"204": {description: ok}}
        """)

    func form(_ body: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", "/subscriptions", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body))
    }

    /// Plack splits form bodies on `;` as on `&`: `note=x;role=admin` gave Dancer2 a second `role`, which it returned.
    @Test(arguments: ["email=a@b.co&role=user&note=x;role=admin", "email=a@b.co&note=x;%72ole=admin", "email=a@b.co&note=x;+role=admin",
                      "email=a@b.co&note=x;a=b;role=admin", "email=a@b.co;role=admin"])
    func aDeclaredFieldAfterASemicolonIsRefused(body: String) throws {
        let verdict = try form(body)
        #expect(verdict.keywords.contains("bracket-alias"), "\(body): \(verdict.summary)")
    }

    @Test func otherTextAfterASemicolonStaysInItsValue() throws {
        #expect(try form("email=a@b.co&role=user&note=x;y=z;see+you").isValid)
    }

    /// Mojolicious reads the parts nested in a `multipart/mixed` part as fields of the form: `role=admin` hidden in `note`.
    @Test func aPartThatIsItselfMultipartIsRefused() throws {
        let validator = try #require(Self.validator)
        let body = "--BBB\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@b.co\r\n--BBB\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n"
            + "--BBB\r\nContent-Disposition: form-data; name=\"note\"\r\nContent-Type: multipart/mixed; boundary=CCC\r\n\r\n"
            + "--CCC\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n--CCC--\r\n\r\n--BBB--\r\n"
        let verdict = validator.validate(request: request("POST", "/subscriptions", headers: [("Content-Type", "multipart/form-data; boundary=BBB")], body: body))
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
    }

    /// Plack's cookie parser percent-decodes names and keeps the first: `%73ession=EVIL` was Dancer2's `session`.
    @Test(arguments: ["%73ession=EVIL_VALUE_1; session=abcdefgh", "sessio%6E=../../evil; session=abcdefgh", "%73ession=EVIL_VALUE_1"])
    func aCookieNameThatDecodesToADeclaredOneIsRefused(cookie: String) throws {
        let validator = try #require(Self.validator)
        let verdict = validator.validate(request: request("GET", "/tenant", headers: [("Cookie", cookie)]))
        #expect(!verdict.isValid && verdict.violations.allSatisfy { $0.location == .cookie }, "\(cookie): \(verdict.summary)")
        #expect(validator.validate(request: request("GET", "/tenant", headers: [("Cookie", "session=abcdefgh; %61=b")])).isValid)
    }
}

/// Mojolicious takes a body for a form when its Content-Type holds `application/x-www-form-urlencoded` anywhere and reads
/// query and body as one (`param`): `{"name":"a&mode=unsafe&z="}` sent as `application/json; x="application/x-www-form-
/// urlencoded"` gave it a query parameter `mode` its enum forbids (found by an audit with Mojolicious 9.31).
@Suite("Framework differentials: Mojolicious type spellings")
struct MojoliciousTypeSpellingTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /items:
            post:
              parameters:
                - {name: mode, in: query, schema: {type: string, enum: [safe]}}
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {name: {type: string}}}
                  application/x-www-form-urlencoded:
                    schema: {type: object, properties: {name: {type: string}}}
              responses: {"204": {description: ok}}
        """)

    func post(_ contentType: String, _ body: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", "/items", headers: [("Content-Type", contentType)], body: body))
    }

    @Test(arguments: [#"application/json; x="application/x-www-form-urlencoded""#,
                      #"application/json; charset=utf-8; x="Application/X-WWW-Form-Urlencoded""#,
                      #"application/json; x="multipart/form-data""#,
                      #"application/x-www-form-urlencoded; x="multipart/form-data""#])
    func aTypeSpellingAnotherFormTypeIsRefused(contentType: String) throws {
        let verdict = try post(contentType, #"{"name":"a"}"#)
        #expect(verdict.status == 415, "\(contentType): \(verdict.summary)")
    }

    @Test func aDeclaredQueryParameterAfterAnAmpersandInAJSONBodyIsRefused() throws {
        for body in [#"{"name":"a&mode=unsafe&z="}"#, #"{"name":"a;mode=unsafe"}"#, #"{"name":"a&%6Dode=unsafe"}"#] {
            let verdict = try post("application/json", body)
            #expect(verdict.keywords == ["bracket-alias"], "\(body): \(verdict.summary)")
        }
        #expect(try post("application/json", #"{"name":"a&b=c; see mode"}"#).isValid)
        #expect(try post("application/json; charset=utf-8", #"{"name":"a"}"#).isValid)
        #expect(try post("application/x-www-form-urlencoded; charset=UTF-8", "name=a").isValid)
    }
}

/// HTTP::Body (Catalyst 5.90, Dancer 1) takes a part's name from the first ` name=` after a space and up to a `;`, and
/// drops any white space after a form separator, line breaks included (found by an audit with Catalyst and Dancer 1).
@Suite("Framework differentials: HTTP::Body (Catalyst, Dancer 1)")
struct HTTPBodyDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /subscriptions:
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: &subscription
                      type: object
                      properties:
                        email: {type: string}
                        note: {type: string}
                        role: {type: string, enum: [user]}
                  multipart/form-data:
                    schema: *subscription
              responses: {"204": {description: ok}}
        """)

    func post(_ contentType: String, _ body: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", "/subscriptions", headers: [("Content-Type", contentType)], body: body))
    }

    @Test(arguments: [#"form-data;name="note"; x=" name=role""#, #"form-data; name="note"; x="a name=role""#])
    func aSecondNameParameterAnywhereIsRefused(disposition: String) throws {
        let body = "--BB\r\nContent-Disposition: \(disposition)\r\n\r\nadmin\r\n--BB--\r\n"
        let verdict = try post("multipart/form-data; boundary=BB", body)
        #expect(verdict.keywords == ["multipart"], "\(disposition): \(verdict.summary)")
    }

    @Test func aPartNameCutAtASemicolonIsAReading() throws {
        let body = "--BB\r\nContent-Disposition: form-data; name=\"role;x\"\r\n\r\nadmin\r\n--BB--\r\n"
        let verdict = try post("multipart/form-data; boundary=BB", body)
        #expect(verdict.keywords == ["bracket-alias"], "\(verdict.summary)")
        let file = "--BB\r\nContent-Disposition: form-data; name=\"note\"; filename=\"a name.txt\"\r\n\r\nx\r\n--BB--\r\n"
        #expect(try post("multipart/form-data; boundary=BB", file).isValid)
    }

    @Test(arguments: ["email=a&\nrole=admin", "email=a;\r\nrole=admin", "email=a&\n+role=admin", "role=user&\r\nrole=admin"])
    func aLineBreakBeforeADeclaredFieldIsRefused(body: String) throws {
        let verdict = try post("application/x-www-form-urlencoded", body)
        #expect(verdict.keywords.contains("bracket-alias"), "\(body.debugDescription): \(verdict.summary)")
    }
}
