import Documents
import Schemas
import Testing

/// What violations say: locations, keyword, message.
struct SchemaOutputTests {
    static let schemaText = ##"{"properties": {"age": {"$ref": "#/$defs/Age"}, "tags": {"items": {"type": "string"}}}, "$defs": {"Age": {"type": "integer", "minimum": 0}}}"##

    @Test func violationCarriesInstanceKeywordAndAbsoluteLocations() throws {
        let schema = try #require(compiled(Self.schemaText))
        let violations = schema.validate(json(#"{"age": "abc"}"#))
        #expect(violations.count == 1)
        let violation = try #require(violations.first)
        #expect(violation.instanceLocation.description == "/age")
        #expect(violation.keywordLocation == "/properties/age/$ref/type")
        #expect(violation.absoluteSchemaLocation == "file:///schema.json#/$defs/Age/type")
        #expect(violation.keyword == "type")
        #expect(violation.message == #"expected integer, found string "abc""#)
    }

    @Test func everyViolationIsReported() throws {
        let schema = try #require(compiled(Self.schemaText))
        let violations = schema.validate(json(#"{"age": -1, "tags": ["a", 2, true]}"#))
        #expect(violations.map(\.instanceLocation.description) == ["/age", "/tags/1", "/tags/2"])
        #expect(violations.map(\.keyword) == ["minimum", "type", "type"])
    }

    @Test func validInstanceHasNoViolations() throws {
        let schema = try #require(compiled(Self.schemaText))
        #expect(schema.validate(json(#"{"age": 3, "tags": ["a"]}"#)).isEmpty)
        #expect(schema.isValid(json(#"{"age": 3, "tags": ["a"]}"#)))
    }

    @Test func longValuesAreAbbreviatedInMessages() throws {
        let schema = try #require(compiled(#"{"maxLength": 3}"#))
        let long = String(repeating: "x", count: 10_000)
        let violation = try #require(schema.validate(.string(long)).first)
        #expect(violation.message.count < 200)
        #expect(violation.message.contains("…"))
    }

    @Test func additionalPropertyIsNamedInTheMessage() throws {
        let schema = try #require(compiled(#"{"properties": {"a": true}, "additionalProperties": false}"#))
        let violation = try #require(schema.validate(json(#"{"a": 1, "b/c": 2}"#)).first)
        #expect(violation.message == #"property "b/c" is not allowed"#)
        #expect(violation.keywordLocation == "/additionalProperties")
    }

    @Test func unresolvableReferenceIsACompileErrorWithAPosition() throws {
        let compiler = SchemaCompiler()
        #expect(throws: SchemaCompileError.self) {
            try compiler.compile(json(##"{"properties": {"a": {"$ref": "#/$defs/missing"}}}"##), baseURI: "file:///s.json")
        }
        #expect(compiler.diagnostics.first?.code == "ref-missing-target")
        #expect(compiler.diagnostics.first?.location.line == 1)
    }

    @Test func sharedComponentsCompileOnce() throws {
        let spec = json(##"{"components": {"schemas": {"A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {"type": "string"}}}}"##)
        let compiler = SchemaCompiler(provider: InMemorySchemaProvider(["file:///spec.json": spec]))
        let a = try compiler.compile(reference: "file:///spec.json#/components/schemas/A")
        let b = try compiler.compile(reference: "file:///spec.json#/components/schemas/B")
        #expect(!a.isValid(json(#"{"b": 1}"#)))
        #expect(!b.isValid(json("1")))
        #expect(compiler.compiledNodeCount == 3)
    }
}

/// Messages never show secrets.
struct RedactionTests {
    @Test func passwordValuesAreNotEchoed() throws {
        let schema = try #require(compiled(#"{"properties": {"password": {"type": "string", "format": "password", "minLength": 12, "pattern": "[0-9]"}}}"#))
        let violations = schema.validate(json(#"{"password": "hunter"}"#))
        #expect(violations.count == 2)
        #expect(violations.allSatisfy { !$0.message.contains("hunter") })
        #expect(violations.first?.message.contains("6 characters") == true)
    }

    @Test func writeOnlyValuesAreNotEchoed() throws {
        let schema = try #require(compiled(#"{"properties": {"token": {"type": "integer", "writeOnly": true}}}"#, dialect: .openAPI30))
        let violation = try #require(schema.validate(json(#"{"token": "s3cr3t-t0ken"}"#)).first)
        #expect(!violation.message.contains("s3cr3t"))
        #expect(violation.message.contains("expected integer"))
    }

    @Test func redactionCanBeTurnedOnEverywhere() throws {
        let compiler = SchemaCompiler(options: SchemaOptions(redactsValues: true))
        let schema = try compiler.compile(json(#"{"enum": ["a", "b"]}"#))
        let violation = try #require(schema.validate(json(#""Bearer abc.def""#)).first)
        #expect(!violation.message.contains("Bearer"))
    }
}

/// `properties` with many names (looked up by hash) behaves like with few (scanned).
struct ManyPropertiesTests {
    @Test func schemaWithManyPropertiesChecksEachByName() throws {
        let properties = (0..<40).map { "\"p\($0)\": {\"type\": \"integer\"}" }.joined(separator: ", ")
        let schema = try #require(compiled("{\"properties\": {\(properties)}}"))
        #expect(schema.isValid(json(#"{"p3": 1, "p39": 2, "other": "x"}"#)))
        let violations = schema.validate(json(#"{"p39": "x", "p0": "y"}"#))
        #expect(violations.map(\.instanceLocation.description) == ["/p39", "/p0"])
    }
}
