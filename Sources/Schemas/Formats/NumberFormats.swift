import Documents

/// OpenAPI numeric formats, checked exactly against the number's text.
enum NumberFormats {
    private static let int32Minimum = ExactDecimal("-2147483648")
    private static let int32Maximum = ExactDecimal("2147483647")
    private static let int64Minimum = ExactDecimal("-9223372036854775808")
    private static let int64Maximum = ExactDecimal("9223372036854775807")
    private static let floatMaximum = ExactDecimal("340282346638528859811704183484516925440")

    static func isInteger(_ number: JSONNumber, minimum: ExactDecimal?, maximum: ExactDecimal?) -> Bool {
        guard let decimal = number.decimal, decimal.isInteger, let minimum, let maximum else { return false }
        return minimum <= decimal && decimal <= maximum
    }

    static func isInt32(_ number: JSONNumber) -> Bool {
        if let exact = number.int64 { return exact >= Int64(Int32.min) && exact <= Int64(Int32.max) }
        return isInteger(number, minimum: int32Minimum, maximum: int32Maximum)
    }

    static func isInt64(_ number: JSONNumber) -> Bool {
        if number.int64 != nil { return true }
        return isInteger(number, minimum: int64Minimum, maximum: int64Maximum)
    }

    /// Finite and within ±Float.greatestFiniteMagnitude.
    static func isFloat(_ number: JSONNumber) -> Bool {
        guard number.double.isFinite, let decimal = number.decimal, let floatMaximum else { return false }
        return decimal.magnitude <= floatMaximum
    }

    /// Finite as a Double (no overflow to infinity).
    static func isDouble(_ number: JSONNumber) -> Bool { number.double.isFinite }
}
