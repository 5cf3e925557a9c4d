import Documents
import Foundation

/// Where the shared JSON-Schema-Test-Suite lives: `../shared/testdata` next to the package root.
let optionalSuiteDirectory: String = {
    let testFile = URL(fileURLWithPath: #filePath)
    let packageRoot = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/testdata/jsts/tests/draft2020-12/optional").path
}()

let suiteAvailable = FileManager.default.fileExists(atPath: optionalSuiteDirectory)

/// One suite case: a group's schema with one instance and its expected validity.
struct SuiteCase {
    var groupDescription: String
    var schema: JSONValue
    var description: String
    var data: JSONValue
    var valid: Bool
}

/// Reads a suite file (an array of {description, schema, tests}) into flat cases.
func loadSuiteCases(_ relativePath: String) throws -> [SuiteCase] {
    let path = optionalSuiteDirectory + "/" + relativePath
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let document = try JSONReader.read(bytes).value
    var cases: [SuiteCase] = []
    for group in document.arrayValue ?? [] {
        let schema = group["schema"] ?? .null
        for test in group["tests"]?.arrayValue ?? [] {
            cases.append(SuiteCase(
                groupDescription: group["description"]?.stringValue ?? "",
                schema: schema,
                description: test["description"]?.stringValue ?? "",
                data: test["data"] ?? .null,
                valid: test["valid"]?.boolValue ?? false
            ))
        }
    }
    return cases
}
