import Testing
@testable import Validation

/// Requests that Django, aiohttp and Tornado read differently from the validator: each was forwarded as valid while
/// the service saw a value the spec forbids (found by an audit with those services behind the proxy; the raw requests
/// are the audit's). The gzip finding (Django reads coded bodies) is the proxy's: see the bypass suite.
@Suite("Framework differentials: Django, aiohttp and Tornado")
struct DjangoAiohttpDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /open:
            post:
              requestBody:
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        email: {type: string}
                        role: {type: string, enum: [user, guest]}
              responses: {"204": {description: ok}}
          /items:
            get:
              parameters:
                - {name: session, in: cookie, schema: {type: string, pattern: "^[a-z0-9]{10}$"}}
              responses: {"204": {description: ok}}
        """)

    func upload(_ body: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", "/open", headers: [("Content-Type", "multipart/form-data; boundary=BBB")], body: body))
    }

    func part(_ name: String, _ value: String) -> String {
        "--BBB\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
    }

    @Test func theAuditsBaselineIsValid() throws {
        #expect(try upload(part("email", "a@x.io") + part("role", "user") + "--BBB--\r\n").isValid)
    }

    /// Django reads parts after the closing delimiter; its last value wins.
    @Test func aPartInTheEpilogueIsRefused() throws {
        let verdict = try upload(part("email", "a@x.io") + part("role", "user") + "--BBB--\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin")
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
    }

    /// aiohttp drops a leading `/` or `\` from part names (and returns the first value); Django trims white space. (A
    /// backslash in a Content-Disposition is refused before names are read: `multipart`.)
    @Test(arguments: ["/role", "//role", "role ", "\trole", "role\t"])
    func aPartNameServicesReadAsADeclaredOneIsRefused(name: String) throws {
        let verdict = try upload(part(name, "admin") + part("role", "user") + "--BBB--\r\n")
        #expect(verdict.keywords == ["bracket-alias"], "\(name): \(verdict.summary)")
        #expect(BracketAlias.readings(of: "\\role").contains("role"))
    }

    /// aiohttp ends a cookie at a space or tab: `x=1 session=EVIL` gave it a second `session`, which won.
    @Test(arguments: ["session=abcdefgh12; x=1 session=EVIL", "session=abcdefgh12; x=1\tsession=EVIL", "x=\"a\" session=EVIL",
                      "session=abcdefgh12; x session=EVIL", "session=abcdefgh12; x=1 session = EVIL"])
    func aCookieHiddenAfterASpaceIsRefused(cookie: String) throws {
        let validator = try #require(Self.validator)
        let verdict = validator.validate(request: request("GET", "/items", headers: [("Cookie", cookie)]))
        #expect(!verdict.isValid && verdict.violations.allSatisfy { $0.location == .cookie }, "\(cookie): \(verdict.summary)")
        #expect(validator.validate(request: request("GET", "/items", headers: [("Cookie", "session=abcdefgh12; x=a b")])).isValid)
    }

    /// RFC 7578's `_charset_` field sets the charset of the other text parts for readers that honour it.
    @Test func aCharsetFieldOtherThanUTF8IsRefused() throws {
        let verdict = try upload(part("_charset_", "utf-7") + part("role", "user") + "--BBB--\r\n")
        #expect(verdict.keywords == ["charset"] && verdict.status == 415, "\(verdict.summary)")
        #expect(try upload(part("_charset_", "UTF-8") + part("role", "user") + "--BBB--\r\n").isValid)
    }
}
