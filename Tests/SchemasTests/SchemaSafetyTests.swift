import Documents
import Foundation
import Schemas
import Testing

/// Hostile schemas and instances end with a violation, never a hang or a crash.
struct SchemaSafetyTests {
    @Test func catastrophicBacktrackingPatternEndsQuicklyWithAViolation() throws {
        let schema = try #require(compiled(#"{"pattern": "^(a+)+$"}"#))
        let subject = JSONValue.string(String(repeating: "a", count: 30) + "!")
        let start = Date()
        let violations = schema.validate(subject)
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(violations.map(\.keyword) == ["pattern"])
        #expect(!schema.isValid(subject))
    }

    @Test func deeplyNestedInstanceGivesAViolationNotACrash() throws {
        let schema = try #require(compiled(##"{"items": {"$ref": "#"}}"##))
        var value = JSONValue.array([])
        for _ in 0..<3_000 { value = .array([value]) }
        #expect(!schema.isValid(value))
        #expect(schema.validate(value).first?.message.contains("deeper than") == true)
    }

    @Test func mutuallyReferencingSchemasGiveAViolationNotAHang() throws {
        let (schema, diagnostics) = SchemaCompiler().compileTolerantly(json(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##))
        #expect(diagnostics.map(\.code) == ["ref-cycle"])
        #expect(!schema.isValid(json("1")))
        #expect(schema.validate(json("1")).first?.message.contains("infinite recursion") == true)
    }
}

/// Cycles of in-place references are found at compile time and cannot blow up at validation time.
struct InPlaceCycleTests {
    @Test func selfReferenceThroughAnyOfIsACompileError() {
        let compiler = SchemaCompiler()
        #expect(throws: SchemaCompileError.self) {
            try compiler.compile(json(##"{"anyOf": [{"$ref": "#"}, {"$ref": "#"}]}"##), baseURI: "file:///c.json")
        }
        #expect(compiler.diagnostics.contains { $0.code == "ref-cycle" })
    }

    @Test func toleratedCycleEndsQuicklyWithAViolation() throws {
        let compiler = SchemaCompiler()
        let (schema, _) = compiler.compileTolerantly(json(##"{"anyOf": [{"$ref": "#"}, {"$ref": "#"}, {"$ref": "#"}]}"##))
        let start = ContinuousClock.now
        #expect(!schema.isValid(json("1")))
        #expect(schema.validate(json("1")).contains { $0.message.contains("infinite recursion") })
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func recursionThroughPropertiesIsNotACycle() throws {
        let schema = try #require(compiled(##"{"properties": {"child": {"$ref": "#"}}, "type": "object"}"##))
        #expect(schema.isValid(json(#"{"child": {"child": {}}}"#)))
        #expect(!schema.isValid(json(#"{"child": {"child": 1}}"#)))
    }
}
