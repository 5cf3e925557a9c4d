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

    /// The pointer text written from the chain (gathered leaf to root, written root first) is the text of the tokens.
    @Test func pointerTextIsWrittenFromTheChainWithEscapes() {
        let path = PointerPath.from(["paths", "/v1/pets", "post", "a~b", "", "schema"])
        func text(from start: Int, after prefix: String = "") -> String {
            var bytes = ByteSink(capacity: 0)
            bytes.append(prefix)
            path.appendText(from: start, to: &bytes)
            return String(decoding: bytes.bytes(), as: UTF8.self)
        }
        #expect(text(from: 0) == "/paths/~1v1~1pets/post/a~0b//schema")
        #expect(text(from: 0) == JSONPointer(tokens: path.tokens).description)
        #expect(text(from: 2, after: "uri#") == "uri#/post/a~0b//schema")
        #expect(text(from: 6, after: "uri#") == "uri#")
        #expect(text(from: 9) == "")
        #expect(PointerPath.root().tokens.isEmpty)
        var untouched = ByteSink(capacity: 0)
        untouched.append("x")
        PointerPath.root().appendText(from: 0, to: &untouched)
        #expect(untouched.bytes() == Array("x".utf8))
    }

    /// The message of a failed `enum` lists its first five values as `Describe.json` writes each (a value longer than
    /// 60 characters abbreviated), then `…`.
    @Test func enumMessagesListTheFirstFiveValues() {
        let long = String(repeating: "x", count: 70)
        let schema = json(#"{"enum": ["a\"b", 1.50, null, {"k": [true]}, "\#(long)", "sixth"]}"#)
        let (compiled, _) = SchemaCompiler().compileTolerantly(schema, baseURI: "file:///root.json")
        let message = compiled.validate(json("2")).first?.message
        let listed = [#""a\"b""#, "1.50", "null", #"{"k":[true]}"#, "\"" + String(repeating: "x", count: 59) + "…"].joined(separator: ", ")
        #expect(message == "expected one of [\(listed), …], found integer 2")
        let short = SchemaCompiler().compileTolerantly(json(#"{"enum": ["dog", "cat"]}"#), baseURI: "file:///root.json").0
        #expect(short.validate(json(#""cow""#)).first?.message == #"expected one of ["dog", "cat"], found string "cow""#)
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
