import Documents
import Schemas
import Testing

/// `enum`, `const` and `uniqueItems` compare strings code point by code point: canonically equivalent
/// strings (Swift's `String ==` treats "é" and "e" + combining acute as equal) are different JSON strings.
struct StrictStringEqualityTests {
    let composed = "\u{00E9}t\u{00E9}"      // "été", precomposed
    let decomposed = "e\u{0301}te\u{0301}"  // the same text, decomposed

    @Test func enumAcceptsOnlyTheSameCodePoints() throws {
        let schema = try #require(compiled(#"{"enum": ["\#(composed)", "winter", "a long value that is not a small string"]}"#))
        #expect(schema.isValid(JSONValue(.string(composed))))
        #expect(!schema.isValid(JSONValue(.string(decomposed))))
        #expect(schema.isValid(JSONValue(.string("a long value that is not a small string"))))
        #expect(!schema.isValid(JSONValue(.string("a long value that is not a small strinG"))))
        #expect(!schema.isValid(JSONValue(.string("winte"))))
    }

    @Test func aLongEnumOfStringsKeepsTheStrictComparison() throws {
        // More than eight strings: the enum first looks the value up in a hashed set (canonical equality).
        let schema = try #require(compiled(#"{"enum": ["\#(composed)", "b", "c", "d", "e", "f", "g", "h", "i"]}"#))
        #expect(schema.isValid(JSONValue(.string(composed))))
        #expect(!schema.isValid(JSONValue(.string(decomposed))))
        #expect(schema.isValid(JSONValue(.string("i"))))
    }

    @Test func constAndUniqueItemsTellEquivalentFormsApart() throws {
        let constant = try #require(compiled(#"{"const": "\#(decomposed)"}"#))
        #expect(constant.isValid(JSONValue(.string(decomposed))))
        #expect(!constant.isValid(JSONValue(.string(composed))))
        let unique = try #require(compiled(#"{"uniqueItems": true}"#))
        #expect(unique.isValid(JSONValue(.array([JSONValue(.string(composed)), JSONValue(.string(decomposed))]))))
        #expect(!unique.isValid(JSONValue(.array([JSONValue(.string(composed)), JSONValue(.string(composed))]))))
    }
}
