import Documents
import Testing
@testable import Validation

/// Found by the `parameter-deserialization` fuzz target: a deepObject key starting with a combining
/// mark (`p[\u{0301}x]`) was not read at all, because `p[` + U+0301 is one `Character` and the prefix
/// test compared `Character`s instead of bytes.
struct CombiningMarkParameterTests {
    let parameter = ParameterDescriptor(name: "p", location: .query, style: .deepObject, explode: true,
                                        shape: .object([:], additional: .string))

    @Test func deepObjectKeyStartingWithACombiningMarkIsRead() {
        let value = ParameterDeserializer.query(QueryString("p[%CC%8F%EF%BF%BDh%3Bi]=%C3%A9"), parameter).success
        #expect(value == .value(.object([("\u{030F}\u{FFFD}h;i", .string("é"))])))
    }

    @Test func deepObjectKeyEndingInACombiningMarkBeforeTheBracketIsRead() {
        let value = ParameterDeserializer.query(QueryString("p[a%CC%81]=1"), parameter).success
        #expect(value == .value(.object([("a\u{0301}", .string("1"))])))
    }
}
