import Documents
import Foundation
import Linting

/// Package root, computed from this file's path (Tests/LintingTests/TestSupport.swift).
let packageRoot: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// The shared test data folder (`../shared/testdata` from the package root).
let testdataRoot = packageRoot + "/../shared/testdata"
let testdataAvailable = FileSystem.exists(testdataRoot + "/oas/examples")

/// The header every 3.1 fixture starts with (4 lines), so fixture bodies start at line 5.
let header31 = "openapi: 3.1.0\ninfo:\n  title: T\n  version: \"1\"\n"

/// Lints an inline fixture with a rule set.
func lint(_ text: String, ruleSet: RuleSetName = .all, file: String = "fixture.yaml",
          configure: (inout LintConfiguration) -> Void = { _ in }) -> LintResult {
    var configuration = LintConfiguration(ruleSet: ruleSet)
    configure(&configuration)
    return Linter(configuration: configuration).lint(text: text, file: file)
}

/// Findings of one rule.
func findings(_ result: LintResult, _ rule: String) -> [Diagnostic] {
    result.findings.filter { $0.code == rule }
}

/// A summary of findings for failure messages.
func describe(_ findings: [Diagnostic]) -> String {
    findings.map(\.description).joined(separator: "\n")
}

/// Every file under `folder` (recursively) whose name ends with one of `suffixes`.
func files(under folder: String, suffixes: [String]) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
    var result: [String] = []
    while let name = enumerator.nextObject() as? String {
        if suffixes.contains(where: { name.hasSuffix($0) }) { result.append(folder + "/" + name) }
    }
    return result.sorted()
}

/// Writes a fixture file.
func write(_ text: String, to path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}
