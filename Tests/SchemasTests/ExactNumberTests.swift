import Documents
import Schemas
import Testing

/// Numeric keywords use the exact number text when binary floating point would be wrong.
struct ExactNumberTests {
    @Test func multipleOfACentAcceptsExactDecimals() throws {
        let schema = try #require(compiled(#"{"multipleOf": 0.01}"#))
        #expect(schema.isValid(json("19.99")))
        #expect(schema.isValid(json("0.07")))
        #expect(!schema.isValid(json("19.995")))
    }

    @Test func boundsNearTheDoubleLimitAreExact() throws {
        let schema = try #require(compiled(#"{"maximum": 1e308}"#))
        #expect(schema.isValid(json("1e308")))
        #expect(!schema.isValid(json("1.0000000000000000001e308")))
        #expect(!schema.isValid(json("1e309")))
    }

    @Test func bigIntegersCompareExactlyWithMaximum() throws {
        let schema = try #require(compiled(#"{"maximum": 18446744073709551616}"#))
        #expect(schema.isValid(json("18446744073709551616")))
        #expect(!schema.isValid(json("18446744073709551617")))
        let int64Max = try #require(compiled(#"{"maximum": 9223372036854775807}"#))
        #expect(int64Max.isValid(json("9223372036854775807")))
        #expect(!int64Max.isValid(json("9223372036854775808")))
    }

    @Test func bigIntegerIsAnInteger() throws {
        let schema = try #require(compiled(#"{"type": "integer"}"#))
        #expect(schema.isValid(json("123456789012345678901234567890")))
        #expect(!schema.isValid(json("1.5")))
    }
}
