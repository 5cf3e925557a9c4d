import Documents
import Schemas
import Testing

/// Numeric keywords use the exact number text when binary floating point would be wrong.
struct ExactNumberTests {
    @Test func multipleOfACentAcceptsExactDecimals() throws {
        let schema = try #require(compiled(#"{"multipleOf": 0.01}"#))
        #expect(schema.isValid(json("19.99")))
        #expect(schema.isValid(json("0.07")))
        #expect(!schema.isValid(json("19.995")))
    }

    @Test func boundsNearTheDoubleLimitAreExact() throws {
        let schema = try #require(compiled(#"{"maximum": 1e308}"#))
        #expect(schema.isValid(json("1e308")))
        #expect(!schema.isValid(json("1.0000000000000000001e308")))
        #expect(!schema.isValid(json("1e309")))
    }

    @Test func bigIntegersCompareExactlyWithMaximum() throws {
        let schema = try #require(compiled(#"{"maximum": 18446744073709551616}"#))
        #expect(schema.isValid(json("18446744073709551616")))
        #expect(!schema.isValid(json("18446744073709551617")))
        let int64Max = try #require(compiled(#"{"maximum": 9223372036854775807}"#))
        #expect(int64Max.isValid(json("9223372036854775807")))
        #expect(!int64Max.isValid(json("9223372036854775808")))
    }

    @Test func bigIntegerIsAnInteger() throws {
        let schema = try #require(compiled(#"{"type": "integer"}"#))
        #expect(schema.isValid(json("123456789012345678901234567890")))
        #expect(!schema.isValid(json("1.5")))
    }
}

/// `$schema` in an embedded resource switches the dialect for that resource only.
struct DialectSwitchingTests {
    @Test func embeddedDraft4ResourceUsesBooleanExclusiveMinimum() throws {
        let schema = try #require(compiled(##"""
        {"$defs": {"old": {"$id": "http://example.com/old", "$schema": "http://json-schema.org/draft-04/schema#",
                            "minimum": 5, "exclusiveMinimum": true}},
         "properties": {"a": {"$ref": "http://example.com/old"}, "b": {"exclusiveMinimum": 5}}}
        """##))
        #expect(!schema.isValid(json(#"{"a": 5}"#)))
        #expect(schema.isValid(json(#"{"a": 6}"#)))
        #expect(!schema.isValid(json(#"{"b": 5}"#)))
    }

    @Test func schemaKeywordPicksTheDialectOfAWholeDocument() throws {
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: .jsonSchema2020_12))
        let schema = try compiler.compile(json(##"{"$schema": "http://json-schema.org/draft-04/schema#", "items": [{"type": "integer"}], "additionalItems": false}"##))
        #expect(schema.isValid(json("[1]")))
        #expect(!schema.isValid(json("[1, 2]")))
    }
}

extension DialectSwitchingTests {
    @Test func draft4DocumentRootIdIsHonouredUnderAnotherDefaultDialect() throws {
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: .jsonSchema2020_12))
        let schema = try compiler.compile(json(##"{"$schema": "http://json-schema.org/draft-04/schema#", "id": "http://example.com/root.json", "properties": {"a": {"$ref": "item.json"}}, "definitions": {"item": {"id": "item.json", "type": "string"}}}"##))
        #expect(schema.isValid(json(#"{"a": "x"}"#)))
        #expect(!schema.isValid(json(#"{"a": 1}"#)))
    }
}

/// How `format` is treated unless told otherwise.
struct FormatModeDefaultTests {
    @Test func libraryAssertsFormatsByDefault() throws {
        let schema = try SchemaCompiler().compile(json(#"{"format": "email"}"#))
        #expect(!schema.isValid(json(#""not an email""#)))
    }

    @Test func dialectsOwnRuleAssertsOnlyForOpenAPI30() {
        #expect(SchemaDialect.openAPI30.defaultFormatMode == .assert)
        #expect(SchemaDialect.openAPI31.defaultFormatMode == .annotate)
        #expect(SchemaDialect.jsonSchema2020_12.defaultFormatMode == .annotate)
        #expect(SchemaDialect.draft4.defaultFormatMode == .annotate)
    }

    @Test func annotateModeIgnoresFormats() throws {
        let schema = try SchemaCompiler(options: SchemaOptions(formatMode: .annotate)).compile(json(#"{"format": "email"}"#))
        #expect(schema.isValid(json(#""not an email""#)))
    }
}
