import Documents
import Schemas
import Testing

/// Members and items whose schema is only `type` are checked in place when they pass; every outcome must
/// stay the one a full evaluation gives (limits, integers, nullable, reported violations).
struct TypeOnlyLeafTests {
    func compiled(_ schemaText: String, options: SchemaOptions) throws -> CompiledSchema {
        try SchemaCompiler(options: options).compile(json(schemaText), baseURI: "file:///leaf.json")
    }

    @Test func typeOnlyPropertyBeyondTheDepthLimitIsRefused() throws {
        let schema = try compiled(#"{"properties": {"a": {"properties": {"b": {"type": "string"}}}}}"#,
                                  options: SchemaOptions(maximumDepth: 1))
        #expect(schema.isValid(json(#"{"a": {}}"#)))
        #expect(!schema.isValid(json(#"{"a": {"b": "x"}}"#)))
        #expect(schema.validate(json(#"{"a": {"b": "x"}}"#)).first?.message.contains("deeper than") == true)
    }

    @Test func typeOnlyItemBeyondTheDepthLimitIsRefused() throws {
        let schema = try compiled(#"{"items": {"type": "string"}}"#, options: SchemaOptions(maximumDepth: 0))
        #expect(schema.isValid(json("[]")))
        #expect(!schema.isValid(json(#"["x"]"#)))
    }

    @Test func typeOnlyItemOfTheWrongTypeIsReportedAtItsIndex() throws {
        let schema = try compiled(#"{"items": {"type": "string"}}"#, options: SchemaOptions())
        let violations = schema.validate(json(#"["a", 1, "c"]"#))
        #expect(violations.map(\.keyword) == ["type"])
        #expect(violations.map(\.instanceLocation.description) == ["/1"])
    }

    @Test func integerOnlyPropertyStillRefusesAFraction() throws {
        let schema = try compiled(#"{"properties": {"n": {"type": "integer"}}}"#, options: SchemaOptions())
        #expect(schema.isValid(json(#"{"n": 2}"#)))
        #expect(schema.isValid(json(#"{"n": 2.0}"#)))
        #expect(!schema.isValid(json(#"{"n": 2.5}"#)))
    }

    @Test func nullableStringPropertyAcceptsNullInOpenAPI30() throws {
        let schema = try compiled(#"{"properties": {"s": {"type": "string", "nullable": true}}}"#,
                                  options: SchemaOptions(dialect: .openAPI30))
        #expect(schema.isValid(json(#"{"s": null}"#)))
        #expect(!schema.isValid(json(#"{"s": 1}"#)))
    }
}
