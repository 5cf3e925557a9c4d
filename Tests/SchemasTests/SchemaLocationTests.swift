import Documents
@testable import Schemas
import Testing

/// Schema locations: pointers kept as chains of tokens, and location texts made only when a violation needs one.
struct SchemaLocationTests {
    @Test func pathsWithTheSameTokensAreEqualHowEverTheyWereMade() {
        let built = PointerPath.root().appending("properties").appending("a/b").appending("items")
        let fromTokens = PointerPath.from(["properties", "a/b", "items"])
        #expect(built !== fromTokens)
        #expect(built.sameTokens(as: fromTokens))
        #expect(built.hash == fromTokens.hash)
        #expect(SchemaNodeKey(documentKey: "d", path: built) == SchemaNodeKey(documentKey: "d", path: fromTokens))
        #expect(built.tokens == ["properties", "a/b", "items"])
        #expect(built.tokens(from: 1) == ["a/b", "items"])
        #expect(built.tokens(from: 3) == [])
        #expect(PointerPath.root().tokens == [])
    }

    @Test func pathsWithOtherTokensOrDocumentsDiffer() {
        let path = PointerPath.from(["a", "b"])
        #expect(!path.sameTokens(as: PointerPath.from(["a", "c"])))
        #expect(!path.sameTokens(as: PointerPath.from(["a"])))
        #expect(!path.sameTokens(as: PointerPath.from(["b", "a"])))
        // The same tokens split differently ("a/b" is one token, not two).
        #expect(!PointerPath.from(["a/b"]).sameTokens(as: path))
        #expect(SchemaNodeKey(documentKey: "one", path: path) != SchemaNodeKey(documentKey: "two", path: PointerPath.from(["a", "b"])))
    }

    /// Escaped tokens, and the pointer restarting inside an embedded resource (`$id`), eagerly and lazily compiled.
    @Test(arguments: [false, true])
    func absoluteLocationsNameTheResourceAndTheEscapedPointer(lazily: Bool) throws {
        let schema = json(##"""
        {"properties": {"a/b~c": {"type": "integer"},
                        "inner": {"$id": "https://example.com/inner.json", "properties": {"x": {"minimum": 3}}}}}
        """##)
        let compiler = SchemaCompiler()
        compiler.compilesLazily = lazily
        let (compiled, diagnostics) = compiler.compileTolerantly(schema, baseURI: "file:///root.json")
        #expect(diagnostics.isEmpty)
        let violations = compiled.validate(json(#"{"a/b~c": "no", "inner": {"x": 1}}"#))
        #expect(violations.map(\.absoluteSchemaLocation) == [
            "file:///root.json#/properties/a~1b~0c/type",
            "https://example.com/inner.json#/properties/x/minimum",
        ])
        #expect(violations.map(\.keywordLocation) == ["/properties/a~1b~0c/type", "/properties/inner/properties/x/minimum"])
    }

    @Test func anUnresolvableReferenceIsNamedAsWritten() {
        let compiler = SchemaCompiler()
        let (compiled, diagnostics) = compiler.compileTolerantly(reference: "file:///missing.json#/nowhere")
        #expect(diagnostics.map(\.code) == ["ref-missing-target"])
        #expect(compiled.validate(json("1")).first?.absoluteSchemaLocation == "file:///missing.json#/nowhere")
    }
}
