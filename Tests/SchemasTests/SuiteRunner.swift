import Documents
import Foundation
import Schemas

/// The shared JSON-Schema-Test-Suite checkout: `../shared/testdata/jsts` next to the package root.
let suiteRoot: String = {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/jsts").path
}()

let fullSuiteAvailable = FileManager.default.fileExists(atPath: suiteRoot + "/tests/draft4")

/// Serves the suite's `remotes` folder for `http://localhost:1234/` (no sockets).
struct SuiteRemotes: SchemaResourceProvider {
    func document(for uri: String) -> JSONValue? {
        let prefix = "http://localhost:1234/"
        guard uri.hasPrefix(prefix) else { return nil }
        let path = suiteRoot + "/remotes/" + uri.dropFirst(prefix.count)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONReader.read([UInt8](data)).value
    }
}

/// The outcome of running one suite file through the full engine.
struct SuiteFileResult {
    var file: String
    var passed = 0
    var total = 0
    var failures: [String] = []
}

/// Runs one suite file: each group compiled once, each test through both `isValid` and `validate`. `lazily`
/// compiles as the linter's example checks do (subschemas built when first reached; a validation that built a
/// part needing annotation tracking or the dynamic scope for the first time is run again), and then also fails a
/// test that reached a part that could not be built.
func runSuiteFile(_ path: String, dialect: SchemaDialect, formatMode: FormatMode? = nil, skipping: Set<String> = [],
                  lazily: Bool = false) throws -> SuiteFileResult {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let document = try JSONReader.read([UInt8](data)).value
    var result = SuiteFileResult(file: (path as NSString).lastPathComponent)
    for group in document.arrayValue ?? [] {
        let groupName = group["description"]?.stringValue ?? ""
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: dialect, formatMode: formatMode ?? dialect.defaultFormatMode), provider: SuiteRemotes())
        compiler.compilesLazily = lazily
        var compiled: CompiledSchema
        do {
            compiled = try compiler.compile(group["schema"] ?? .null, baseURI: "")
        } catch {
            for test in group["tests"]?.arrayValue ?? [] {
                result.total += 1
                result.failures.append("\(result.file) | \(groupName) | \(test["description"]?.stringValue ?? ""): compile error \(error)")
            }
            continue
        }
        for test in group["tests"]?.arrayValue ?? [] {
            let name = "\(groupName) | \(test["description"]?.stringValue ?? "")"
            if skipping.contains(name) { continue }
            result.total += 1
            let expected = test["valid"]?.boolValue ?? false
            let instance = test["data"] ?? .null
            compiler.reachedUncompilablePart = false
            let fast = compiler.validateAgainWhileNeeded(&compiled) { $0.isValid(instance) }
            let violations = compiler.validateAgainWhileNeeded(&compiled) { $0.validate(instance) }
            if compiler.reachedUncompilablePart {
                result.failures.append("\(result.file) | \(name): reached a part that could not be compiled")
            } else if fast == expected && violations.isEmpty == expected {
                result.passed += 1
            } else {
                result.failures.append("\(result.file) | \(name): expected \(expected), isValid \(fast), violations \(violations.map(\.description))")
            }
        }
    }
    return result
}

func suiteFiles(_ folder: String) -> [String] {
    let directory = suiteRoot + "/" + folder
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
}
