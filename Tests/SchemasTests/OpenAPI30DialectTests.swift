import Documents
import Schemas
import Testing

/// The OpenAPI 3.0 Schema Object dialect, against a small spec fixture.
struct OpenAPI30DialectTests {
    static let spec = """
    {
      "openapi": "3.0.3",
      "components": {
        "schemas": {
          "Pet": {
            "type": "object",
            "required": ["petType"],
            "properties": { "petType": { "type": "string" } },
            "oneOf": [ { "$ref": "#/components/schemas/Cat" }, { "$ref": "#/components/schemas/Dog" } ],
            "discriminator": { "propertyName": "petType" }
          },
          "MappedPet": {
            "oneOf": [ { "$ref": "#/components/schemas/Cat" }, { "$ref": "#/components/schemas/Dog" } ],
            "discriminator": { "propertyName": "kind", "mapping": { "kitty": "#/components/schemas/Cat", "doggo": "Dog" } }
          },
          "Cat": {
            "type": "object",
            "required": ["meows"],
            "properties": { "meows": { "type": "boolean" } }
          },
          "Dog": {
            "type": "object",
            "required": ["barks"],
            "properties": { "barks": { "type": "boolean" } }
          },
          "Account": {
            "type": "object",
            "required": ["id", "password", "name"],
            "properties": {
              "id": { "type": "integer", "readOnly": true },
              "password": { "type": "string", "writeOnly": true },
              "name": { "type": "string", "x-internal": { "type": "integer" } }
            }
          }
        }
      }
    }
    """

