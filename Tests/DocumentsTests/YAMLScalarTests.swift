import Documents
import Testing

/// The YAML 1.2 core schema, value by value.
@Suite struct YAMLScalarTests {
    /// The value of `key: <text>`.
    func scalar(_ text: String) -> JSONValue? {
        yaml("key: \(text)\n").root?["key"]
    }

    @Test(arguments: ["null", "Null", "NULL", "~", ""])
    func nullForms(text: String) {
        #expect(scalar(text)?.isNull == true)
    }

    @Test(arguments: [("true", true), ("True", true), ("TRUE", true), ("false", false), ("False", false), ("FALSE", false)])
    func boolForms(text: String, expected: Bool) {
        #expect(scalar(text)?.boolValue == expected)
    }

    @Test(arguments: ["on", "off", "yes", "no", "y", "n", "Yes", "NO", "tRUE", "nULL", "nil", "None"])
    func yaml11WordsStayStrings(text: String) {
        #expect(scalar(text)?.stringValue == text)
    }

    @Test(arguments: [
        ("0", "0"), ("12", "12"), ("-12", "-12"), ("+12", "12"), ("007", "7"), ("-007", "-7"),
        ("0o17", "15"), ("0x1F", "31"), ("0xff", "255"), ("0x0", "0"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("0xFFFFFFFFFFFFFFFFFFFF", "1208925819614629174706175"),
    ])
    func integerForms(text: String, json: String) throws {
        let number = try #require(scalar(text)?.numberValue)
        #expect(number.text == json)
        #expect(number.isInteger)
    }

    @Test(arguments: [
        ("1.5", "1.5"), ("-1.5", "-1.5"), ("+1.5", "1.5"), (".5", "0.5"), ("-.5", "-0.5"), ("1.", "1.0"),
        ("1e3", "1e3"), ("1E-3", "1E-3"), ("+1.5e+3", "1.5e+3"), ("01.50", "1.50"),
        ("3.14159265358979323846264338327950288", "3.14159265358979323846264338327950288"),
    ])
    func floatFormsKeepExactJSONText(text: String, json: String) throws {
        let number = try #require(scalar(text)?.numberValue)
        #expect(number.text == json)
    }

    @Test(arguments: [".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN"])
    func nonFiniteFloatsStayStrings(text: String) {
        // JSON has no infinity or NaN: the text is kept as a string.
        #expect(scalar(text)?.stringValue == text)
    }

    @Test(arguments: ["0o", "0x", "0o8", "0xg", "1_000", "1,000", "1.2.3", "e3", "--1", "+", ".", "1e", "0b101", "12:30", "2001-12-14", "1.0.0", "-0o7", "-0x1"])
    func numberLookalikesStayStrings(text: String) {
        #expect(scalar(text)?.stringValue == text)
    }

    @Test(arguments: ["'12'", "\"12\"", "'true'", "\"null\"", "''", "\"~\"", "'.inf'"])
    func quotedScalarsAreAlwaysStrings(text: String) throws {
        let value = try #require(scalar(text))
        #expect(value.stringValue == String(text.dropFirst().dropLast()))
    }

    @Test func keysAreTheirTextNotTheirResolvedValue() throws {
        let root = try #require(yaml("200: ok\n0x10: hex\ntrue: yes\nnull: n\n~: tilde\n1.50: f\n").root?.objectValue)
        #expect(root.keys == ["200", "0x10", "true", "null", "~", "1.50"])
    }

    @Test func tagsAreHonoured() throws {
        let root = try #require(yaml("""
        a: !!str 12
        b: !!int "12"
        c: !!float 1
        d: !!bool "true"
        e: !!null ""
        f: !!binary R0lGODlh
        g: !!timestamp 2001-12-14t21:59:43.10-05:00
        h: ! 12
        i: !custom 12
        j: 2001-12-14
        """).root)
        #expect(root["a"]?.stringValue == "12")
        #expect(root["b"]?.intValue == 12)
        #expect(root["c"]?.numberValue?.text == "1")
        #expect(root["d"]?.boolValue == true)
        #expect(root["e"]?.isNull == true)
        #expect(root["f"]?.stringValue == "R0lGODlh")
        #expect(root["g"]?.stringValue == "2001-12-14t21:59:43.10-05:00")
        #expect(root["h"]?.stringValue == "12")
        #expect(root["i"]?.intValue == 12)
        #expect(root["j"]?.stringValue == "2001-12-14")
    }

    @Test func tagThatDoesNotFitIsReportedAndKeptAsString() throws {
        let parsed = yaml("a: !!int twelve\n")
        #expect(parsed.root?["a"]?.stringValue == "twelve")
        #expect(parsed.codes() == ["yaml-invalid-tagged-value"])
        #expect(parsed.diagnostics.first?.location.line == 1)
        #expect(parsed.diagnostics.first?.location.column == 4)
    }

    @Test func documentRootMayBeAScalar() {
        #expect(yaml("42\n").root?.intValue == 42)
        #expect(yaml("hello\n").root?.stringValue == "hello")
        #expect(yaml("--- 'x'\n").root?.stringValue == "x")
    }
}
