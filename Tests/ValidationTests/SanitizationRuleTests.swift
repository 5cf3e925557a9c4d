import Documents
import Testing
@testable import Validation

struct SanitizationRuleTests {
    let policy = SanitizationPolicy.all

    @Test func ruleIdsAreStable() {
        #expect(SanitizationRule.allCases.map(\.rawValue) == [
            "invalid-utf8", "nul-character", "control-character", "header-line-break", "prototype-pollution",
            "nosql-operator", "sql-injection", "html-injection", "path-traversal", "shell-injection", "method-override",
        ])
    }

    @Test func invalidUTF8Bytes() {
        #expect(policy.scan(bytes: [0x61, 0xC3, 0x28]) == SanitizationFinding(.invalidUTF8, "invalid UTF-8 sequence", offset: 1))
        #expect(policy.scan(bytes: [0xED, 0xA0, 0x80])?.rule == .invalidUTF8)  // an encoded surrogate
        #expect(policy.scan(bytes: Array("héllo".utf8)) == nil)
    }

    @Test func nulRawAndEncoded() {
        #expect(policy.scan("a\u{0}b")?.rule == .nulCharacter)
        #expect(policy.scan("../../etc/passwd%00.png")?.rule == .nulCharacter)
    }

    @Test func controlCharactersButNotTabOrNewlines() {
        #expect(policy.scan("a\u{1B}[31mred")?.rule == .controlCharacter)
        #expect(policy.scan("a\u{7F}")?.rule == .controlCharacter)
        #expect(policy.scan("a\u{85}b")?.rule == .controlCharacter)
        #expect(policy.scan("line\none\ttab\r\n") == nil)
    }

    @Test func headerLineBreaks() {
        #expect(policy.scanHeaderValue("a\r\nSet-Cookie: x=1")?.rule == .headerLineBreak)
        #expect(policy.scanHeaderValue("a%0d%0aSet-Cookie: x=1")?.rule == .headerLineBreak)
        #expect(policy.scanHeaderValue("Mozilla/5.0 (X11; Linux x86_64)") == nil)
        #expect(policy.scanHeaderValue("a\u{0}")?.rule == .nulCharacter)
    }

    @Test(arguments: ["__proto__", "constructor", "prototype"])
    func prototypePollutionKeys(key: String) {
        #expect(policy.scanKey(key)?.rule == .prototypePollution)
    }

    @Test(arguments: ["$where", "$gt", "$ne", "$regex", "$GT", "$elemMatch"])
    func nosqlOperatorKeys(key: String) {
        #expect(policy.scanKey(key)?.rule == .nosqlOperator)
    }

    @Test(arguments: ["proto", "$schema", "$ref", "$id", "name", "constructor_name", "$", "price$", "_proto_"])
    func ordinaryKeys(key: String) {
        #expect(policy.scanKey(key) == nil)
    }

    @Test func structuredParameterNames() {
        #expect(policy.scanParameterName("user[$ne]")?.rule == .nosqlOperator)
        #expect(policy.scanParameterName("a[__proto__][polluted]")?.rule == .prototypePollution)
        #expect(policy.scanParameterName("__proto__.isAdmin")?.rule == .prototypePollution)
        #expect(policy.scanParameterName("filter[name]") == nil)
    }

    @Test func jsonInstanceScanReportsThePointer() {
        let body = json(#"{"user":{"name":"ok","tags":["fine","' OR 1=1 --"]}}"#)
        let found = policy.scan(json: body)
        #expect(found?.pointer.description == "/user/tags/1")
        #expect(found?.finding.rule == .sqlInjection)
    }

    @Test func jsonInstanceScanChecksKeys() {
        let found = policy.scan(json: json(#"{"filter":{"password":{"$ne":null}}}"#))
        #expect(found?.pointer.description == "/filter/password/$ne")
        #expect(found?.finding.rule == .nosqlOperator)
        #expect(policy.scan(json: json(#"{"a":{"__proto__":{"admin":true}}}"#))?.finding.rule == .prototypePollution)
        #expect(policy.scan(json: json(#"{"name":"O'Brien","n":1,"ok":true}"#)) == nil)
    }

    @Test func disabledRulesDoNotFire() {
        let relaxed = SanitizationPolicy.all(except: [.sqlInjection])
        #expect(relaxed.scan("' OR 1=1 --") == nil)
        #expect(relaxed.scan("<script>")?.rule == .markupInjection)
    }

    /// The SQL scanner skips words that cannot start a word signature (by length and first letter): one attack per
    /// keyword those signatures start with must still be found, in any letter case, and prose words are skipped.
    @Test func everyWordSignatureStillFires() {
        let attacks = [
            "x' OR 1=1 --", "1 or 1=1", "1 and 1=1", "1 xor 1=1", "x' into outfile '/tmp/x'", "1 UNION SELECT password FROM users",
            "SLEEP(5)", "x' and exists(select 1)", "1; WAITFOR DELAY '0:0:5'", "x' || pg_sleep(5) --", "utl_http.request('x')",
            "BENCHMARK(1000000,MD5(1))", "updatexml(1,concat(0x7e,version()),1)", "load_file(0x61)",
            "dbms_pipe.receive_message('a',10)", "select @@version", "from sysobjects where xtype='U'", "from syscolumns where id='1'",
            "exec xp_cmdshell 'dir'", "extractvalue(1,concat(0x7e,version()))", "select * from information_schema.tables",
        ]
        for attack in attacks {
            #expect(policy.scan(attack)?.rule == .sqlInjection, "\(attack)")
            #expect(policy.scan(attack.uppercased())?.rule == .sqlInjection, "\(attack.uppercased())")
        }
        for word in ["order", "andes", "ors", "unions", "sleepy", "existing", "benchmarks", "parcel", "into"] {
            let first = asciiLowercase(Array(word.utf8)[0])
            #expect(SQLInjectionScanner.mayBeKeyword(length: word.utf8.count, first: first) == ["into"].contains(word), "\(word)")
        }
        // The scan reads the same rule from a table by raw first byte and length.
        for byte in 0...255 {
            for length in 0..<40 {
                let inTable = length < 32 && SQLInjectionScanner.keywordLengths[UInt8(byte)] & (1 << UInt32(length)) != 0
                #expect(inTable == SQLInjectionScanner.mayBeKeyword(length: length, first: asciiLowercase(UInt8(byte))), "byte \(byte) length \(length)")
            }
        }
    }

    /// Regression: the gate in front of the SQL scanner (quote, `;`, `=`, `(`, or a gate word) let these through
    /// unscanned, though the scanner's own signatures match them: a `like` tautology of numbers, the system objects
    /// other than `information_schema`, `INTO OUTFILE` without a quote.
    @Test("word signatures that need no quote, semicolon, = or parenthesis reach the SQL scanner",
          arguments: ["1 or 1 like 1", "x and 2 LIKE 2", "select name from sysobjects", "select * from SYSCOLUMNS",
                      "utl_http.request", "dbms_pipe.receive_message", "select * into outfile /tmp/x", "x INTO DUMPFILE /var/www/s"])
    func signaturesWithoutOperatorsAreScanned(attack: String) {
        #expect(policy.scan(attack)?.rule == .sqlInjection, "\(attack)")
    }

    @Test("prose with digits and like, or the gate words' pieces, stays clean",
          arguments: ["I like 2 sugars", "3 people like this", "order 1 or 2 boxes", "the profile page", "hi_http", "a_pipe dream"])
    func proseNearTheNewGateStaysClean(text: String) {
        #expect(policy.scan(text) == nil, "\(text)")
    }

    @Test func percentEncodedAttacksAreFoundInTheDecodedPass() {
        let finding = policy.scan("%27%20OR%201%3D1%20--")
        #expect(finding?.rule == .sqlInjection)
        #expect(finding?.reason.hasSuffix("(percent-encoded)") == true)
    }

    @Test func findingsNeverEchoTheValue() {
        let secret = "<script>steal('tok_ABC123')</script>"
        let finding = policy.scan(secret)
        let violation = finding?.violation(location: .query, name: "q")
        #expect(violation?.message.contains("tok_ABC123") == false)
        #expect(violation?.message.contains("steal") == false)
        #expect(violation?.keyword == "html-injection")
        #expect(violation?.name == "q")
    }

    @Test func findingsListsOnePerRule() {
        let findings = policy.findings("<script>'; DROP TABLE users; --</script>\u{1}")
        #expect(Set(findings.map(\.rule)) == [.controlCharacter, .markupInjection, .sqlInjection])
    }

    @Test func emptyAndPlainValuesAreClean() {
        #expect(policy.scan("") == nil)
        #expect(policy.scan("hello world 123") == nil)
        #expect(policy.scanKey("") == nil)
    }
}
