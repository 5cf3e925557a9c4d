import Documents
@testable import Linting
import Testing

/// The report formats: stylish code frames, plain lines, JSON fields, SARIF 2.1.0 facts, JUnit, GitHub annotations.
@Suite struct ReporterTests {
    /// A spec with one error (unknown field at 8:7) and one warning (duplicate enum value).
    static let text = header31 + "paths:\n  /pets:\n    get:\n      summry: x\n"
        + "      responses: {\"200\": {description: ok, content: {application/json: {schema: {type: string, enum: [a, a]}}}}}\n"
    let results = [lint(text, ruleSet: .recommended)]

    @Test func githubAnnotationIsExactWorkflowCommand() throws {
        let output = LintReporter.render(results, format: .github)
        let first = try #require(output.split(separator: "\n").first)
        #expect(first == "::error file=fixture.yaml,line=8,col=7,title=structure-unknown-field::an operation has no field `summry` (prefix extensions with `x-`)")
    }

    @Test func githubAnnotationEscapesPropertiesAndData() {
        let finding = Diagnostic(severity: .warning, code: "r", message: "50% off\nnext", location: SourceLocation(file: "a,b:c.yaml", line: 2, column: 3))
        let output = LintReporter.render([LintResult(file: "a,b:c.yaml", findings: [finding])], format: .github)
        #expect(output == "::warning file=a%2Cb%3Ac.yaml,line=2,col=3,title=r::50%25 off%0Anext\n")
    }

    @Test func plainLinesKeepTheExistingFormat() {
        let output = LintReporter.render(results, format: .plain)
        #expect(output.hasPrefix("fixture.yaml:8:7: error[structure-unknown-field]: an operation has no field `summry`"))
    }

    @Test func stylishShowsPositionAndCodeFrameWithCaret() {
        let sources = SourceLines(["fixture.yaml": Self.text])
        let output = LintReporter.render(results, format: .stylish, sources: sources)
        #expect(output.contains("  fixture.yaml:8:7  error  structure-unknown-field  an operation has no field `summry`"))
        #expect(output.contains("  > 8 |       summry: x\n"))
        #expect(output.contains("      |       ^\n"))
        #expect(output.contains("2 problems (1 error, 1 warning, 0 infos, 0 hints) in 1 file"))
    }

    @Test func stylishShowsAWindowOfALongLineWithTheCaretUnderTheColumn() {
        let line = String(repeating: "a", count: 400) + "X" + String(repeating: "b", count: 50)
        let finding = Diagnostic(severity: .error, code: "r", message: "m", location: SourceLocation(file: "long.json", line: 1, column: 401))
        let output = LintReporter.render([LintResult(file: "long.json", findings: [finding])], format: .stylish,
                                         sources: SourceLines(["long.json": line]))
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = lines.first { $0.hasPrefix("  > 1 | ") } ?? ""
        let caret = lines.first { $0.hasSuffix("^") } ?? ""
        #expect(shown.hasPrefix("  > 1 | …"))
        let xIndex = shown.unicodeScalars.firstIndex(of: "X").map { shown.unicodeScalars.distance(from: shown.unicodeScalars.startIndex, to: $0) }
        #expect(xIndex == caret.unicodeScalars.count - 1)
    }

    @Test func jsonHasStableFieldNames() throws {
        let parsed = DocumentParser.parse(Array(LintReporter.render(results, format: .json).utf8), file: "report.json", format: .json)
        let root = try #require(parsed.root)
        #expect(root.objectValue?.keys == ["findings", "summary"])
        let first = try #require(root["findings"]?.arrayValue?.first)
        #expect(first.objectValue?.keys == ["file", "line", "column", "severity", "rule", "message", "pointer"])
        #expect(first["pointer"] == .string("/paths/~1pets/get/summry"))
        #expect(root["summary"]?["errors"]?.intValue == 1)
        #expect(root["summary"]?["warnings"]?.intValue == 1)
    }

