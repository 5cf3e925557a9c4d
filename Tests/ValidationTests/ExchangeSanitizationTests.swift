import Testing
import Documents
@testable import Validation

@Suite("Exchange: sanitization")
struct ExchangeSanitizationTests {
    static let spec = """
    openapi: 3.1.0
    info: {title: t, version: "1"}
    paths:
      /comments:
        post:
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    text: {type: string}
                    code: {type: string, pattern: "^[a-z' ;=-]+$"}
                    kind: {type: string, enum: ["' OR 1=1 --", plain]}
                    site: {type: string, format: uri}
                    tags: {type: array, items: {type: string}}
                    meta: {type: object, additionalProperties: {type: string}}
          parameters:
            - {name: q, in: query, schema: {type: string}}
            - {name: sort, in: query, schema: {type: string, enum: ["name;drop"]}}
          responses: {"204": {description: ok}}
      /raw:
        post:
          x-specguard-sanitize: {disable: [sql-injection, duplicate-json-keys], maxBodyBytes: 64}
          requestBody:
            content:
              application/json: {schema: {type: object}}
          responses: {"204": {description: ok}}
      /trusted:
        post:
          x-specguard-sanitize: false
          requestBody:
            content:
              application/json: {schema: {type: object}}
          responses: {"204": {description: ok}}
      /imports:
        x-specguard-sanitize: {disable: [sql-injection]}
        post:
          requestBody:
            content:
              application/json: {schema: {type: object}}
          responses: {"204": {description: ok}}
        put:
          x-specguard-sanitize: {disable: [html-injection]}
          requestBody:
            content:
              application/json: {schema: {type: object}}
          responses: {"204": {description: ok}}
    """

    @Test func aPathItemsSettingAppliesToItsOperationsUnlessTheyHaveTheirOwn() throws {
        let validator = try #require(makeValidator(yaml: Self.spec))
        let sql = #"{"text":"' OR 1=1 --"}"#, html = #"{"text":"<script>alert(1)</script>"}"#
        // POST inherits the path item's setting: SQL allowed, HTML still refused.
        #expect(validator.validate(request: jsonRequest("POST", "/imports", sql)).isValid)
        #expect(validator.validate(request: jsonRequest("POST", "/imports", html)).keywords == ["html-injection"])
        // PUT has its own setting, which replaces the path item's whole: HTML allowed, SQL refused.
        #expect(validator.validate(request: jsonRequest("PUT", "/imports", html)).isValid)
        #expect(validator.validate(request: jsonRequest("PUT", "/imports", sql)).keywords == ["sql-injection"])
    }

    func post(_ body: String, path: String = "/comments", options: ValidationOptions = ValidationOptions()) throws -> RequestVerdict {
        let validator = try #require(makeValidator(yaml: Self.spec, options: options))
        return validator.validate(request: jsonRequest("POST", path, body))
    }

    func comment(_ text: String) throws -> RequestVerdict {
        let body = JSONWriter.compact(JSONValue(.object(JSONObject([JSONMember(key: "text", value: .string(text))]))))
        return try post(body)
    }

    // MARK: Each rule hits

    @Test(arguments: [
        ("' OR 1=1 --", "sql-injection"),
        ("1; DROP TABLE users", "sql-injection"),
        ("x' UNION SELECT password FROM users --", "sql-injection"),
        ("<script>alert(1)</script>", "html-injection"),
        ("<img src=x onerror=alert(1)>", "html-injection"),
        ("../../../etc/passwd", "path-traversal"),
        ("$(rm -rf /)", "shell-injection"),
        ("a\u{0}b", "nul-character"),
        ("a\u{7}b", "control-character"),
    ])
    func injectionAndCharacterRulesHitInUnconstrainedStrings(text: String, rule: String) throws {
        let verdict = try comment(text)
        #expect(verdict.keywords == [rule], "\(verdict.summary)")
        #expect(verdict.violations.first?.pointer?.description == "/text")
        #expect(verdict.status == 400)
    }

    @Test(arguments: ["O'Brien", "AT&T", "C:\\Users\\ada", "<3", "select your plan", "Tom & Jerry's diner", "50% off -- today",
                      "I'd like 1=1 more", "a | b", "union of states", "rock 'n' roll", "x < y and y > z", "#1; hooray"])
    func ordinaryTextIsNotFlagged(text: String) throws {
        let verdict = try comment(text)
        #expect(verdict.isValid, "\(text): \(verdict.summary)")
    }

