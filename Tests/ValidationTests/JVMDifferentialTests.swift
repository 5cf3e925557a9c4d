import Testing
@testable import Validation

/// Multipart requests Netty 4.1 and Java clients make that the validator read differently: Netty's part-name cleaning
/// gave a handler `role=admin` from a part the validator saw as an undeclared `role;`, and Apache HttpClient 4.5's text
/// parts, labelled ISO-8859-1, were refused (found by an audit with Jetty 9.4, Tomcat 10.1 and Netty 4.1; the bodies
/// are the audit's).
@Suite("Framework differentials: Netty multipart, Java clients")
struct JVMDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /subscriptions:
            post:
              requestBody:
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        email: {type: string}
                        role: {type: string, enum: [user]}
              responses: {"204": {description: ok}}
        """)

    func post(parts: [(name: String, headers: String, value: String)]) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        var body = ""
        for part in parts {
            body += "--BB\r\nContent-Disposition: form-data; name=\"\(part.name)\"\r\n\(part.headers)\r\n\(part.value)\r\n"
        }
        body += "--BB--\r\n"
        return validator.validate(request: request("POST", "/subscriptions", headers: [("Content-Type", "multipart/form-data; boundary=BB")], body: body))
    }

    /// Netty turns `:`, `,`, `=`, `;` and tabs in a part name into spaces, drops `"` and trims the ends.
    @Test(arguments: ["role;", "role,", "role:", "role=", ";role", ",role", ":role", "=role", "role; ", "=;,:role:,;=", "role\t;"])
    func aPartNameNettyCleansIntoADeclaredOneIsRefused(name: String) throws {
        let verdict = try post(parts: [("email", "", "a@b.co"), (name, "", "admin")])
        #expect(verdict.keywords == ["bracket-alias"], "\(name): \(verdict.summary)")
        let beside = try post(parts: [("role", "", "user"), (name, "", "admin")])
        #expect(beside.keywords.contains("bracket-alias"), "\(name) beside a valid role: \(beside.summary)")
    }

    @Test func nettyReadings() {
        #expect(BracketAlias.nettyName(of: "=;,:role:,;=") == "role")
        #expect(BracketAlias.nettyName(of: "a:b") == "a b")
        #expect(BracketAlias.nettyName(of: "role") == nil)
        #expect(BracketAlias.nettyName(of: ";;") == nil)
        #expect(BracketAlias.readings(of: "role;").contains("role"))
    }

    @Test func otherPartNamesWithThoseBytesStayValid() throws {
        let verdict = try post(parts: [("email", "", "a@b.co"), ("user:role", "", "x"), ("a,b", "", "y")])
        #expect(verdict.isValid, "\(verdict.summary)")
    }

    /// Apache HttpClient 4.5's `MultipartEntityBuilder.addTextBody` writes every text part so, ASCII values included.
    @Test(arguments: ["text/plain; charset=ISO-8859-1", "text/plain; charset=iso-8859-15", "text/plain; charset=windows-1252",
                      "text/plain; charset=US-ASCII"])
    func asciiTextPartsInAnASCIICompatibleCharsetAreValid(type: String) throws {
        let verdict = try post(parts: [("email", "Content-Type: \(type)\r\nContent-Transfer-Encoding: 8bit\r\n", "a@b.co"),
                                       ("role", "Content-Type: \(type)\r\n", "user")])
        #expect(verdict.isValid, "\(type): \(verdict.summary)")
    }

    @Test func otherTextPartsInAnotherCharsetAreStillRefused() throws {
        let latin1 = try post(parts: [("email", "Content-Type: text/plain; charset=ISO-8859-1\r\n", "caf\u{E9}@b.co")])
        #expect(latin1.keywords == ["charset"], "\(latin1.summary)")
        for charset in ["ISO-2022-JP", "UTF-7", "Shift_JIS", "UTF-16", "iso-8859-99", "windows-1259"] {
            let verdict = try post(parts: [("email", "Content-Type: text/plain; charset=\(charset)\r\n", "a@b.co")])
            #expect(verdict.keywords == ["charset"], "\(charset): \(verdict.summary)")
        }
    }
}
