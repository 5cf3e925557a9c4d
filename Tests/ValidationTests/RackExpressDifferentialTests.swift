import Testing
@testable import Validation

/// Requests that Ruby (Rack 2.2 and Sinatra on Puma) and Node (Express with `qs`, `cookie` and busboy) services read
/// differently from the validator: each was forwarded as valid while the service saw a value the spec forbids (found
/// by an audit with those services behind the proxy; the raw requests are the audit's, the host names trimmed).
@Suite("Framework differentials: Rack and Express")
struct RackExpressDifferentialTests {
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
                        note: {type: string}
                        file: {type: string, format: binary}
              responses: {"204": {description: ok}}
          /json:
            post:
              x-specguard-sanitize: {disable: [query-body-merge]}
              requestBody:
                content:
                  application/json: {schema: {type: object, properties: {role: {type: string, enum: [user]}}}}
              responses: {"204": {description: ok}}
          /items:
            get:
              parameters:
                - {name: session, in: cookie, required: true, schema: {type: string, pattern: "^[a-z0-9]{10}$"}}
              responses: {"204": {description: ok}}
          /keyed:
            get:
              security: [{cookieKey: []}]
              responses: {"204": {description: ok}}
        components:
          securitySchemes:
            cookieKey: {type: apiKey, in: cookie, name: key}
        """)

    func upload(_ body: String, contentType: String = "multipart/form-data; boundary=B", target: String = "/body") throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", target, headers: [("Content-Type", contentType)], body: body))
    }

    func items(cookies: [String]) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("GET", "/items", headers: cookies.map { ("Cookie", $0) }))
    }

    static let plainPart = "Content-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n"

    @Test func ordinaryBoundariesAreRead() throws {
        for boundary in ["----WebKitFormBoundary7MA4YWxkTrZu0gW", "------------------------d74496d66958873e", "a'()+_-./:=?z", "with space"] {
            let body = "--\(boundary)\r\n\(Self.plainPart)--\(boundary)--\r\n"
            #expect(try upload(body, contentType: "multipart/form-data; boundary=\"\(boundary)\"").isValid, "\(boundary)")
        }
    }

    /// Rack cuts a quoted boundary at `;` or `,`: with `boundary="AAA;BBB"` it read the form after `--AAA` (role=admin).
    @Test(arguments: ["AAA;BBB", "AAA,BBB", "AAA\"BBB", "AAA<BBB"])
    func aBoundaryWithACharacterOutsideRFC2046IsRefused(boundary: String) throws {
        let quoted = boundary.replacingOccurrences(of: "\"", with: "\\\"")
        let body = "--\(boundary)\r\n\(Self.plainPart)--\(boundary)--\r\n--AAA\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n--AAA--\r\n"
        let verdict = try upload(body, contentType: "multipart/form-data; boundary=\"\(quoted)\"")
        #expect(verdict.keywords == ["multipart"], "\(boundary): \(verdict.summary)")
    }

    /// Rack takes the last `boundary=` in the Content-Type text, also inside another parameter's quoted value.
    @Test func aSecondBoundaryInTheContentTypeIsRefused() throws {
        let body = "--B\r\n\(Self.plainPart)--B--\r\n"
        let verdict = try upload(body, contentType: "multipart/form-data; boundary=B; x=\"boundary=C\"")
        #expect(verdict.keywords == ["multipart"] && verdict.violations.first?.message.contains("elsewhere") == true, "\(verdict.summary)")
    }

    /// Rack names a part after the last `; name=` that follows a `Content-Disposition:` anywhere in the part's head.
    @Test(arguments: [
        "Content-Disposition: form-data; name=\"note\"; x=\"; name=role\"\r\n",
        "X-Note: Content-Disposition: form-data; name=role\r\nContent-Disposition: form-data; name=\"note\"\r\n",
        "Content-Disposition: form-data; name=\"note\"; filename=\"a; name=role\"\r\n",
        "Content-Disposition: form-data; name=\"note\"\r\nX-Extra: a;\tNAME=role\r\n",
    ])
    func aPartHeadThatNamesThePartTwiceIsRefused(head: String) throws {
        let verdict = try upload("--B\r\n\(head)\r\nadmin\r\n--B--\r\n")
        #expect(verdict.keywords == ["multipart"], "\(head): \(verdict.summary)")
    }

    @Test func aFilePartWithOneNameIsRead() throws {
        let verdict = try upload("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"names.txt\"\r\nContent-Type: text/plain\r\n\r\nname=x\r\n--B--\r\n")
        #expect(verdict.isValid, "\(verdict.summary)")
    }

    /// Rack::MethodOverride reads `_method` from a multipart body, and Rack reads `[_method]` as `_method`.
    @Test(arguments: ["_method", "[_method]", "_method]"])
    func aMethodOverridePartIsRefused(name: String) throws {
        let verdict = try upload("--B\r\n\(Self.plainPart)--B\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\nDELETE\r\n--B--\r\n")
        #expect(verdict.keywords.contains("method-override"), "\(name): \(verdict.summary)")
    }

    /// Rack reads a part named `[role]` or `role]` as `role`.
    @Test(arguments: ["[role]", "role]", "]role"])
    func aPartNameRackReadsAsADeclaredFieldIsRefused(name: String) throws {
        let verdict = try upload("--B\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\nadmin\r\n--B--\r\n")
        #expect(verdict.keywords == ["bracket-alias"], "\(name): \(verdict.summary)")
    }

    @Test func anOrdinaryCookieHeaderIsRead() throws {
        #expect(try items(cookies: ["session=abcdefgh12; _ga=GA1.2.3; theme=dark"]).isValid)
        #expect(try items(cookies: ["session=abcdefgh12"]).isValid)
    }

    /// The `cookie` module Express uses trims U+00A0 (and the other Unicode spaces) from names; ASP.NET Core matches
    /// names without case; Rack keeps quotes; Rack 2 splits on `,`; Puma joins Cookie lines with `", "`.
    @Test(arguments: [
        ["\u{A0}session=EVIL<script>; session=abcdefgh12"],
        ["session\u{A0}=EVIL; session=abcdefgh12"],
        ["SESSION=EVIL; session=abcdefgh12"],
        ["session=\"abcdefgh12\""],
        ["x=1, session=EVIL; session=abcdefgh12"],
        ["x=1; session=abcdefgh12", "y=' OR 1=1--"],
        ["a=1", "session=abcdefgh12"],
        ["session=abcdefgh12 ; x=1"],
        ["session= abcdefgh12"],
    ])
    func aCookieServicesReadDifferentlyIsRefused(lines: [String]) throws {
        let verdict = try items(cookies: lines)
        #expect(!verdict.isValid && verdict.violations.allSatisfy { $0.location == .cookie }, "\(lines): \(verdict.summary)")
    }

    @Test func aCookieAPIKeyWithAnAliasOrOnTwoLinesIsRefused() throws {
        let validator = try #require(Self.validator)
        #expect(validator.validate(request: request("GET", "/keyed", headers: [("Cookie", "key=k1; other=2")])).isValid)
        for lines in [["\u{A0}key=k2; key=k1"], ["KEY=k2; key=k1"], ["key=k1", "other=2"]] {
            let verdict = validator.validate(request: request("GET", "/keyed", headers: lines.map { ("Cookie", $0) }))
            #expect(verdict.status == 401, "\(lines): \(verdict.summary)")
        }
    }

    /// busboy and Rack hand a part with a file name (Rack drops one with `filename=""`) or, in busboy, a part typed
    /// `application/octet-stream` to the service as a file: a `role` sent so was checked as the field and not seen as it.
    @Test(arguments: [
        "Content-Disposition: form-data; name=\"role\"; filename=\"user\"\r\n",
        "Content-Disposition: form-data; name=\"role\"; filename=\"\"\r\n",
        "Content-Disposition: form-data; name=\"role\"; filename*=UTF-8''user\r\n",
        "Content-Disposition: form-data; name=\"role\"\r\nContent-Type: application/octet-stream\r\n",
    ])
    func aTextOnlyFieldSentAsAFileIsRefused(head: String) throws {
        let verdict = try upload("--B\r\n\(head)\r\nuser\r\n--B--\r\n")
        #expect(verdict.keywords == ["contentType"] && verdict.status == 415, "\(head): \(verdict.summary)")
    }

    @Test func filesForPropertiesThatMayHoldThemAreRead() throws {
        for name in ["file", "note"] {
            let verdict = try upload("--B\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{01}\u{02}\r\n--B--\r\n")
            #expect(verdict.isValid, "\(name): \(verdict.summary)")
        }
    }

    /// Express's `content-type` parser refuses `application/json;` and body-parser then skips the body.
    @Test func aContentTypeEndingInASemicolonIsRefused() throws {
        let validator = try #require(Self.validator)
        for contentType in ["application/json;", "application/json; charset=utf-8; "] {
            let verdict = validator.validate(request: request("POST", "/json", headers: [("Content-Type", contentType)], body: #"{"role":"user"}"#))
            #expect(verdict.status == 415 && verdict.keywords == ["mediaType"], "\(contentType): \(verdict.summary)")
        }
        #expect(validator.validate(request: request("POST", "/json", headers: [("Content-Type", "application/json; charset=utf-8")], body: #"{"role":"user"}"#)).isValid)
    }

    /// Sinatra's `params` (like Rails, Spring's `@RequestParam`, PHP's `$_REQUEST`) merges query and body: with the
    /// body's `role` left out (or dropped as a file), an undeclared `?role=admin` was the service's `role`.
    @Test(arguments: ["/body?role=admin", "/body?%5Brole%5D=admin", "/body?x=1&email=a"])
    func anUndeclaredQueryParameterNamedLikeABodyPropertyIsRefused(target: String) throws {
        let verdict = try upload("--B\r\n\(Self.plainPart)--B--\r\n", target: target)
        #expect(verdict.keywords == ["query-body-merge"], "\(target): \(verdict.summary)")
    }

    @Test func otherQueryParametersAndTheRuleSwitchedOffAreLeftAlone() throws {
        #expect(try upload("--B\r\n\(Self.plainPart)--B--\r\n", target: "/body?trace=1").isValid)
        let validator = try #require(Self.validator)
        #expect(validator.validate(request: jsonRequest("POST", "/json?role=admin", #"{"role":"user"}"#)).isValid)
    }
}
