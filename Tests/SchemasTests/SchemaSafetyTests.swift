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

    @Test func selfReferencingSchemaGivesAViolationNotAHang() throws {
        let schema = try #require(compiled(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##))
        #expect(!schema.isValid(json("1")))
        #expect(schema.validate(json("1")).first?.message.contains("recursive") == true)
    }
}
