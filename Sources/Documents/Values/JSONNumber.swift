/// A JSON number that keeps its exact source text.
///
/// Big integers and decimals survive untouched in `text`; `double` is the
/// nearest binary value for fast comparisons, and `int64` is set when the
/// number is an integer that fits.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written (for YAML, as normalized to JSON syntax).
    public let text: String
    /// The nearest `Double`.
    public let double: Double
    /// The value when it is an integer (mathematically, so `1.0` and `1e2` count) that fits in 64 bits.
    public let int64: Int64?

    /// Makes a number from JSON number text; the text is trusted to be valid JSON number syntax.
    public init(text: String) {
        self.text = text
        self.double = Double(text) ?? .nan
        if let exact = Int64(text) {
            self.int64 = exact
        } else if let decimal = ExactDecimal(text), decimal.isInteger, let exact = decimal.int64Value {
            self.int64 = exact
        } else {
            self.int64 = nil
        }
    }

    /// Makes a number whose parts the caller has already computed (readers use this on their fast path).
    public init(text: String, double: Double, int64: Int64?) {
        self.text = text
        self.double = double
        self.int64 = int64
    }

    public init(_ value: Int) {
        self.text = String(value)
        self.double = Double(value)
        self.int64 = Int64(value)
    }

    public init(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 9.0e15 {
            self.text = String(Int64(value))
            self.int64 = Int64(value)
        } else {
            self.text = String(value)
            self.int64 = nil
        }
        self.double = value
    }

    /// The exact decimal value of the text.
    public var decimal: ExactDecimal? { ExactDecimal(text) }

    /// True when the value is mathematically an integer (`1`, `1.0`, `1e3`).
    public var isInteger: Bool {
        if int64 != nil { return true }
        return decimal?.isInteger ?? false
    }

    /// Whether the nearest `Double` of the number is infinite, or zero while the number is not: `1e400`, `-1e400`,
    /// `1e-400`. JavaScript, Python's `float`, Perl and PHP read such a number as ±infinity or 0, while schemas here
    /// compare the exact value (`-1e400` meets `maximum: 100`), so a service may act on a value never validated.
    public var leavesDoubleRange: Bool {
        // (`double` is NaN only when the text could not be read as one: take that as out of range too.)
        if !double.isFinite { return true }
        guard double == 0 else { return false }
        // Zero is in range only when the number is zero: every digit before the exponent is `0`.
        for byte in text.utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            if byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") { return true }
        }
        return false
    }

    public var description: String { text }

    /// Numbers are equal when their values are equal (`1` == `1.0`).
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.text == rhs.text { return true }
        if let a = lhs.int64, let b = rhs.int64 { return a == b }
        if let a = lhs.decimal, let b = rhs.decimal { return a == b }
        return lhs.double == rhs.double
    }

    public func hash(into hasher: inout Hasher) {
        if let exact = int64 { hasher.combine(exact) } else { hasher.combine(double) }
    }
}
