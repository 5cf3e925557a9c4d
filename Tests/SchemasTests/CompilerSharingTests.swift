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

/// A compiled schema is shared read-only across threads.
struct ConcurrentValidationTests {
    @Test func manyTasksValidateWithOneCompiledSchema() async throws {
        let schema = try #require(compiled(#"{"type": "object", "properties": {"n": {"type": "integer", "multipleOf": 3}, "s": {"pattern": "^a+$"}}, "required": ["n"]}"#))
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let good = json("{\"n\": \(index * 3), \"s\": \"aaa\"}")
                    let bad = json("{\"n\": \(index * 3 + 1), \"s\": \"b\"}")
                    return schema.isValid(good) && !schema.isValid(bad) && schema.validate(bad).count == 2
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 64 && results.allSatisfy { $0 })
    }
}

/// Schemas that live outside documents (built in code) still resolve `$ref`s into their spec.
struct InlineSchemaTests {
    static let spec = json(##"{"components": {"schemas": {"Id": {"type": "integer", "minimum": 1}}}}"##)

    @Test func inlineSchemaResolvesReferencesAgainstItsSpecFile() throws {
        let provider = InMemorySchemaProvider(files: ["/specs/api.json": Self.spec])
        let compiler = SchemaCompiler(provider: provider)
        let inline = try compiler.compile(json(##"{"type": "array", "items": {"$ref": "#/components/schemas/Id"}}"##),
                                          relativeTo: SchemaCompiler.uri(forFile: "/specs/api.json"))
        #expect(inline.isValid(json("[1, 2]")))
        #expect(!inline.isValid(json("[0]")))
        let component = try compiler.compile(reference: "file:///specs/api.json#/components/schemas/Id")
        #expect(!component.isValid(json("0")))
    }

    @Test func relativeFilePathsResolveBetweenFiles() throws {
        let provider = InMemorySchemaProvider(files: [
            "specs/api.json": json(##"{"components": {"schemas": {"Pet": {"$ref": "common/pet.json#/Pet"}}}}"##),
            "specs/common/pet.json": json(##"{"Pet": {"required": ["name"]}}"##),
        ])
        let compiler = SchemaCompiler(provider: provider)
        let pet = try compiler.compile(reference: SchemaCompiler.uri(forFile: "specs/api.json") + "#/components/schemas/Pet")
        #expect(!pet.isValid(json("{}")))
        #expect(pet.isValid(json(#"{"name": "x"}"#)))
    }
}

/// Dropping a compiled recursive schema frees its nodes.
struct CompiledGraphLifetimeTests {
    @Test func recursiveSchemaNodesAreFreedWithTheirSchema() throws {
        weak var weakRoot: SchemaNode?
        weak var weakChild: SchemaNode?
        do {
            let compiler = SchemaCompiler()
            let schema = try compiler.compile(json(##"{"properties": {"next": {"$ref": "#"}}, "$defs": {"x": {"$dynamicAnchor": "x"}}}"##))
            #expect(schema.isValid(json(#"{"next": {"next": {}}}"#)))
            weakRoot = schema.root
            weakChild = compiler.graph.nodes.last
        }
        #expect(weakRoot == nil)
        #expect(weakChild == nil)
    }
}

/// References into OpenAPI documents use escaped and percent-encoded pointers.
struct ReferenceSpellingTests {
    static let spec = json(##"""
    {"paths": {"/pets/{id}": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "integer"}}}}}}}},
     "components": {"schemas": {"Pet Name": {"type": "string"}, "a~b": {"minimum": 3},
                                "Uses": {"properties": {"n": {"$ref": "#/components/schemas/Pet%20Name"}, "m": {"$ref": "#/components/schemas/a~0b"}}}}}}
    """##)

    private func compile(_ reference: String) throws -> CompiledSchema {
        try SchemaCompiler(provider: InMemorySchemaProvider(["file:///api.json": Self.spec])).compile(reference: "file:///api.json#" + reference)
    }

    @Test func pointerWithEscapedSlashReachesAPathItem() throws {
        let schema = try compile("/paths/~1pets~1%7Bid%7D/get/responses/200/content/application~1json/schema")
        #expect(schema.isValid(json("1")))
        #expect(!schema.isValid(json(#""1""#)))
    }

    @Test func percentEncodedAndTildeEscapedNamesResolve() throws {
        let schema = try compile("/components/schemas/Uses")
        #expect(schema.isValid(json(#"{"n": "x", "m": 3}"#)))
        #expect(!schema.isValid(json(#"{"n": 1}"#)))
        #expect(!schema.isValid(json(#"{"m": 2}"#)))
    }
}

/// `compileTolerantly(documentURI:pointer:)` is `compileTolerantly(reference:)` without the reference text.
struct PointerCompileTests {
    static let spec = json(##"""
    {"paths": {"/pets/{id}": {"get": {"responses": {"200": {"schema": {"$ref": "#/definitions/Pet"}}}}}},
     "definitions": {"Pet": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                     "Broken": {"$ref": "#/definitions/Nowhere"}}}
    """##)

    @Test func compilesTheSchemaThePointerNames() throws {
        let compiler = SchemaCompiler(provider: InMemorySchemaProvider(["file:///spec.json": Self.spec]))
        let (schema, problems) = compiler.compileTolerantly(documentURI: "file:///spec.json",
                                                            pointer: ["paths", "/pets/{id}", "get", "responses", "200", "schema"])
        #expect(problems.isEmpty)
        #expect(schema.isValid(json(#"{"name": "Rex"}"#)))
        #expect(!schema.isValid(json(#"{"name": 3}"#)))
    }

    @Test func reportsWhatTheReferenceFormReports() {
        let byPointer = SchemaCompiler(provider: InMemorySchemaProvider(["file:///spec.json": Self.spec]))
        let byReference = SchemaCompiler(provider: InMemorySchemaProvider(["file:///spec.json": Self.spec]))
        for tokens in [["definitions", "Broken"], ["definitions", "Missing"], []] {
            let reference = "file:///spec.json#" + JSONPointer(tokens: tokens).fragmentText
            let pointerProblems = byPointer.compileTolerantly(documentURI: "file:///spec.json", pointer: tokens).diagnostics
            let referenceProblems = byReference.compileTolerantly(reference: reference).diagnostics
            #expect(pointerProblems.map(\.code) == referenceProblems.map(\.code))
            #expect(pointerProblems.map(\.message) == referenceProblems.map(\.message))
        }
    }

    @Test func unknownDocumentIsAMissingTarget() {
        let compiler = SchemaCompiler(provider: InMemorySchemaProvider([:]))
        let (_, problems) = compiler.compileTolerantly(documentURI: "file:///absent.json", pointer: ["a"])
        #expect(problems.map(\.code) == ["ref-missing-target"])
    }
}
