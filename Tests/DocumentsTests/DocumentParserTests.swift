import Documents
import Testing

@Suite struct DocumentParserTests {
    @Test(arguments: [
        ("a.json", "a: 1", DocumentFormat.json), ("a.YAML", "{}", .yaml), ("a.yml", "{}", .yaml),
        ("stdin", "  \n{\"a\": 1}", .json), ("stdin", "[1]", .json), ("stdin", "a: 1", .yaml), ("stdin", "", .yaml),
        ("stdin", "\u{FEFF}{\"a\": 1}", .json),
    ])
    func formatIsDetectedFromNameThenContent(path: String, text: String, format: DocumentFormat) {
        #expect(DocumentFormat.detect(path: path, bytes: Array(text.utf8)) == format)
    }

    @Test func sameDocumentGivesTheSameTreeInBothFormats() throws {
        let fromJSON = try #require(DocumentParser.parse(Array(#"{"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#.utf8), file: "a.json").root)
        let fromYAML = try #require(DocumentParser.parse(Array("openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n".utf8), file: "a.yaml").root)
        #expect(fromJSON == fromYAML)
    }

    @Test func limitsReachTheYAMLReader() {
        var limits = LoadLimits()
        limits.maximumAliasExpansion = 1
        let parsed = DocumentParser.parse(Array("a: &a [1]\nb: *a\n".utf8), file: "a.yaml", limits: limits)
        #expect(parsed.codes() == ["yaml-alias-expansion-limit"])
        #expect(parsed.format == .yaml)
    }

    @Test func diagnosticsPrintAsFileLineColumn() {
        let parsed = DocumentParser.parse(Array("a: 1\na: 2\n".utf8), file: "spec.yaml")
        #expect(parsed.diagnostics.first?.description.hasPrefix("spec.yaml:2:1: error[yaml-duplicate-key]: duplicate key \"a\"") == true)
    }
}
