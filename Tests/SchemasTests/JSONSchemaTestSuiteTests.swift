import Documents
import Foundation
import Schemas
import Testing

/// The official JSON-Schema-Test-Suite, run as data through the full engine.
@Suite(.enabled(if: fullSuiteAvailable, "JSON-Schema-Test-Suite not found at ../shared/testdata/jsts"))
struct JSONSchemaTestSuiteTests {
    private func run(_ files: [String], dialect: SchemaDialect, formatMode: FormatMode? = nil, skipping: Set<String> = [],
                     lazily: Bool = false) throws {
        var failures: [String] = []
        var passed = 0
        var total = 0
        for file in files {
            let result = try runSuiteFile(file, dialect: dialect, formatMode: formatMode, skipping: skipping, lazily: lazily)
            print("[suite \(dialect)] \(result.file): \(result.passed)/\(result.total)")
            passed += result.passed
            total += result.total
            failures += result.failures
        }
        print("[suite \(dialect)] total: \(passed)/\(total)")
        for failure in failures.prefix(60) { print("FAIL " + failure) }
        #expect(failures.isEmpty, "\(failures.count) suite tests failed")
        #expect(total > 0)
    }

    @Test func draft4RequiredTestsPass() throws {
        try run(suiteFiles("tests/draft4"), dialect: .draft4)
    }

    @Test func draft2020RequiredTestsPass() throws {
        try run(suiteFiles("tests/draft2020-12"), dialect: .jsonSchema2020_12)
    }

    @Test func draft4RequiredTestsPassCompiledLazily() throws {
        try run(suiteFiles("tests/draft4"), dialect: .draft4, lazily: true)
    }

    @Test func draft2020RequiredTestsPassCompiledLazily() throws {
        try run(suiteFiles("tests/draft2020-12"), dialect: .jsonSchema2020_12, lazily: true)
    }

    @Test func bignumTestsPassInBothDrafts() throws {
        try run([suiteRoot + "/tests/draft4/optional/bignum.json"], dialect: .draft4)
        try run([suiteRoot + "/tests/draft2020-12/optional/bignum.json"], dialect: .jsonSchema2020_12)
    }
}
