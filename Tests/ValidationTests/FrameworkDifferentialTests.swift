import Testing
@testable import Validation

/// Requests that Python services (Starlette/FastAPI with python-multipart, Flask/Werkzeug) read differently from the
/// validator: each was forwarded as valid while the service saw a value the spec forbids (found by an audit with
/// those services behind the proxy; the raw requests are the audit's).
@Suite("Framework differentials: multipart and cookies")
struct FrameworkDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /uploads:
            post:
              requestBody:
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        role: {type: string, enum: [user]}
                        note: {type: string, maxLength: 20}
                        meta: {type: object, properties: {kind: {type: string}}}
                        count: {type: integer}
                        file: {type: string, format: binary}
                    encoding: {count: {contentType: application/json}}
              responses: {"204": {description: ok}}
          /forms:
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      properties:
                        role: {type: string, enum: [user]}
                        note: {type: string, maxLength: 3}
              responses: {"204": {description: ok}}
          /lenient-forms:
            post:
              x-specguard-sanitize: {disable: [form-raw-bytes]}
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: {type: object, properties: {note: {type: string, maxLength: 3}}}
              responses: {"204": {description: ok}}
          /session:
            get:
              parameters:
                - {name: mode, in: cookie, schema: {type: string, enum: [basic]}}
                - {name: sid, in: cookie, schema: {type: string, pattern: "^[a-z]+$"}}
                - {name: next, in: cookie, schema: {type: string}}
              responses: {"204": {description: ok}}
        """)

    func upload(_ body: String, boundary: String = "B", contentType: String? = nil) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", "/uploads", headers: [("Content-Type", contentType ?? "multipart/form-data; boundary=\(boundary)")], body: body))
    }

    func form(_ body: String, path: String = "/forms", contentType: String = "application/x-www-form-urlencoded") throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", path, headers: [("Content-Type", contentType)], body: body))
    }

    func session(_ cookie: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("GET", "/session", headers: [("Cookie", cookie)]))
    }

    @Test func aPlainUploadIsValid() throws {
        let verdict = try upload("--B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nzz\r\n--B\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"kind\":\"x\"}\r\n--B\r\nContent-Disposition: form-data; name=\"count\"\r\nContent-Type: application/json\r\n\r\n7\r\n--B--\r\n")
        #expect(verdict.isValid, "\(verdict.summary)")
    }

    /// Python's email parser reads `\\"` as an escaped quote: the part was `role` to Starlette and `note` here.
    @Test func aBackslashInAContentDispositionIsRefused() throws {
        let verdict = try upload("--B\r\nContent-Disposition: form-data; name=\"note\"; a=\"\\\\\"; b=\"; name=role; c=\"\r\n\r\nadmin\r\n--B--\r\n")
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
    }

    /// python-multipart keeps the backslash of `boundary="\B"` and read the hidden `--\B` body.
    @Test func aBackslashInTheMultipartContentTypeIsRefused() throws {
        let body = "--\\B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n--\\B--\r\n--B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n--B--\r\n"
        let verdict = try upload(body, contentType: "multipart/form-data; boundary=\"\\B\"")
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
    }

    /// Werkzeug splits at a boundary after a bare LF or CR and anywhere in the preamble.
    @Test(arguments: ["zz\n--B\nContent-Disposition: form-data; name=\"role\"\n\nadmin\n--B--\n", "zz\r--B\rContent-Disposition: form-data; name=\"role\"\r\radmin\r--B--\r"])
    func aBoundaryAfterABareLineBreakIsRefused(content: String) throws {
        let verdict = try upload("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--B--\r\n")
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
    }

    @Test func aBoundaryInsideThePreambleIsRefused() throws {
        let verdict = try upload("x--B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--B--\r\n")
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
    }

    /// Starlette decodes names and values in the body's charset: `+ADw-script+AD4-` is `<script>` in UTF-7.
    @Test func aMultipartCharsetOtherThanUTF8IsRefused() throws {
        let body = "--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n+ADw-script+AD4-\r\n--B--\r\n"
        #expect(try upload(body, contentType: "multipart/form-data; boundary=B; charset=utf-7").keywords == ["multipart"])
        #expect(try upload(body, contentType: "multipart/form-data; boundary=B; charset=UTF-8").isValid)
    }

    /// Werkzeug decodes a text part in its charset: fifteen `é` were thirty Latin-1 characters there.
    @Test func aTextPartInAnotherCharsetIsRefused() throws {
        let part = "--B\r\nContent-Disposition: form-data; name=\"note\"\r\nContent-Type: text/plain; charset=%@\r\n\r\n" + String(repeating: "é", count: 15) + "\r\n--B--\r\n"
        #expect(try upload(part.replacingOccurrences(of: "%@", with: "iso-8859-1")).keywords == ["charset"])
        #expect(try upload(part.replacingOccurrences(of: "%@", with: "utf-8")).isValid)
    }

    /// Services hand a JSON-labelled part over as text: `"user"` arrived with its quotes.
    @Test func aJSONLabelOnAScalarPropertyIsRefusedUnlessTheEncodingAsksForIt() throws {
        let verdict = try upload("--B\r\nContent-Disposition: form-data; name=\"role\"\r\nContent-Type: application/json\r\n\r\n\"user\"\r\n--B--\r\n")
        #expect(verdict.keywords == ["contentType"], "\(verdict.summary)")
        #expect(verdict.status == 415)
    }

    /// Python, Go and Java services read cookie values as sent: `b%61sic` is not `basic` to them.
    @Test(arguments: ["mode=b%61sic", "sid=%61%62", "mode=basic; sid=a%2Db"])
    func aCookieEncodingAnUnreservedCharacterIsRefused(cookie: String) throws {
        #expect(try session(cookie).keywords == ["encoding"], "\(cookie)")
    }

    @Test func encodedReservedCharactersInCookiesStayAllowed() throws {
        #expect(try session("mode=basic; sid=ab; next=https%3A%2F%2Fexample.test%2Fa%20b").isValid)
        // An undeclared cookie is not the validator's to judge.
        #expect(try session("mode=basic; tracker=%61").isValid)
    }

    /// Werkzeug reads `Cookie: mode` as cookie `mode` with an empty value.
    @Test func aDeclaredCookieNameWithoutAValueIsRefused() throws {
        let verdict = try session("mode; sid")
        #expect(Set(verdict.keywords) == ["style"] && verdict.violations.count == 2, "\(verdict.summary)")
        #expect(try session("mode=basic; flag").isValid)
    }

    /// Starlette reads a raw byte over 0x7F in a form as ISO-8859-1: `ééé` is six characters to it, three here.
    @Test func aRawNonASCIIByteInAFormIsRefused() throws {
        #expect(try form("note=%C3%A9%C3%A9%C3%A9&role=user").isValid)
        let verdict = try form("note=\u{E9}\u{E9}\u{E9}&role=user")
        #expect(verdict.keywords == ["form-raw-bytes"] && verdict.status == 400, "\(verdict.summary)")
        #expect(verdict.violations.first?.message.contains("offset 5") == true, "\(verdict.summary)")
        // The rule can be turned off for a client that sends raw UTF-8 (as `curl -d` does).
        #expect(try form("note=\u{E9}\u{E9}\u{E9}", path: "/lenient-forms").isValid)
        #expect(try form("note=\u{E9}\u{E9}\u{E9}\u{E9}", path: "/lenient-forms").keywords == ["maxLength"])
    }

    /// Django decodes form fields in the charset the Content-Type names: under UTF-7, `+ADw-` is `<`.
    @Test(arguments: ["utf-7", "ISO-8859-1", "utf-16", "x-unknown"])
    func aFormInAnotherCharsetIsRefused(charset: String) throws {
        let verdict = try form("role=user", contentType: "application/x-www-form-urlencoded; charset=\(charset)")
        #expect(verdict.keywords == ["charset"] && verdict.status == 415, "\(charset): \(verdict.summary)")
    }

    @Test(arguments: ["utf-8", "UTF-8", "utf8", "us-ascii"])
    func aFormInUTF8IsRead(charset: String) throws {
        #expect(try form("role=user&note=%C3%A9", contentType: "application/x-www-form-urlencoded; charset=\(charset)").isValid, "\(charset)")
    }

    @Test func theBodyDecoderRefusesAFormInAnotherCharset() throws {
        let utf7 = try #require(MediaType("application/x-www-form-urlencoded; charset=utf-7"))
        guard case .failure(let problems) = BodyDecoder.decode(Array("a=%2BADw-".utf8), as: utf7) else {
            Issue.record("a UTF-7 form was decoded")
            return
        }
        #expect(problems.violations.map(\.keyword) == ["charset"])
        let utf8 = try #require(MediaType("application/x-www-form-urlencoded; charset=utf-8"))
        #expect((try? BodyDecoder.decode(Array("a=b".utf8), as: utf8).get()) != nil)
        let multipart = try #require(MediaType("multipart/form-data; boundary=B; charset=utf-7"))
        let parts = BodyDecoder.decode(Array("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n+AHI-\r\n--B--\r\n".utf8), as: multipart)
        #expect((try? parts.get()) == nil, "a UTF-7 multipart body was decoded")
    }
}
