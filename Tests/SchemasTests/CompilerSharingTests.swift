import Documents
@testable import Schemas
import Testing

/// Many schemas compiled by one compiler share nodes but not each other's costs.
struct CompilerSharingTests {
    static let spec = json(##"""
    {"components": {"schemas": {
      "Strict": {"properties": {"a": true}, "unevaluatedProperties": false},
      "Plain": {"properties": {"b": {"$ref": "#/components/schemas/Name"}}},
      "Name": {"type": "string"}
    }}}
    """##)

    @Test func annotationTrackingIsOnlyOnForSchemasThatNeedIt() throws {
        let compiler = SchemaCompiler(provider: InMemorySchemaProvider(["file:///spec.json": Self.spec]))
        let strict = try compiler.compile(reference: "file:///spec.json#/components/schemas/Strict")
        let plain = try compiler.compile(reference: "file:///spec.json#/components/schemas/Plain")
        #expect(strict.tracksAnnotations)
        #expect(!plain.tracksAnnotations)
        #expect(!strict.isValid(json(#"{"a": 1, "c": 2}"#)))
        #expect(plain.isValid(json(#"{"b": "x", "c": 2}"#)))
    }

    @Test func invalidPatternIsACompileErrorAtItsPosition() throws {
        let compiler = SchemaCompiler()
        let text = "{\n  \"pattern\": \"(unclosed\"\n}"
        #expect(throws: SchemaCompileError.self) { try compiler.compile(json(text), baseURI: "file:///p.json") }
        let diagnostic = try #require(compiler.diagnostics.first)
        #expect(diagnostic.code == "schema-pattern-invalid")
        #expect(diagnostic.location.line == 2)
    }

    @Test func tolerantCompileStillValidatesTheRest() throws {
        let compiler = SchemaCompiler()
        let (schema, diagnostics) = compiler.compileTolerantly(json(#"{"type": "string", "minLength": "two", "maxLength": 3}"#))
        #expect(diagnostics.map(\.code) == ["schema-keyword-invalid"])
        #expect(!schema.isValid(json(#""long""#)))
        #expect(schema.isValid(json(#""ok""#)))
    }
}
