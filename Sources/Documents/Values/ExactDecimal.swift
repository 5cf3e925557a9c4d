/// An exact decimal number parsed from JSON number text: sign, decimal digits
/// and a power-of-ten exponent. Used where binary floating point would give a
/// wrong answer: `multipleOf: 0.01` against `19.99`, bounds on big integers.
public struct ExactDecimal: Sendable, Hashable, Comparable {
    /// True for values below zero (zero is never negative).
    public let isNegative: Bool
    /// Significant digits, most significant first, without leading or trailing zeros; empty for zero.
    public let digits: [UInt8]
    /// The value is `digits × 10^exponent`.
    public let exponent: Int

    /// Largest digit count an arithmetic operation will build; beyond it the answer is `nil` (unknown).
    public static let maximumWorkingDigits = 4096

    /// Parses JSON number text (`-12.5e3`); returns nil for anything else.
    public init?(_ text: String) {
        var utf8 = Array(text.utf8)[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        else if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        var sawPoint = false
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
                if !(digits.isEmpty && byte == 0x30) { digits.append(byte - 0x30) }
                if sawPoint { exponent -= 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        if index < utf8.endIndex {
            guard utf8[index] == UInt8(ascii: "e") || utf8[index] == UInt8(ascii: "E") else { return nil }
            index += 1
            var exponentNegative = false
            if index < utf8.endIndex, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
                exponentNegative = utf8[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var sawExponentDigit = false
            while index < utf8.endIndex, utf8[index] >= 0x30, utf8[index] <= 0x39 {
                sawExponentDigit = true
                if written < 100_000_000 { written = written * 10 + Int(utf8[index] - 0x30) }
                index += 1
            }
            guard sawExponentDigit, index == utf8.endIndex else { return nil }
            exponent += exponentNegative ? -written : written
        }
        // Leading zeros after the point ("0.005") were skipped but still moved the exponent; normalize.
        while let last = digits.last, last == 0 { digits.removeLast(); exponent += 1 }
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : exponent
        self.isNegative = negative && !digits.isEmpty
    }

    private init(isNegative: Bool, digits: [UInt8], exponent: Int) {
        self.isNegative = isNegative
        self.digits = digits
        self.exponent = exponent
    }

    /// True for zero.
    public var isZero: Bool { digits.isEmpty }

    /// True when the value has no fractional part.
    public var isInteger: Bool { exponent >= 0 }

    /// The value as `Int64` when it is an integer that fits.
    public var int64Value: Int64? {
        guard isInteger, digits.count + exponent <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for digit in digits {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (plus, overflow2) = times.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return nil }
            magnitude = plus
        }
        for _ in 0..<exponent {
            let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            magnitude = times
        }
        if isNegative {
            if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            return -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// The absolute value.
    public var magnitude: ExactDecimal { ExactDecimal(isNegative: false, digits: digits, exponent: exponent) }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let magnitudeOrder = compareMagnitudes(lhs, rhs)
        return lhs.isNegative ? magnitudeOrder > 0 : magnitudeOrder < 0
    }

    /// -1, 0 or 1 as |lhs| is below, equal to or above |rhs|.
    static func compareMagnitudes(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Int {
        if lhs.isZero || rhs.isZero { return lhs.isZero ? (rhs.isZero ? 0 : -1) : 1 }
        // Position of the most significant digit decides first.
        let lhsTop = lhs.digits.count + lhs.exponent
        let rhsTop = rhs.digits.count + rhs.exponent
        if lhsTop != rhsTop { return lhsTop < rhsTop ? -1 : 1 }
        let count = max(lhs.digits.count, rhs.digits.count)
        for position in 0..<count {
            let a = position < lhs.digits.count ? lhs.digits[position] : 0
            let b = position < rhs.digits.count ? rhs.digits[position] : 0
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }

    /// Whether `self` is an integer multiple of `divisor`, exactly; nil when the
    /// numbers are too far apart in scale to decide within `maximumWorkingDigits`.
    public func isMultiple(of divisor: ExactDecimal) -> Bool? {
        if divisor.isZero { return nil }
        if isZero { return true }
        let commonExponent = min(exponent, divisor.exponent)
        let dividendScale = exponent - commonExponent
        let divisorScale = divisor.exponent - commonExponent
        guard digits.count + dividendScale <= Self.maximumWorkingDigits,
              divisor.digits.count + divisorScale <= Self.maximumWorkingDigits else { return nil }
        let dividendDigits = digits + [UInt8](repeating: 0, count: dividendScale)
        let divisorDigits = divisor.digits + [UInt8](repeating: 0, count: divisorScale)
        return Self.remainderIsZero(dividendDigits, divisorDigits)
    }

    /// Schoolbook long division on decimal digit arrays, keeping only the remainder.
    private static func remainderIsZero(_ dividend: [UInt8], _ divisor: [UInt8]) -> Bool {
        var remainder: [UInt8] = []
        for digit in dividend {
            if !(remainder.isEmpty && digit == 0) { remainder.append(digit) }
            while compareDigitArrays(remainder, divisor) >= 0 {
                remainder = subtractDigitArrays(remainder, divisor)
            }
        }
        return remainder.isEmpty
    }

    private static func compareDigitArrays(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for index in 0..<a.count where a[index] != b[index] {
            return a[index] < b[index] ? -1 : 1
        }
        return 0
    }

    /// a - b for a >= b, both without leading zeros; the result has none either.
    private static func subtractDigitArrays(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = a
        var borrow = 0
        var bIndex = b.count - 1
        var index = a.count - 1
        while index >= 0 {
            var value = Int(result[index]) - borrow - (bIndex >= 0 ? Int(b[bIndex]) : 0)
            if value < 0 { value += 10; borrow = 1 } else { borrow = 0 }
            result[index] = UInt8(value)
            index -= 1
            bIndex -= 1
        }
        let firstNonZero = result.firstIndex(where: { $0 != 0 }) ?? result.count
        return Array(result[firstNonZero...])
    }
}
