import Documents
import OpenAPIModel
import Testing

/// The text and JSON that `specguard inspect` and `lint` print.
@Suite struct ReportTests {
    let document = OpenAPIModelTests.document(securitySpec)

    @Test func textListsOperationsWithTheirSecurity() throws {
        let report = InspectReport(document: try #require(document))
        #expect(report.text.contains("operations: 5"))
        let lines = report.text.split(separator: "\n").map(String.init)
        let publicLine = try #require(lines.first { $0.contains("/public") })
        #expect(publicLine.hasPrefix("  GET /public "))
        #expect(publicLine.hasSuffix("security: none"))
        #expect(lines.contains("  GET /overrides  overrides  security: oauth[read write]"))
        #expect(report.text.contains("  bearer: http bearer (JWT)"))
    }

    @Test func jsonHasStableFieldNames() throws {
        let json = InspectReport(document: try #require(document)).json
        #expect(json.objectValue?.keys == ["file", "version", "title", "apiVersion", "servers", "operationCount",
                                           "operations", "securitySchemes", "diagnostics"])
        let first = try #require(json["operations"]?.arrayValue?.first)
        #expect(first.objectValue?.keys == ["method", "path", "operationId", "security"])
        #expect(first["method"] == .string("GET"))
        #expect(first["operationId"] == .string("inherits"))
        #expect(json["operationCount"]?.intValue == 5)
    }

    @Test func jsonWritesNoneAsAnEmptySecurityList() throws {
        let json = InspectReport(document: try #require(document)).json
        let publicOperation = json["operations"]?.arrayValue?.first { $0["operationId"] == .string("public") }
        #expect(publicOperation?["security"] == .array([]))
    }

    @Test func lintLinesUseFileLineColumnSeverityCode() {
        let result = loadFixture("openapi: 9.9.9\ninfo: {title: t, version: \"1\"}\npaths: {}\n", file: "bad.yaml")
        #expect(DiagnosticReport.lines(result.diagnostics).first?.hasPrefix("bad.yaml:1:10: error[openapi-version-unsupported]: ") == true)
        #expect(DiagnosticReport.exitCode(result.diagnostics) == 1)
        #expect(DiagnosticReport.exitCode([]) == 0)
    }
}
