import Testing
@testable import Validation

/// Requests that PHP 8.2 (`php -S`, `$_GET`/`$_POST`/`$_COOKIE`) and Go 1.19 (`net/http`, `mime/multipart`) services
/// read differently from the validator: each was forwarded as valid while the service saw a value the spec forbids
/// (found by an audit with those services behind the proxy; the raw requests are the audit's).
@Suite("Framework differentials: PHP and Go")
struct PHPGoDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /body:
            post:
              requestBody:
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        email: {type: string}
                        role: {type: string, enum: [user, guest]}
                        user_role: {type: string, enum: [user, guest]}
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      properties:
                        email: {type: string}
                        user_role: {type: string, enum: [user, guest]}
              responses: {"204": {description: ok}}
          /mangle:
            get:
              parameters:
                - {name: user_session, in: cookie, schema: {type: string, pattern: "^[a-z0-9]{10}$"}}
                - {name: session, in: cookie, schema: {type: string, pattern: "^[a-z0-9]{10}$"}}
              responses: {"204": {description: ok}}
        """)

    func post(_ body: String, contentType: String = "multipart/form-data; boundary=BBB") throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", "/body", headers: [("Content-Type", contentType)], body: body))
    }

    static let rolePart = "Content-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n"
    static let validBody = "--BBB\r\n\(rolePart)--BBB--\r\n"
    /// The audit's hidden second form, after the one checked.
    static let hiddenBody = validBody + "--AAA\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n--AAA--\r\n"

    @Test func theAuditsBaselineIsValid() throws {
        #expect(try post(Self.validBody).isValid)
        #expect(try post(Self.validBody, contentType: "multipart/form-data;boundary=BBB").isValid)
        #expect(try post(Self.validBody, contentType: "multipart/form-data; charset=utf-8; Boundary=BBB").isValid)
    }

    /// PHP takes the boundary after the first `boundary` anywhere in the Content-Type, and the next `=`.
    @Test(arguments: ["boundaryx=AAA; boundary=BBB", "boundary-x=AAA; boundary=BBB", "boundary_=AAA; boundary=BBB",
                      "x=boundary; boundary=BBB", "x=\"boundary\"; boundary=BBB"])
    func aBoundaryWordBeforeTheParameterIsRefused(parameters: String) throws {
        let verdict = try post(Self.hiddenBody, contentType: "multipart/form-data; " + parameters)
        #expect(!verdict.isValid, "\(parameters): \(verdict.summary)")
    }

    /// Go applies the RFC 2231 continuation `boundary*0` over `boundary`.
    @Test(arguments: ["boundary=BBB; boundary*0=AAA", "boundary*0=AAA; boundary=BBB", "boundary=BBB; charset*0=utf-7"])
    func aContinuationParameterIsRefused(parameters: String) throws {
        let verdict = try post(Self.hiddenBody, contentType: "multipart/form-data; " + parameters)
        #expect(verdict.status == 415, "\(parameters): \(verdict.summary)")
    }

    /// Go decodes quoted-printable parts: `a=3Cscript=3E@x.io` was `a<script>@x.io` to it.
    @Test func aQuotedPrintablePartIsRefused() throws {
        let part = "--BBB\r\nContent-Disposition: form-data; name=\"email\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=3Cscript=3E@x.io\r\n"
        #expect(try post(part + "--BBB\r\n\(Self.rolePart)--BBB--\r\n").keywords == ["multipart"])
        for identity in ["8bit", "7bit", "Binary"] {
            let plain = "--BBB\r\nContent-Disposition: form-data; name=\"email\"\r\nContent-Transfer-Encoding: \(identity)\r\n\r\na@x.io\r\n--BBB--\r\n"
            #expect(try post(plain).isValid, "\(identity)")
        }
    }

    /// PHP skips a part whose delimiter line is padded with white space, so the checked field did not reach it.
    @Test func aPaddedDelimiterLineIsRefused() throws {
        #expect(try post("--BBB  \r\n\(Self.rolePart)--BBB--\r\n").keywords == ["multipart"])
        #expect(try post("--BBB\r\n\(Self.rolePart)--BBB\t\r\n\(Self.rolePart)--BBB--\r\n").keywords == ["multipart"])
    }

    /// PHP reads single quotes as quotes: `name='role'` is `role`.
    @Test func aPartNameInSingleQuotesIsRefused() throws {
        #expect(try post("--BBB\r\nContent-Disposition: form-data; name='role'\r\n\r\nadmin\r\n--BBB--\r\n").keywords == ["multipart"])
    }

    /// PHP turns `.`, spaces and an unclosed `[` in names into `_`: `user.role` is `user_role`, and the last one wins.
    @Test(arguments: ["user.role=admin", "user+role=admin", "user%20role=admin", "user%2Erole=admin", "user[role=admin", "user.role[]=admin",
                      "user_role=user&user.role=admin"])
    func aFormFieldPHPReadsAsADeclaredOneIsRefused(body: String) throws {
        let verdict = try post("email=a%40x.io&" + body, contentType: "application/x-www-form-urlencoded")
        #expect(verdict.keywords == ["bracket-alias"], "\(body): \(verdict.summary)")
    }

    @Test func aPartPHPReadsAsADeclaredOneIsRefused() throws {
        let verdict = try post("--BBB\r\nContent-Disposition: form-data; name=\"user.role\"\r\n\r\nadmin\r\n--BBB--\r\n")
        #expect(verdict.keywords == ["bracket-alias"], "\(verdict.summary)")
    }

    @Test func namesPHPReadsAsThemselvesAreLeftAlone() throws {
        #expect(try post("email=a%40x.io&user_role=user&note.x=1&a+b=2", contentType: "application/x-www-form-urlencoded").isValid)
    }

    @Test func phpNamesAreReadAsPHPReadsThem() {
        let cases: [(String, String?)] = [("user.role", "user_role"), ("user role", "user_role"), (" user.role", "user_role"),
                                          ("user[role", "user_role"), ("user[role.x", "user_role.x"), ("a.b[c.d]", "a_b"),
                                          ("role[]", "role"), ("[]", nil), ("plain", "plain")]
        for (key, name) in cases {
            #expect(BracketAlias.phpName(of: key) == name, "\(key)")
        }
    }

    /// PHP keeps the first cookie of a name, so an alias placed first wins; `session[]` makes the cookie an array.
    @Test(arguments: ["user.session=EVIL; user_session=abcdefgh12", "user session=EVIL; user_session=abcdefgh12",
                      "user[session=EVIL; user_session=abcdefgh12", "session=abcdefgh12; session[]=EVIL", "session[x]=EVIL"])
    func aCookiePHPReadsAsADeclaredOneIsRefused(cookie: String) throws {
        let validator = try #require(Self.validator)
        let verdict = validator.validate(request: request("GET", "/mangle", headers: [("Cookie", cookie)]))
        #expect(!verdict.isValid && verdict.violations.allSatisfy { $0.location == .cookie }, "\(cookie): \(verdict.summary)")
    }

    @Test func ordinaryCookiesAreRead() throws {
        let validator = try #require(Self.validator)
        #expect(validator.validate(request: request("GET", "/mangle", headers: [("Cookie", "user_session=abcdefgh12; session=abcdefgh12; _ga.x=1")])).isValid)
    }
}
