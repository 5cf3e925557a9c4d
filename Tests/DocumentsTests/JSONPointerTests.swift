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

    @Test func tokensAreEscapedAsTextAndAsBytes() {
        for (token, escaped) in [("", ""), ("plain", "plain"), ("a/b", "a~1b"), ("m~n", "m~0n"), ("~/~1", "~0~1~01"), ("é/ü", "é~1ü")] {
            #expect(JSONPointer.escape(token) == escaped)
            var bytes = ByteSink(capacity: 0)
            bytes.append("#")
            JSONPointer.appendEscaped(token, to: &bytes)
            #expect(String(decoding: bytes.bytes(), as: UTF8.self) == "#" + escaped)
        }
        var text = ByteSink(capacity: 0)
        JSONPointer.appendText(of: ["paths", "/pets", ""], to: &text)
        #expect(String(decoding: text.bytes(), as: UTF8.self) == "/paths/~1pets/")
        #expect(JSONPointer(tokens: ["paths", "/pets", ""]).description == "/paths/~1pets/")
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

    /// The parser works over the text's bytes in place; a plain reading of RFC 6901 over an array must agree with it.
    @Test func parsingAgreesWithAPlainReadingOfTheRFC() {
        func plain(_ text: String) -> [String]? {
            let bytes = Array(text.utf8)
            if bytes.isEmpty { return [] }
            guard bytes[0] == UInt8(ascii: "/") else { return nil }
            var tokens: [String] = []
            for raw in bytes.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
                var token: [UInt8] = []
                var index = raw.startIndex
                while index < raw.endIndex {
                    if raw[index] == UInt8(ascii: "~") {
                        let next = raw.index(after: index)
                        guard next < raw.endIndex, raw[next] == UInt8(ascii: "0") || raw[next] == UInt8(ascii: "1") else { return nil }
                        token.append(raw[next] == UInt8(ascii: "0") ? UInt8(ascii: "~") : UInt8(ascii: "/"))
                        index = raw.index(after: next)
                    } else {
                        token.append(raw[index])
                        index = raw.index(after: index)
                    }
                }
                tokens.append(String(decoding: token, as: UTF8.self))
            }
            return tokens
        }
        let pieces = ["/", "~", "0", "1", "2", "a", "é", "\u{0301}", "%", "/~1", "x/y"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...9, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(JSONPointer(text)?.tokens == plain(text), "\(text)")
        }
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
