// Numbers of the JSON reader: RFC 8259 grammar, the exact text kept, integers and doubles computed once.

extension JSONParser {
    mutating func parseNumber() throws(JSONReadError) -> JSONNumber {
        makeNumber(try scanNumber())
    }

    /// Reads the number at the position (its syntax checked, the position moved past it) without making its value.
    mutating func scanNumber() throws(JSONReadError) -> JSONNumberScan {
        switch JSONNumberScan.read(buffer, at: position) {
        case .success(let scan):
            position = scan.end
            return scan
        case .failure(let failure):
            position = failure.position
            switch failure.expected {
            case .digit: throw error(.invalidNumber, "invalid number: expected a digit")
            case .noLeadingZero: throw error(.invalidNumber, "invalid number: leading zeros are not allowed")
            case .fractionDigit: throw error(.invalidNumber, "invalid number: expected a digit after '.'")
            case .exponentDigit: throw error(.invalidNumber, "invalid number: expected a digit in the exponent")
            }
        }
    }

    /// The value of a number `scanNumber` read from this buffer.
    func makeNumber(_ scan: JSONNumberScan) -> JSONNumber {
        scan.number(in: buffer)
    }

    /// Clinger's fast path for a decimal without exponent (`-12.50`): with at most 15 digits the digits form an
    /// integer a `Double` holds exactly, and 10^k (k ≤ 15) is exact too, so one correctly rounded division gives
    /// the nearest `Double`, the same as parsing the text. Nil when the number is longer (the caller parses it).
    static func shortDecimal(_ slice: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var inFraction = false
        var negative = false
        for byte in slice {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): inFraction = true
            default:
                digits += 1
                guard digits <= 15 else { return nil }
                mantissa = mantissa * 10 + Int64(byte &- 0x30)
                if inFraction { fractionDigits += 1 }
            }
        }
        guard fractionDigits < powersOfTen.count else { return nil }
        let value = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
}

/// Where a number is in a text and what its syntax says about its value (see `JSONParser.scanNumber`).
public struct JSONNumberScan: Sendable {
    public let start: Int
    public let end: Int
    /// No fraction and no exponent.
    public let isInteger: Bool
    /// A fraction with a non-zero digit (so never an integer without an exponent).
    public let fractionHasNonZeroDigit: Bool
    public let hasExponent: Bool
    /// The first 19 digits of the integer and fraction parts as an integer (exact when `digits` is 19 or fewer),
    /// how many digits those parts have, how many of them are the fraction's, and the sign: the value of a plain
    /// integer or a short decimal without a second pass over the text.
    @usableFromInline var mantissa: UInt64 = 0
    @usableFromInline var digits = 0
    @usableFromInline var fractionDigits = 0
    @usableFromInline var isNegative = false

    @usableFromInline
    init(start: Int, end: Int, isInteger: Bool, fractionHasNonZeroDigit: Bool, hasExponent: Bool) {
        self.start = start
        self.end = end
        self.isInteger = isInteger
        self.fractionHasNonZeroDigit = fractionHasNonZeroDigit
        self.hasExponent = hasExponent
    }

    /// Where a number's syntax went wrong: the position reached and what was expected there.
    @usableFromInline
    struct SyntaxError: Error {
        @usableFromInline enum Expected { case digit, noLeadingZero, fractionDigit, exponentDigit }
        @usableFromInline let position: Int
        @usableFromInline let expected: Expected

        @usableFromInline
        init(position: Int, expected: Expected) {
            self.position = position
            self.expected = expected
        }
    }