    private func schema(_ name: String) throws -> CompiledSchema {
        let provider = InMemorySchemaProvider(["file:///spec.json": json(Self.spec)])
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: .openAPI30), provider: provider)
        return try compiler.compile(reference: "file:///spec.json#/components/schemas/" + name)
    }

    @Test func nullableTrueAllowsNull() throws {
        let schema = try #require(compiled(#"{"type": "string", "nullable": true}"#, dialect: .openAPI30))
        #expect(schema.isValid(.null))
        #expect(schema.isValid(json(#""text""#)))
        #expect(!schema.isValid(json("3")))
    }

    @Test func nullIsRejectedWithoutNullable() throws {
        let schema = try #require(compiled(#"{"type": "string"}"#, dialect: .openAPI30))
        #expect(!schema.isValid(.null))
    }

    @Test func nullableWithoutTypeAllowsNull() throws {
        let schema = try #require(compiled(#"{"nullable": true, "minLength": 2}"#, dialect: .openAPI30))
        #expect(schema.isValid(.null))
        #expect(!schema.isValid(json(#""a""#)))
    }

    @Test func booleanExclusiveMinimumExcludesTheBound() throws {
        let schema = try #require(compiled(#"{"minimum": 5, "exclusiveMinimum": true}"#, dialect: .openAPI30))
        #expect(!schema.isValid(json("5")))
        #expect(schema.isValid(json("5.001")))
    }

    @Test func booleanExclusiveMaximumExcludesTheBound() throws {
        let schema = try #require(compiled(#"{"maximum": 5, "exclusiveMaximum": true}"#, dialect: .openAPI30))
        #expect(!schema.isValid(json("5")))
        #expect(schema.isValid(json("4")))
        let inclusive = try #require(compiled(#"{"maximum": 5, "exclusiveMaximum": false}"#, dialect: .openAPI30))
        #expect(inclusive.isValid(json("5")))
    }

    @Test func readOnlyPropertyIsAViolationInRequests() throws {
        let account = try schema("Account")
        let body = json(#"{"id": 1, "password": "p", "name": "n"}"#)
        let violations = account.validate(body, direction: .request)
        #expect(violations.map(\.keyword) == ["readOnly"])
        #expect(violations.first?.instanceLocation.description == "/id")
        #expect(account.isValid(json(#"{"id": 1, "name": "n"}"#), direction: .response))
    }

    @Test func writeOnlyPropertyIsAViolationInResponses() throws {
        let account = try schema("Account")
        let violations = account.validate(json(#"{"id": 1, "password": "p", "name": "n"}"#), direction: .response)
        #expect(violations.map(\.keyword) == ["writeOnly"])
        #expect(account.isValid(json(#"{"password": "p", "name": "n"}"#), direction: .request))
    }

    @Test func requiredReadOnlyPropertyIsNotRequiredInRequests() throws {
        let account = try schema("Account")
        #expect(account.isValid(json(#"{"password": "p", "name": "n"}"#), direction: .request))
        #expect(!account.isValid(json(#"{"password": "p", "name": "n"}"#), direction: .neutral))
    }

    @Test func requiredWriteOnlyPropertyIsNotRequiredInResponses() throws {
        let account = try schema("Account")
        #expect(account.isValid(json(#"{"id": 1, "name": "n"}"#), direction: .response))
        #expect(!account.isValid(json(#"{"id": 1, "name": "n"}"#), direction: .request))
    }

    @Test func discriminatorWithoutMappingUsesTheSchemaName() throws {
        let pet = try schema("Pet")
        #expect(pet.isValid(json(#"{"petType": "Cat", "meows": true}"#)))
        let violations = pet.validate(json(#"{"petType": "Cat", "barks": true}"#))
        // Only the chosen branch is validated, so the message is precise.
        #expect(violations.count == 1)
        #expect(violations.first?.message == #"required property "meows" is missing"#)
        #expect(violations.first?.keywordLocation == "/discriminator/Cat/$ref/required")
    }

    @Test func discriminatorWithMappingPicksTheMappedSchema() throws {
        let pet = try schema("MappedPet")
        #expect(pet.isValid(json(#"{"kind": "kitty", "meows": false}"#)))
        #expect(pet.isValid(json(#"{"kind": "doggo", "barks": false}"#)))
        #expect(!pet.isValid(json(#"{"kind": "doggo", "meows": false}"#)))
    }

    @Test func discriminatorValueThatMapsNowhereIsAViolation() throws {
        let pet = try schema("Pet")
        let violations = pet.validate(json(#"{"petType": "Lizard"}"#))
        #expect(violations.count == 1)
        #expect(violations.first?.keyword == "discriminator")
        #expect(violations.first?.message.contains("maps to no schema") == true)
        #expect(violations.first?.message.contains("Cat, Dog") == true)
    }

    @Test func missingDiscriminatorPropertyIsAViolation() throws {
        let pet = try schema("Pet")
        let violations = pet.validate(json(#"{"meows": true}"#))
        #expect(violations.contains { $0.keyword == "discriminator" && $0.message.contains("is missing") })
    }

    @Test func extensionKeysAreIgnored() throws {
        let account = try schema("Account")
        #expect(account.isValid(json(#"{"id": 1, "password": "p", "name": "n"}"#)))
        let withExtensions = try #require(compiled(#"{"type": "string", "x-pattern": "^a", "x-kind": {"type": "integer"}}"#, dialect: .openAPI30))
        #expect(withExtensions.isValid(json(#""zzz""#)))
    }

    @Test func referenceSiblingsAreIgnored() throws {
        let schema = try #require(compiled(##"{"properties": {"a": {"$ref": "#/definitions/S", "maxLength": 1}}, "definitions": {"S": {"type": "string"}}}"##, dialect: .openAPI30))
        #expect(schema.isValid(json(#"{"a": "long"}"#)))
    }

    @Test func formatsAreAssertedByDefault() throws {
        let schema = try #require(compiled(#"{"type": "string", "format": "date-time"}"#, dialect: .openAPI30))
        #expect(!schema.isValid(json(#""yesterday""#)))
        #expect(schema.isValid(json(#""2024-01-02T03:04:05Z""#)))
        let int32 = try #require(compiled(#"{"type": "integer", "format": "int32"}"#, dialect: .openAPI30))
        #expect(!int32.isValid(json("3000000000")))
    }

    @Test func openAPI31AnnotationKeywordsDoNotFail() throws {
        let schema = try #require(compiled(#"{"type": ["string", "null"], "example": 3, "xml": {"name": "x"}, "externalDocs": {"url": "u"}, "discriminator": {"propertyName": "k"}}"#, dialect: .openAPI31))
        #expect(schema.isValid(.null))
        #expect(schema.isValid(json(#""s""#)))
    }
}

/// OpenAPI 3.1 documents: component schemas are JSON Schema 2020-12 resources.
struct OpenAPI31DocumentTests {
    @Test func componentSchemaIdIsResolvable() throws {
        let spec = json(##"{"openapi": "3.1.0", "components": {"schemas": {"Name": {"$id": "https://example.com/name", "type": "string"}, "User": {"properties": {"name": {"$ref": "https://example.com/name"}}}}}}"##)
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: .openAPI31), provider: InMemorySchemaProvider(["file:///spec.json": spec]))
        let user = try compiler.compile(reference: "file:///spec.json#/components/schemas/User")
        #expect(user.isValid(json(#"{"name": "a"}"#)))
        #expect(!user.isValid(json(#"{"name": 1}"#)))
    }
}

/// OpenAPI discriminator on a base schema extended through `allOf`.
struct DiscriminatorInheritanceTests {
    static let spec = json(##"""
    {"openapi": "3.0.3", "components": {"schemas": {
      "Pet": {"type": "object", "required": ["petType"], "properties": {"petType": {"type": "string"}},
              "discriminator": {"propertyName": "petType", "mapping": {"dog": "#/components/schemas/Dog"}}},
      "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "required": ["meows"]}]},
      "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "required": ["barks"]}]}
    }}}
    """##)

    private func schema(_ name: String) throws -> CompiledSchema {
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: .openAPI30), provider: InMemorySchemaProvider(["file:///spec.json": Self.spec]))
        return try compiler.compile(reference: "file:///spec.json#/components/schemas/" + name)
    }

    @Test func baseSchemaValidatesAgainstTheNamedDerivedSchema() throws {
        let pet = try schema("Pet")
        #expect(pet.isValid(json(#"{"petType": "Cat", "meows": true}"#)))
        #expect(!pet.isValid(json(#"{"petType": "Cat"}"#)))
        #expect(pet.isValid(json(#"{"petType": "dog", "barks": true}"#)))
        #expect(!pet.isValid(json(#"{"petType": "dog"}"#)))
        #expect(pet.isValid(json(#"{"petType": "Pet"}"#)))
    }

    @Test func unknownValueOnABaseSchemaIsAViolation() throws {
        let violations = try schema("Pet").validate(json(#"{"petType": "Lizard"}"#))
        #expect(violations.map(\.keyword) == ["discriminator"])
    }

    @Test func derivedSchemaDoesNotLoopThroughItsBase() throws {
        let cat = try schema("Cat")
        #expect(cat.isValid(json(#"{"petType": "Cat", "meows": true}"#)))
        #expect(!cat.isValid(json(#"{"petType": "Cat"}"#)))
    }
}

/// Swagger 2.0 schemas: draft-04 plus `readOnly` and a string `discriminator`.
struct Swagger2SchemaTests {
    static let spec = json(##"""
    {"swagger": "2.0", "definitions": {
      "Pet": {"type": "object", "discriminator": "petType", "required": ["petType", "id"],
              "properties": {"petType": {"type": "string"}, "id": {"type": "integer", "readOnly": true}}},
      "Cat": {"allOf": [{"$ref": "#/definitions/Pet"}, {"required": ["meows"]}]}
    }}
    """##)

    private func pet() throws -> CompiledSchema {
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: .draft4), provider: InMemorySchemaProvider(["file:///s.json": Self.spec]))
        return try compiler.compile(reference: "file:///s.json#/definitions/Pet")
    }

    @Test func stringDiscriminatorPicksTheDerivedDefinition() throws {
        let pet = try pet()
        #expect(pet.isValid(json(#"{"petType": "Cat", "id": 1, "meows": true}"#)))
        #expect(!pet.isValid(json(#"{"petType": "Cat", "id": 1}"#)))
        #expect(!pet.isValid(json(#"{"petType": "Dog", "id": 1}"#)))
    }

    @Test func readOnlyPropertyIsRejectedInRequestsAndNotRequired() throws {
        let pet = try pet()
        #expect(!pet.isValid(json(#"{"petType": "Pet", "id": 1}"#), direction: .request))
        #expect(pet.isValid(json(#"{"petType": "Pet"}"#), direction: .request))
        #expect(!pet.isValid(json(#"{"petType": "Pet"}"#), direction: .response))
    }
}

/// `Pet: oneOf [Cat, Dog]` with a discriminator, where `Cat` and `Dog` extend `Pet` through `allOf`.
struct DiscriminatorBackReferenceTests {
    static let spec = json(##"""
    {"openapi": "3.0.3", "components": {"schemas": {
      "Pet": {"type": "object", "required": ["petType"], "properties": {"petType": {"type": "string"}},
              "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
              "discriminator": {"propertyName": "petType"}},
      "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "required": ["meows"]}]},
      "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "required": ["barks"]}]}
    }}}
    """##)

    @Test func derivedSchemasReferringBackToTheirBaseNeitherLoopNorFailToCompile() throws {
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: .openAPI30), provider: InMemorySchemaProvider(["file:///spec.json": Self.spec]))
        let pet = try compiler.compile(reference: "file:///spec.json#/components/schemas/Pet")
        #expect(pet.isValid(json(#"{"petType": "Cat", "meows": true}"#)))
        #expect(!pet.isValid(json(#"{"petType": "Cat", "barks": true}"#)))
        #expect(pet.validate(json(#"{"petType": "Dog"}"#)).map(\.message) == [#"required property "barks" is missing"#])
        #expect(!pet.isValid(json("3")))
        #expect(!pet.validate(json("3")).isEmpty)
    }
}
