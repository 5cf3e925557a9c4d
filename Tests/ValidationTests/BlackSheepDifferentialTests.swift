import Testing
@testable import Validation

/// Multipart requests BlackSheep 2.6 (under uvicorn and Granian) read differently from the validator: it takes the text
/// after the Content-Type's first `=` up to a space as the boundary, quotes and later parameters included, and reads a
/// body as a form when the type spells `application/x-www-form-urlencoded` anywhere. Each was forwarded as valid while
/// the service saw `role=admin` (found by an audit of Python frameworks; the bodies are the audit's, shortened).
@Suite("Framework differentials: BlackSheep multipart")
struct BlackSheepDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /notes:
            post:
              requestBody:
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        note: {type: string, maxLength: 20, pattern: "^[a-z ]*$"}
                        role: {type: string, enum: [user]}
                        comment: {type: string}
              responses: {"204": {description: ok}}
        """)

    func post(_ body: String, contentType: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", "/notes", headers: [("Content-Type", contentType)], body: body))
    }

    /// Parts delimited by `--BB`, the comment part's value holding `hidden` (another reader's delimiter lines).
    static func body(hiding hidden: String = "fine") -> String {
        "--BB\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n"
            + "--BB\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n\(hidden)\r\n--BB--\r\n"
    }

    static func hiddenParts(_ delimiter: String) -> String {
        "x\r\n\(delimiter)\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n\(delimiter)--"
    }

    @Test func quotedAndReorderedBoundariesOfCommonClientsStayValid() throws {
        // .NET quotes every boundary; Spring's RestTemplate writes `charset` before `boundary`.
        for contentType in ["multipart/form-data; boundary=\"BB\"", "multipart/form-data;charset=UTF-8;boundary=BB",
                            "multipart/form-data; charset=utf-8; boundary=BB", "multipart/form-data; boundary=BB; charset=utf-8"] {
            let verdict = try post(Self.body(), contentType: contentType)
            #expect(verdict.isValid, "\(contentType): \(verdict.summary)")
        }
    }

    @Test func aBodyHidingTheQuotedBoundaryIsRefused() throws {
        let verdict = try post(Self.body(hiding: Self.hiddenParts("--\"BB\"")), contentType: "multipart/form-data; boundary=\"BB\"")
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
    }

    @Test func aBodyHidingTheTextAfterTheFirstEqualsSignIsRefused() throws {
        let verdict = try post(Self.body(hiding: Self.hiddenParts("--utf-8;")), contentType: "multipart/form-data; charset=utf-8; boundary=BB")
        #expect(verdict.keywords == ["multipart"], "\(verdict.summary)")
        let spring = try post(Self.body(hiding: Self.hiddenParts("--UTF-8;boundary=BB")), contentType: "multipart/form-data;charset=UTF-8;boundary=BB")
        #expect(!spring.isValid, "\(spring.summary)")
    }

    @Test(arguments: ["multipart/form-data; boundary=\"application/x-www-form-urlencoded\"",
                      "multipart/form-data; boundary=BB; x=\"application/x-www-form-urlencoded\"",
                      "multipart/form-data; boundary=BB; x=Application/X-WWW-Form-Urlencoded"])
    func aMultipartTypeSpellingTheFormTypeIsRefused(contentType: String) throws {
        let boundary = contentType.contains("boundary=BB") ? "BB" : "application/x-www-form-urlencoded"
        let body = Self.body(hiding: "x&role=admin&note=NOT+VALID&z=").replacing("--BB", with: "--" + boundary)
        #expect(try !post(body, contentType: contentType).isValid, "\(contentType)")
    }
}
