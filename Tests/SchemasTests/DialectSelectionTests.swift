import Documents
import Schemas
import Testing

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

/// Draft-06/07 and 2019-09 schemas (common outside OpenAPI) keep their array and `$ref` rules.
struct HistoricDraftTests {
    @Test func draft7TupleItemsAndAdditionalItems() throws {
        let schema = try SchemaCompiler().compile(json(##"{"$schema": "http://json-schema.org/draft-07/schema#", "items": [{"type": "integer"}], "additionalItems": false, "prefixItems": [{"type": "string"}]}"##))
        #expect(schema.isValid(json("[1]")))
        #expect(!schema.isValid(json("[1, 2]")))
        #expect(!schema.isValid(json(#"["a"]"#)))
    }

    @Test func draft7ReferenceHidesItsSiblingsAndConstWorks() throws {
        let schema = try SchemaCompiler().compile(json(##"{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"c": {"const": 3}}, "properties": {"a": {"$ref": "#/definitions/c", "maximum": 1}}}"##))
        #expect(schema.isValid(json(#"{"a": 3}"#)))
        #expect(!schema.isValid(json(#"{"a": 2}"#)))
    }

    @Test func draft7PlainNameIdIsAnAnchor() throws {
        let schema = try SchemaCompiler().compile(json(##"{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"s": {"$id": "#str", "type": "string"}}, "properties": {"a": {"$ref": "#str"}}}"##))
        #expect(schema.isValid(json(#"{"a": "x"}"#)))
        #expect(!schema.isValid(json(#"{"a": 1}"#)))
    }

    @Test func draft2019TupleItemsWithUnevaluatedItems() throws {
        let schema = try SchemaCompiler().compile(json(##"{"$schema": "https://json-schema.org/draft/2019-09/schema", "items": [{"type": "integer"}], "unevaluatedItems": false}"##))
        #expect(schema.isValid(json("[1]")))
        #expect(!schema.isValid(json("[1, 2]")))
    }
}
