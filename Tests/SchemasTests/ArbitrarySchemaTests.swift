import Documents
import Foundation
import Schemas
import Testing

/// Any JSON value can be handed to the compiler as a schema: it compiles tolerantly and validates without
/// crashing. The suite's instances (odd numbers, unicode, deep arrays, `$ref`-like strings) serve as schemas.
@Suite(.enabled(if: fullSuiteAvailable, "JSON-Schema-Test-Suite not found at ../shared/testdata/jsts"))
struct ArbitrarySchemaTests {
    @Test(arguments: [SchemaDialect.draft4, .openAPI30, .jsonSchema2020_12, .openAPI31])
    func suiteInstancesUsedAsSchemasNeverCrash(dialect: SchemaDialect) throws {
        var values: [JSONValue] = []
        for file in suiteFiles("tests/draft2020-12") + suiteFiles("tests/draft4") {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let document = try JSONReader.read([UInt8](data)).value
            for group in document.arrayValue ?? [] {
                values.append(group["schema"] ?? .null)
                for test in group["tests"]?.arrayValue ?? [] { values.append(test["data"] ?? .null) }
            }
        }
        var checked = 0
        for (index, schemaValue) in values.enumerated() where index % 3 == 0 {
            let compiler = SchemaCompiler(options: SchemaOptions(dialect: dialect), provider: SuiteRemotes())
            let (schema, _) = compiler.compileTolerantly(schemaValue)
            for instance in values[index..<min(values.count, index + 12)] {
                let valid = schema.isValid(instance, direction: .request)
                #expect(valid == schema.validate(instance, direction: .request).isEmpty)
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }
}
