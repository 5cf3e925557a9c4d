import Documents
import Foundation
import Schemas
import Testing

/// The OpenAPI Initiative's own JSON Schemas for OpenAPI documents (3.1 uses `$dynamicRef` and
/// `unevaluatedProperties` throughout), run against the spec repository's pass/fail fixtures and examples.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: oasRoot), "OpenAPI test data not found at ../shared/testdata/oas"))
struct OpenAPIDocumentSchemaTests {
    private func parse(_ path: String) throws -> JSONValue {
        let data = try #require(FileManager.default.contents(atPath: path))
        let parsed = DocumentParser.parse([UInt8](data), file: path)
        return try #require(parsed.root, "\(path): \(parsed.diagnostics)")
    }

    private func files(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: oasRoot + "/" + folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted().map { oasRoot + "/" + folder + "/" + $0 }
    }

    private func schema(_ relativePath: String, resources: [String] = []) throws -> CompiledSchema {
        let compiler = SchemaCompiler()
        for resource in resources {
            compiler.addResource(try parse(oasRoot + "/" + resource), uri: "file://" + oasRoot + "/" + resource)
        }
        return try compiler.compile(try parse(oasRoot + "/" + relativePath), baseURI: "file://" + oasRoot + "/" + relativePath)
    }

    @Test func passFixturesAreValidAgainstTheOpenAPI31Schema() throws {
        let schema = try schema("schemas/v3.1-latest/schema.yaml")
        let fixtures = files("tests/v3.1-dev-schema/pass")
        let failing = try fixtures.filter { !schema.isValid(try parse($0)) }
        print("[oas] v3.1 pass fixtures: \(fixtures.count - failing.count)/\(fixtures.count)")
        #expect(failing.isEmpty)
        #expect(!fixtures.isEmpty)
    }

    @Test func failFixturesAreInvalidAgainstTheOpenAPI31Schema() throws {
        let schema = try schema("schemas/v3.1-latest/schema.yaml")
        let fixtures = files("tests/v3.1-dev-schema/fail")
        let accepted = try fixtures.filter { file in
            let document = try parse(file)
            return schema.isValid(document) || schema.validate(document).isEmpty
        }
        print("[oas] v3.1 fail fixtures rejected: \(fixtures.count - accepted.count)/\(fixtures.count)")
        #expect(accepted.isEmpty)
        #expect(!fixtures.isEmpty)
    }

    @Test func officialExamplesAreValidAgainstTheirVersionsSchema() throws {
        let v30 = try schema("schemas/v3.0-json-1f0334d1/schema.json")
        let v31 = try schema("schemas/v3.1-json-1f0334d1/schema-base.json", resources: [
            "schemas/v3.1-json-1f0334d1/schema.json", "schemas/v3.1-json-1f0334d1/dialect/base.schema.json",
            "schemas/v3.1-json-1f0334d1/meta/base.schema.json",
        ])
        let v20 = try schema("schemas/v2.0-json-1f0334d1/schema.json")
        for (compiled, folder) in [(v30, "examples/v3.0"), (v31, "examples/v3.1"), (v20, "examples/v2.0/json")] {
            for file in files(folder) {
                let violations = compiled.validate(try parse(file))
                #expect(violations.isEmpty, "\(file): \(violations.prefix(3))")
            }
        }
    }
}

let oasRoot: String = {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/oas").path
}()