    /// Reads the number starting at `start` by RFC 8259's grammar (the reader's own `scanNumber`). Inlinable: the
    /// body walk of another module reads each number with it (a call returning this wide a result cost some 40
    /// instructions more per number).
    @inlinable @inline(__always)
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int) -> Result<JSONNumberScan, SyntaxError> {
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var position = start
        var isInteger = true
        // A fraction with a non-zero digit and no exponent is never an integer: no exact-decimal check needed.
        var fractionHasNonZeroDigit = false
        var hasExponent = false
        var mantissa: UInt64 = 0
        var digits = 0
        @inline(__always) func take(_ byte: UInt8) {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(byte &- 0x30) }
            digits += 1
        }
        let isNegative = position < buffer.count && buffer[position] == UInt8(ascii: "-")
        if isNegative { position += 1 }
        guard position < buffer.count, isDigit(buffer[position]) else { return .failure(SyntaxError(position: position, expected: .digit)) }
        if buffer[position] == UInt8(ascii: "0") {
            take(buffer[position])
            position += 1
            if position < buffer.count, isDigit(buffer[position]) { return .failure(SyntaxError(position: position, expected: .noLeadingZero)) }
        } else {
            while position < buffer.count, isDigit(buffer[position]) {
                take(buffer[position])
                position += 1
            }
        }
        let integerDigits = digits
        if position < buffer.count, buffer[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < buffer.count, isDigit(buffer[position]) else { return .failure(SyntaxError(position: position, expected: .fractionDigit)) }
            while position < buffer.count, isDigit(buffer[position]) {
                if buffer[position] != UInt8(ascii: "0") { fractionHasNonZeroDigit = true }
                take(buffer[position])
                position += 1
            }
        }
        if position < buffer.count, buffer[position] == UInt8(ascii: "e") || buffer[position] == UInt8(ascii: "E") {
            isInteger = false
            hasExponent = true
            position += 1
            if position < buffer.count, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") { position += 1 }
            guard position < buffer.count, isDigit(buffer[position]) else { return .failure(SyntaxError(position: position, expected: .exponentDigit)) }
            while position < buffer.count, isDigit(buffer[position]) { position += 1 }
        }
        var scan = JSONNumberScan(start: start, end: position, isInteger: isInteger, fractionHasNonZeroDigit: fractionHasNonZeroDigit,
                                  hasExponent: hasExponent)
        scan.mantissa = mantissa
        scan.digits = digits
        scan.fractionDigits = digits - integerDigits
        scan.isNegative = isNegative
        return .success(scan)
    }

    /// The number starting at `start` in `buffer`, its syntax checked as the reader checks it; nil when the text there
    /// is not a number (the reader says why).
    @inlinable @inline(__always)
    public static func read(in buffer: UnsafeBufferPointer<UInt8>, at start: Int) -> JSONNumberScan? {
        if case .success(let scan) = read(buffer, at: start) { return scan }
        return nil
    }

    /// The number's value, made from its text in `buffer` as the reader makes it.
    public func number(in buffer: UnsafeBufferPointer<UInt8>) -> JSONNumber {
        let slice = UnsafeBufferPointer(rebasing: buffer[start..<end])
        let text = String(decoding: slice, as: UTF8.self)
        if let value = plainInteger {
            return JSONNumber(text: text, double: Double(value), int64: value)
        }
        if fractionHasNonZeroDigit && !hasExponent {
            return JSONNumber(text: text, double: shortDecimal ?? Double(text) ?? .nan, int64: nil)
        }
        return JSONNumber(text: text)
    }

    /// False when the number is certainly inside the range of a `Double` (no exponent and at most 300 digits), so
    /// `leavesDoubleRange(in:)` need not read it.
    @inlinable
    public var mayLeaveDoubleRange: Bool { hasExponent || digits > 300 }

    /// Whether the nearest `Double` of the number is infinite, or zero while the number is not (see
    /// `JSONNumber.leavesDoubleRange`); `buffer` is the one the number was read from.
    public func leavesDoubleRange(in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard mayLeaveDoubleRange, start >= 0, start <= end, end <= buffer.count else { return false }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        return JSONNumber(text: text, double: Double(text) ?? .nan, int64: nil).leavesDoubleRange
    }

    /// The exact value of a number written as a plain integer (no fraction, no exponent) of at most 18 characters,
    /// so it fits in 64 bits; nil for any other.
    public var plainInteger: Int64? {
        // (At most 18 characters: at most 18 digits, so `mantissa` holds them all and fits an Int64.)
        guard isInteger, end - start <= 18, digits <= 18 else { return nil }
        let magnitude = Int64(truncatingIfNeeded: mantissa)
        return isNegative ? -magnitude : magnitude
    }

    /// The nearest `Double` of a number written with a fraction and no exponent, by the reader's own fast path;
    /// nil for any other number, or one too long for it.
    public var shortDecimal: Double? {
        // `JSONParser.shortDecimal` from the scan's digits: at most 15 of them, an exact `Double`, divided once.
        guard !isInteger, !hasExponent, digits <= 15, fractionDigits < JSONParser.powersOfTen.count else { return nil }
        let value = Double(Int64(truncatingIfNeeded: mantissa)) / JSONParser.powersOfTen[fractionDigits]
        return isNegative ? -value : value
    }
}
