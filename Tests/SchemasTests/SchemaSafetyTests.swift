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

/// Hostile schema shapes compile without exhausting the stack.
struct DeepSchemaCompileTests {
    @Test func longReferenceChainCompiles() throws {
        var definitions: [(String, JSONValue)] = []
        let length = 3_000
        for index in 0..<length {
            definitions.append(("d\(index)", .object([("$ref", .string("#/$defs/d\(index + 1)"))])))
        }
        definitions.append(("d\(length)", .object([("type", .string("integer"))])))
        let schema = JSONValue.object([("$defs", .object(definitions)), ("$ref", .string("#/$defs/d0"))])
        let compiled = try SchemaCompiler().compile(schema)
        #expect(compiled.isValid(json("1")))
        #expect(!compiled.isValid(json(#""one""#)))
    }

    @Test func deeplyNestedSchemaCompiles() throws {
        var schema = JSONValue.object([("type", .string("integer"))])
        for _ in 0..<2_000 { schema = .object([("properties", .object([("a", schema)]))]) }
        let compiled = try SchemaCompiler().compile(schema)
        #expect(compiled.isValid(json(#"{"a": {"a": 1}}"#)))
    }
}