    @Test func prototypePollutionKeysAreFlaggedAnywhere() throws {
        let verdict = try post(#"{"meta":{"__proto__":"x"}}"#)
        #expect(verdict.keywords.contains("prototype-pollution"), "\(verdict.summary)")
        #expect(verdict.violations.first?.pointer?.description == "/meta/__proto__")
    }

    @Test func nosqlOperatorKeysAreFlagged() throws {
        #expect(try post(#"{"meta":{"$where":"1"}}"#).keywords.contains("nosql-operator"))
    }

    @Test func duplicateKeysAreFlagged() throws {
        #expect(try post(#"{"text":"a","text":"b"}"#).keywords == ["duplicate-json-keys"])
    }

    /// An undeclared key that differs from a declared property only in case: Go's `encoding/json` and ASP.NET Core bind
    /// it to that property, so `{"KIND":"admin"}` would reach such a service as a `kind` the enum forbids.
    @Test func undeclaredKeysFoldingOntoADeclaredPropertyAreRefused() throws {
        let verdict = try post(#"{"text":"a","KIND":"admin"}"#)
        #expect(verdict.keywords == ["case-variant-key"], "\(verdict.summary)")
        #expect(verdict.violations.first?.pointer?.description == "/KIND")
        #expect(verdict.violations.first?.message.contains(#""kind""#) == true)
        #expect(verdict.status == 400)
        #expect(try post(#"{"kind":"plain","Kind":"admin"}"#).keywords == ["case-variant-key"])
        // A free-form map declares no names: keys differing in case are distinct entries there.
        #expect(try post(#"{"meta":{"Lang":"x","LANG":"y"}}"#).isValid)
    }

    @Test func theCaseVariantRuleCanBeTurnedOffPerOperation() throws {
        let validator = try #require(makeValidator(yaml: """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /on:
                post:
                  requestBody:
                    content:
                      application/json: {schema: {type: object, properties: {role: {type: string, enum: [user]}}}}
                      application/x-www-form-urlencoded: {schema: {type: object, properties: {role: {type: string, enum: [user]}}}}
                  responses: {"204": {description: ok}}
              /off:
                post:
                  x-specguard-sanitize: {disable: [case-variant-key]}
                  requestBody:
                    content:
                      application/json: {schema: {type: object, properties: {role: {type: string, enum: [user]}}}}
                  responses: {"204": {description: ok}}
            """))
        #expect(validator.diagnostics.isEmpty, "\(validator.diagnostics)")
        #expect(validator.validate(request: jsonRequest("POST", "/on", #"{"Role":"admin"}"#)).keywords == ["case-variant-key"])
        #expect(validator.validate(request: jsonRequest("POST", "/off", #"{"Role":"admin"}"#)).isValid)
        // Form fields too: ASP.NET binds them without case.
        let form = request("POST", "/on", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "ROLE=admin")
        #expect(validator.validate(request: form).keywords == ["case-variant-key"])
    }

    /// `role[]=admin` in a form or a part named `role[]` is `role` itself to PHP, Rails, Express (`qs`) and ASP.NET, and
    /// was let through as an undeclared extra field (found by a check of the open items: `validate` said valid).
    @Test func bracketSpellingsOfDeclaredFormFieldsAndPartNamesAreRefused() throws {
        let validator = try #require(makeValidator(yaml: """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /f:
                post:
                  requestBody:
                    content:
                      application/x-www-form-urlencoded:
                        schema:
                          type: object
                          properties:
                            role: {type: string, enum: [user]}
                            filter: {type: object, properties: {kind: {type: string}}}
                            "tags[]": {type: array, items: {type: string}}
                        encoding: {filter: {style: deepObject, explode: true}}
                      multipart/form-data: {schema: {type: object, properties: {role: {type: string, enum: [user]}}}}
                  responses: {"204": {description: ok}}
              /off:
                post:
                  x-specguard-sanitize: {disable: [bracket-alias]}
                  requestBody:
                    content:
                      application/x-www-form-urlencoded: {schema: {type: object, properties: {role: {type: string, enum: [user]}}}}
                  responses: {"204": {description: ok}}
            """))
        #expect(validator.diagnostics.isEmpty, "\(validator.diagnostics)")
        func form(_ body: String, _ path: String = "/f") -> RequestVerdict {
            validator.validate(request: request("POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body))
        }
        // Rack's reading too (an audit with Sinatra): leading brackets skipped, a stray `]`, leading spaces dropped.
        for body in ["role[]=admin", "role%5B%5D=admin", "role[0]=admin", "role[x]=admin", "role=user&role[]=admin", "ROLE[]=admin",
                     "[role]=admin", "%5Brole%5D=admin", "]role=admin", "role]=admin", "[[role]]=admin", "[]role=admin",
                     "role=user& role=admin", "+role=admin", "%20role=admin"] {
            let verdict = form(body)
            #expect(verdict.keywords.contains("bracket-alias"), "\(body): \(verdict.summary)")
        }
        // Brackets on an undeclared name, a declared bracket spelling, a deepObject field, brackets with nothing in them: no alias.
        for body in ["role=user&note[]=x", "tags[]=a", "role=user&filter[kind]=b", "role=user&[]=x", "role=user&[note]=x", "role=user&+note=x"] {
            let verdict = form(body)
            #expect(verdict.isValid, "\(body): \(verdict.summary)")
        }
        #expect(form("role[]=admin", "/off").isValid)
        let part = "--B\r\nContent-Disposition: form-data; name=\"role[]\"\r\n\r\nadmin\r\n--B--\r\n"
        let multipart = validator.validate(request: request("POST", "/f", headers: [("Content-Type", "multipart/form-data; boundary=B")], body: part))
        #expect(multipart.keywords == ["bracket-alias"], "\(multipart.summary)")
    }

    /// Multipart bodies: a JSON part is scanned with its property's outline (it was scanned as if nothing were declared,
    /// so `{"ROLE":"admin"}` in a part reached a Go service as role=admin; found by an audit), and part names are keys.
    @Test func multipartPartsAndTheirNamesFollowTheCaseVariantRule() throws {
        let validator = try #require(makeValidator(yaml: """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /upload:
                post:
                  requestBody:
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          properties:
                            role: {type: string, enum: [user]}
                            meta: {type: object, properties: {role: {type: string, enum: [user]}}}
                        encoding: {meta: {contentType: application/json}}
                  responses: {"204": {description: ok}}
            """))
        func send(_ parts: [String]) -> RequestVerdict {
            let body = parts.map { "--B\r\n" + $0 + "\r\n" }.joined() + "--B--\r\n"
            return validator.validate(request: request("POST", "/upload", headers: [("Content-Type", "multipart/form-data; boundary=B")], body: body))
        }
        let json = "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n"
        #expect(send([json + #"{"role":"user","note":"x"}"#, "Content-Disposition: form-data; name=\"role\"\r\n\r\nuser"]).isValid)
        let inPart = send([json + #"{"ROLE":"admin"}"#])
        #expect(inPart.keywords == ["case-variant-key"], "\(inPart.summary)")
        #expect(send([json + #"{"role":"admin"}"#]).keywords == ["enum"])
        #expect(send(["Content-Disposition: form-data; name=\"ROLE\"\r\n\r\nadmin"]).keywords == ["case-variant-key"])
        // Undeclared members of a JSON part are still scanned.
        #expect(send([json + #"{"note":"' OR 1=1 --"}"#]).keywords == ["sql-injection"])
        // Other spellings of a part's name (Go honours name* and RFC 2231 continuations, PHP takes the last name, readers
        // differ on two Content-Disposition fields) are refused: validated as `x`, they reached services as `role`.
        for disposition in ["form-data; name=\"x\"; name*=UTF-8''role", "form-data; name=\"x\"; name*0=\"ro\"; name*1=\"le\"",
                            "form-data; name=\"x\"; name=\"role\"", "form-data; name=\"x\"\r\nContent-Disposition: form-data; name=\"role\""] {
            let verdict = send(["Content-Disposition: " + disposition + "\r\n\r\nadmin"])
            #expect(verdict.status == 400 && !verdict.isValid, "\(disposition): \(verdict.summary)")
            #expect(verdict.keywords == ["multipart"], "\(disposition): \(verdict.summary)")
        }
        // `filename*` is no spelling of the name: the part is `role`, refused only as a file for a text-only property.
        #expect(send(["Content-Disposition: form-data; name=\"role\"; filename*=UTF-8''r%C3%A9le.txt\r\n\r\nuser"]).keywords == ["contentType"])
    }

    /// A JSON header parameter with bytes that are not UTF-8 was read as ISO-8859-1: `statu\xC5\xBF` became an undeclared
    /// key here while Go read `statuſ` and bound it to `status` (found by a re-audit). Such a value is refused.
    @Test func aJSONHeaderParameterThatIsNotUTF8IsRefused() throws {
        let validator = try #require(makeValidator(yaml: """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /x:
                get:
                  parameters:
                    - name: X-Filter
                      in: header
                      content:
                        application/json: {schema: {type: object, properties: {status: {type: string, enum: [active]}}}}
                  responses: {"204": {description: ok}}
            """))
        func send(_ value: [UInt8]) throws -> RequestVerdict {
            let raw = Array("GET /x HTTP/1.1\r\nHost: h\r\nX-Filter: ".utf8) + value + Array("\r\n\r\n".utf8)
            return validator.validate(request: try #require(HTTPMessageParser(options: .strict).parse(raw).success?.request))
        }
        let smuggled = try send(Array(#"{"statu"#.utf8) + [0xC5, 0xBF] + Array(#"":"admin","x":""#.utf8) + [0xFF] + Array(#""}"#.utf8))
        #expect(!smuggled.isValid)
        #expect(smuggled.status == 400)
        #expect(try send(Array(#"{"status":"active"}"#.utf8)).isValid)
    }

    @Test func deepJSONIsFlagged() throws {
        var options = ValidationOptions()
        options.limits.maximumJSONDepth = 4
        let deep = String(repeating: "{\"meta\":", count: 6) + "1" + String(repeating: "}", count: 6)
        #expect(try post(deep, options: options).keywords == ["max-json-depth"])
    }

    @Test func longStringsAreFlagged() throws {
        var options = ValidationOptions()
        options.limits.maximumStringBytes = 8
        #expect(try post(#"{"text":"0123456789"}"#, options: options).keywords == ["max-string-length"])
    }

    @Test func invalidUTF8IsFlagged() throws {
        let validator = try #require(makeValidator(yaml: Self.spec))
        let body: [UInt8] = Array(#"{"text":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let verdict = validator.validate(request: HTTPRequest(method: "POST", target: "/comments", headers: [("Content-Type", "application/json")], body: body))
        #expect(verdict.keywords == ["invalid-utf8"], "\(verdict.summary)")
    }

    @Test func lineBreaksInHeaderValuesAreFlagged() throws {
        let validator = try #require(makeValidator(yaml: Self.spec))
        let verdict = validator.validate(request: jsonRequest("POST", "/comments", "{}", headers: [("X-Note", "a\r\nSet-Cookie: x=1")]))
        #expect(verdict.keywords == ["header-line-break"])
        #expect(verdict.violations.first?.name == "X-Note")
    }

    @Test func queryParametersAreScannedToo() throws {
        let validator = try #require(makeValidator(yaml: Self.spec))
        #expect(validator.validate(request: jsonRequest("POST", "/comments?q=%27%20OR%201%3D1%20--", "{}")).keywords == ["sql-injection"])
        #expect(validator.validate(request: jsonRequest("POST", "/comments?sort=name%3Bdrop", "{}")).isValid)
    }

    @Test func nestedArrayStringsAreScanned() throws {
        let verdict = try post(#"{"tags":["fine","<script>x</script>"]}"#)
        #expect(verdict.violations.first?.pointer?.description == "/tags/1")
    }

    // MARK: Constrained strings are left to the schema

    @Test func stringsWithPatternEnumOrFormatAreNotScannedForInjection() throws {
        #expect(try post(#"{"code":"a' or 'a'='a"}"#).isValid)
        #expect(try post(#"{"kind":"' OR 1=1 --"}"#).isValid)
        #expect(try post(#"{"site":"https://example.com/search?q=%27%20OR%201=1%20--"}"#).isValid)
        #expect(try post(#"{"text":"https://example.com/search?q=%27%20OR%201=1%20--"}"#).keywords == ["sql-injection"])
    }

    @Test func constrainedStringsStillGetCharacterRules() throws {
        #expect(try post(#"{"kind":"plain\u0000"}"#).keywords.contains("nul-character"))
    }

    // MARK: Configuration

    @Test func operationCanDisableRulesAndChangeLimits() throws {
        #expect(try post(#"{"text":"' OR 1=1 --"}"#, path: "/raw").isValid)
        #expect(try post(#"{"a":1,"a":2}"#, path: "/raw").isValid)
        #expect(try post(#"{"text":"<script>alert(1)</script>"}"#, path: "/raw").keywords == ["html-injection"])
        #expect(try post(String(repeating: " ", count: 70) + "{}", path: "/raw").status == 413)
    }

    @Test func operationCanTurnSanitizationOff() throws {
        #expect(try post(#"{"text":"<script>alert(1)</script>","__proto__":{}}"#, path: "/trusted").isValid)
    }

    @Test func globalPolicyCanDisableARule() throws {
        let options = ValidationOptions(sanitization: .all(except: [.sqlInjection]))
        #expect(try post(#"{"text":"' OR 1=1 --"}"#, options: options).isValid)
        #expect(try post(#"{"text":"<script>alert(1)</script>"}"#, options: options).keywords == ["html-injection"])
    }

    @Test func unknownRuleIdsInTheSpecAreDiagnosed() throws {
        let yaml = Self.spec.replacingOccurrences("sql-injection, duplicate", with: "sql-injektion, duplicate")
        let validator = try #require(makeValidator(yaml: yaml))
        #expect(validator.diagnostics.contains { $0.code == "sanitize-unknown-rule" })
    }
}