    @Test func junitHasOneFailingCasePerFinding() {
        let output = LintReporter.render(results, format: .junit)
        #expect(output.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"specguard lint\" tests=\"2\" failures=\"2\""))
        #expect(output.components(separatedBy: "<failure ").count == 3)
        #expect(output.contains("<testcase classname=\"fixture.yaml\" name=\"structure-unknown-field at 8:7\">"))
    }

    @Test func junitCleanFileIsOnePassingCase() {
        let output = LintReporter.render([LintResult(file: "ok.yaml", findings: [])], format: .junit)
        #expect(output.contains("<testcase classname=\"ok.yaml\" name=\"lint\"/>"))
        #expect(!output.contains("<failure"))
    }
}

/// SARIF 2.1.0 facts from the standard's schema (sarif-schema-2.1.0.json), written down as checks:
/// the log requires `version` ("2.1.0") and `runs` (array); a run requires `tool`; `tool` requires `driver`;
/// `driver` requires `name` (string); a result requires `message` (with `text`); `level` is one of
/// none/note/warning/error; `ruleIndex` is an integer ≥ 0 pointing into `driver.rules`; a region's
/// `startLine` and `startColumn` are integers ≥ 1; a reporting descriptor requires `id` (string).
@Suite struct SARIFTests {
    let log: JSONValue? = {
        let results = [lint(ReporterTests.text, ruleSet: .recommended)]
        return DocumentParser.parse(Array(LintReporter.render(results, format: .sarif).utf8), file: "lint.sarif", format: .json).root
    }()

    @Test func logHasVersionSchemaAndRuns() throws {
        let log = try #require(log)
        #expect(log["version"] == .string("2.1.0"))
        #expect(log["$schema"]?.stringValue?.hasSuffix("sarif-2.1.0.json") == true)
        #expect(log["runs"]?.arrayValue?.count == 1)
    }

    @Test func driverHasNameAndRuleDescriptors() throws {
        let driver = try #require(log?["runs"]?.arrayValue?.first?["tool"]?["driver"])
        #expect(driver["name"] == .string("specguard"))
        let rules = try #require(driver["rules"]?.arrayValue)
        #expect(rules.count == 2)
        for rule in rules {
            #expect(rule["id"]?.stringValue != nil)
            #expect(rule["shortDescription"]?["text"]?.stringValue != nil)
            let level = rule["defaultConfiguration"]?["level"]?.stringValue ?? ""
            #expect(["none", "note", "warning", "error"].contains(level))
        }
    }

    @Test func resultsHaveMessageLevelRuleIndexAndRegion() throws {
        let run = try #require(log?["runs"]?.arrayValue?.first)
        let rules = try #require(run["tool"]?["driver"]?["rules"]?.arrayValue)
        let results = try #require(run["results"]?.arrayValue)
        #expect(results.count == 2)
        for result in results {
            #expect(result["message"]?["text"]?.stringValue != nil)
            #expect(["none", "note", "warning", "error"].contains(result["level"]?.stringValue ?? ""))
            let index = try #require(result["ruleIndex"]?.intValue)
            #expect(index >= 0 && index < rules.count)
            #expect(rules[index]["id"] == result["ruleId"])
            let physical = try #require(result["locations"]?.arrayValue?.first?["physicalLocation"])
            #expect(physical["artifactLocation"]?["uri"] == .string("fixture.yaml"))
            #expect((physical["region"]?["startLine"]?.intValue ?? 0) >= 1)
            #expect((physical["region"]?["startColumn"]?.intValue ?? 0) >= 1)
        }
        #expect(results.first?["region"] == nil)
        #expect(results.first?["locations"]?.arrayValue?.first?["physicalLocation"]?["region"]?["startLine"]?.intValue == 8)
    }
}

/// The JSON report's number writer spells numbers as `String(_:)` does.
struct JSONReportNumberTests {
    @Test(arguments: [0, 1, 9, 10, 99, 100, 12_345, Int(Int32.max), -1, -120, Int.max, Int.min])
    func decimalIsWhatStringSpells(value: Int) {
        var bytes: [UInt8] = []
        JSONFormatter.appendDecimal(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == String(value))
    }
}
