import Documents
import Testing

@Suite struct JSONPointerTests {
    // The RFC 6901 §5 example document.
    let document = (try? JSONReader.read(#"""
    {"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5,
     "k\"l": 6, " ": 7, "m~n": 8}
    """#).value) ?? .null

    @Test(arguments: [
        ("", nil), ("/foo", nil), ("/foo/0", "\"bar\""), ("/", "0"), ("/a~1b", "1"), ("/c%d", "2"),
        ("/e^f", "3"), ("/g|h", "4"), ("/i\\j", "5"), ("/k\"l", "6"), ("/ ", "7"), ("/m~0n", "8"),
    ] as [(String, String?)])
    func rfc6901ExamplesEvaluate(pointer: String, expected: String?) throws {
        let parsed = try #require(JSONPointer(pointer))
        let value = try #require(parsed.evaluate(in: document))
        if let expected { #expect(value.description == expected) }
    }

    @Test(arguments: [
        ("#", ""), ("#/foo", "/foo"), ("#/foo/0", "/foo/0"), ("#/", "/"), ("#/a~1b", "/a~1b"), ("#/c%25d", "/c%d"),
        ("#/e%5Ef", "/e^f"), ("#/g%7Ch", "/g|h"), ("#/i%5Cj", "/i\\j"), ("#/k%22l", "/k\"l"), ("#/%20", "/ "), ("#/m~0n", "/m~0n"),
    ])
    func rfc6901FragmentExamplesPercentDecode(fragment: String, pointerText: String) throws {
        let fromFragment = try #require(JSONPointer(fragment: fragment))
        let fromText = try #require(JSONPointer(pointerText))
        #expect(fromFragment == fromText)
        #expect(fromFragment.evaluate(in: document) != nil)
    }

    @Test func tildeEscapesDecodeInOrder() throws {
        // "~01" is "~1" literally, not "/".
        #expect(try #require(JSONPointer("/~01")).tokens == ["~1"])
        #expect(try #require(JSONPointer("/~10")).tokens == ["/0"])
    }

    @Test(arguments: ["a", "/~", "/~2", "/a~"])
    func malformedPointersAreRejected(text: String) {
        #expect(JSONPointer(text) == nil)
    }

    @Test func malformedPercentEscapeIsRejected() {
        #expect(JSONPointer(fragment: "#/a%2") == nil)
        #expect(JSONPointer(fragment: "#/a%zz") == nil)
        #expect(JSONPointer(fragment: "#/%FF") == nil)
    }

    @Test func descriptionEscapesTokens() {
        let pointer = JSONPointer(tokens: ["a/b", "m~n", "paths", "/pets/{id}"])
        #expect(pointer.description == "/a~1b/m~0n/paths/~1pets~1{id}")
        #expect(JSONPointer(pointer.description) == pointer)
    }

    @Test func fragmentTextPercentEncodes() {
        let pointer = JSONPointer(tokens: ["/pets/{id}", "a b"])
        #expect(pointer.fragmentText == "/~1pets~1%7Bid%7D/a%20b")
        #expect(JSONPointer(fragment: "#" + pointer.fragmentText) == pointer)
    }

    @Test func fragmentTextKeepsPlainPointersAndEncodesEveryOtherByte() {
        #expect(JSONPointer(tokens: ["components", "schemas", "Pet_1.v2"]).fragmentText == "/components/schemas/Pet_1.v2")
        #expect(JSONPointer(tokens: ["é", "%", "\u{7F}"]).fragmentText == "/%C3%A9/%25/%7F")
        #expect(JSONPointer(fragment: "#/%C3%A9/%25/%7F")?.tokens == ["é", "%", "\u{7F}"])
    }

    @Test(arguments: ["/foo/01", "/foo/-", "/foo/2", "/foo/+1", "/foo/-1", "/missing", "/foo/0/x"])
    func invalidArrayIndexesAndMissingKeysGiveNil(text: String) throws {
        #expect(try #require(JSONPointer(text)).evaluate(in: document) == nil)
    }

    @Test func appendingAndParent() {
        let pointer = JSONPointer.root.appending("components").appending("schemas").appending(3)
        #expect(pointer.description == "/components/schemas/3")
        #expect(pointer.parent.description == "/components/schemas")
        #expect(JSONPointer.root.parent.isRoot)
    }
}
