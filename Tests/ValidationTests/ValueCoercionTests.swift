import Documents
import Testing
@testable import Validation

struct ValueCoercionTests {
    @Test(arguments: ["0", "42", "-7", "123456789012345678901234567890"])
    func acceptsIntegers(text: String) {
        #expect(ValueCoercion.coerce(text, to: .integer).success == json(text))
    }

    @Test(arguments: ["1.5", "1.0", "1e3", "+1", " 1", "1 ", "0x10", "", "-", "abc", "١٢"])
    func rejectsNonIntegers(text: String) {
        #expect(ValueCoercion.coerce(text, to: .integer).failure?.reason == .wrongType)
    }

    @Test func leadingZerosReadAsDecimalAndNormalize() {
        let value = ValueCoercion.coerce("007", to: .integer).success
        #expect(value?.numberValue?.text == "7")
        #expect(ValueCoercion.coerce("-00", to: .integer).success?.numberValue?.text == "-0")
        #expect(ValueCoercion.coerce("000.5", to: .number).success?.numberValue?.text == "0.5")
    }

    @Test(arguments: ["1.5", "-0.25", "1e10", "2E-3", "10"])
    func acceptsNumbers(text: String) {
        #expect(ValueCoercion.coerce(text, to: .number).success == json(text))
    }

    @Test(arguments: [".5", "5.", "NaN", "Infinity", "1e", "1.2.3", "--1"])
    func rejectsNonNumbers(text: String) {
        #expect(ValueCoercion.coerce(text, to: .number).failure?.reason == .wrongType)
    }

    @Test func booleansAreExactAndCaseSensitive() {
        #expect(ValueCoercion.coerce("true", to: .boolean).success == .bool(true))
        #expect(ValueCoercion.coerce("false", to: .boolean).success == .bool(false))
        for text in ["True", "FALSE", "1", "0", "yes", ""] {
            #expect(ValueCoercion.coerce(text, to: .boolean).failure?.reason == .wrongType)
        }
    }

    @Test func mismatchMessageQuotesAShortExcerpt() {
        #expect(ValueCoercion.coerce("abc", to: .integer).failure?.message == #"expected integer, found "abc""#)
        let long = String(repeating: "x", count: 100)
        let message = ValueCoercion.coerce(long, to: .integer).failure?.message ?? ""
        #expect(message.count < 60)
    }

    @Test func stringsAndUnknownStayText() {
        #expect(ValueCoercion.coerce("12", to: .string).success == .string("12"))
        #expect(ValueCoercion.coerce("12", to: .unknown).success == .string("12"))
    }
}
