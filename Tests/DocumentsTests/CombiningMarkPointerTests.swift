import Documents
import Testing

/// Found by the `ref-resolver` fuzz target: JSON Pointers compared `Character`s, so a `/` or `~`
/// followed by a combining mark (one `Character`) was not a separator or an escape, and the pointer
/// of a key starting with a combining mark did not parse back from its own text.
@Suite struct CombiningMarkPointerTests {
    @Test func keyStartingWithACombiningMarkRoundTripsThroughItsFragment() {
        let pointer = JSONPointer(tokens: ["\u{07A6}/b\""])
        #expect(pointer.fragmentText == "/%DE%A6~1b%22")
        #expect(JSONPointer(fragment: pointer.fragmentText) == pointer)
    }

    @Test func slashBeforeACombiningMarkSeparatesTokens() {
        #expect(JSONPointer("/a/\u{0301}b")?.tokens == ["a", "\u{0301}b"])
    }

    @Test func tildeEscapeBeforeACombiningMarkIsRead() {
        #expect(JSONPointer("/~1\u{0301}")?.tokens == ["/\u{0301}"])
        #expect(JSONPointer("/~\u{0301}") == nil)
    }

    @Test func pointerToAKeyStartingWithACombiningMarkFindsIt() throws {
        let document = try JSONReader.read("{\"\u{0301}x\": {\"y\": 1}}").value
        #expect(JSONPointer(fragment: "#/%CC%81x/y")?.evaluate(in: document) == .integer(1))
    }

    @Test func referenceFragmentStartsAtAHashBeforeACombiningMark() {
        let (file, fragment) = splitReference("a.yaml#\u{0301}x")
        #expect(file == "a.yaml")
        #expect(fragment == "\u{0301}x")
    }
}
