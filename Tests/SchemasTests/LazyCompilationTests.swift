import Documents
@testable import Schemas
import Testing

/// A lazily compiling compiler (the linter's example checks): subschemas built when validation reaches them.
struct LazyCompilationTests {
    func lazyCompiler(_ documents: [String: JSONValue] = [:], dialect: SchemaDialect = .jsonSchema2020_12) -> SchemaCompiler {
        let compiler = SchemaCompiler(options: SchemaOptions(dialect: dialect), provider: InMemorySchemaProvider(documents))
        compiler.compilesLazily = true
        return compiler
    }

    /// Validates as the linter does: again when `current` says a part built meanwhile needs more tracking.
    func verdict(_ compiler: SchemaCompiler, _ schema: CompiledSchema, _ instance: JSONValue) -> (violations: [String], reachedBroken: Bool) {
        compiler.reachedUncompilablePart = false
        var schema = schema
        let violations = compiler.validateAgainWhileNeeded(&schema) { $0.validate(instance) }
        return (violations.map(\.description), compiler.reachedUncompilablePart)
    }

    @Test func aPartThatCannotBeBuiltMattersOnlyWhenReached() {
        let schema = json(#"{"properties": {"a": {"type": "integer"}, "b": {"pattern": "(unclosed"}}}"#)
        let eager = SchemaCompiler()
        #expect(eager.compileTolerantly(schema, baseURI: "file:///s.json").diagnostics.map(\.code) == ["schema-pattern-invalid"])
        let compiler = lazyCompiler()
        let (compiled, diagnostics) = compiler.compileTolerantly(schema, baseURI: "file:///s.json")
        #expect(diagnostics.isEmpty)
        let clean = verdict(compiler, compiled, json(#"{"a": "x"}"#))
        #expect(!clean.reachedBroken)
        #expect(clean.violations.count == 1)
        #expect(verdict(compiler, compiled, json(#"{"b": "x"}"#)).reachedBroken)
        // Still marked the next time it is reached (it is built once).
        #expect(verdict(compiler, compiled, json(#"{"a": 1, "b": "y"}"#)).reachedBroken)
        #expect(compiler.diagnostics.map(\.code) == ["schema-pattern-invalid"])
    }

    @Test func aPartThatFailedIsNotBuiltAgainWhenCompiledAsARoot() throws {
        let spec = json(##"{"components": {"schemas": {"Outer": {"properties": {"b": {"$ref": "#/components/schemas/Bad"}}}, "Bad": {"pattern": "(unclosed"}}}}"##)
        let compiler = lazyCompiler(["file:///spec.json": spec])
        let outer = compiler.compileTolerantly(reference: "file:///spec.json#/components/schemas/Outer")
        #expect(outer.diagnostics.isEmpty)
        #expect(verdict(compiler, outer.schema, json(#"{"b": "x"}"#)).reachedBroken)
        // `Bad` failed while Outer's example was validated; compiled as a root it is not built a second time.
        let bad = compiler.compileTolerantly(reference: "file:///spec.json#/components/schemas/Bad")
        #expect(bad.diagnostics.isEmpty)
        #expect(verdict(compiler, bad.schema, json(#""x""#)).reachedBroken)
        #expect(compiler.diagnostics.map(\.code) == ["schema-pattern-invalid"])
    }

    @Test func onlyWhatValidationReachesIsBuilt() throws {
        let schema = json(#"{"properties": {"a": {"type": "integer"}, "b": {"type": "string"}, "c": {"items": {"type": "string"}}}}"#)
        let compiler = lazyCompiler()
        let compiled = try compiler.compile(schema, baseURI: "file:///s.json")
        let pending = { compiler.graph.nodes.filter { $0.lazyFill != nil }.count }
        #expect(pending() == 3)
        _ = compiled.validate(json(#"{"a": 1}"#))
        #expect(pending() == 2)
        _ = compiled.validate(json(#"{"c": ["x"]}"#))
        #expect(pending() == 1)  // b
    }

    @Test func theSameViolationsAsAnEagerCompile() throws {
        let spec = json(##"""
        {"components": {"schemas": {
          "Pet": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "minLength": 2},
            "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
            "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "additionalProperties": false,
                      "properties": {"id": {"type": "integer"}}}}},
          "Tag": {"type": "object", "properties": {"label": {"enum": ["a", "b"]}}, "additionalProperties": false},
          "Owner": {"properties": {"id": {"minimum": 1}}}
        }}}
        """##)
        let instance = json(#"{"name": "x", "tags": [{"label": "c"}, {"other": 1}], "owner": {"id": 0, "extra": true}}"#)
        let reference = "file:///spec.json#/components/schemas/Pet"
        let eager = try SchemaCompiler(options: SchemaOptions(dialect: .openAPI31), provider: InMemorySchemaProvider(["file:///spec.json": spec]))
            .compile(reference: reference).validate(instance).map(\.description)
        let compiler = lazyCompiler(["file:///spec.json": spec], dialect: .openAPI31)
        let lazy = verdict(compiler, try compiler.compile(reference: reference), instance)
        #expect(eager.count >= 5)
        #expect(lazy.violations == eager)
        #expect(!lazy.reachedBroken)
    }

    @Test func anUnevaluatedKeywordBuiltLateIsHonoured() throws {
        // The root needs no annotations; the part `a` leads to does, and is built during the first validation.
        let schema = json(#"{"properties": {"a": {"properties": {"x": true}, "unevaluatedProperties": false}}}"#)
        let compiler = lazyCompiler()
        let compiled = try compiler.compile(schema, baseURI: "file:///s.json")
        #expect(!compiled.tracksAnnotations)
        let instance = json(#"{"a": {"x": 1, "y": 2}}"#)
        _ = compiled.validate(instance)
        let current = compiler.current(compiled)
        #expect(current !== compiled)
        #expect(current.tracksAnnotations)
        #expect(!current.isValid(instance))
        #expect(verdict(compiler, compiled, instance).violations.count == 1)
    }

    @Test func anInPlaceCycleBuiltLateMakesTheVerdictUnusable() throws {
        let schema = json(##"{"properties": {"a": {"$ref": "#/$defs/loop"}}, "$defs": {"loop": {"$ref": "#/$defs/loop"}}}"##)
        let compiler = lazyCompiler()
        let (compiled, diagnostics) = compiler.compileTolerantly(schema, baseURI: "file:///s.json")
        #expect(diagnostics.isEmpty)
        #expect(!verdict(compiler, compiled, json(#"{"b": 1}"#)).reachedBroken)
        #expect(verdict(compiler, compiled, json(#"{"a": 1}"#)).reachedBroken)
        #expect(compiler.diagnostics.map(\.code) == ["ref-cycle"])
    }
}
