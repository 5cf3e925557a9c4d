// Numbers of the JSON reader: RFC 8259 grammar, the exact text kept, integers and doubles computed once.

extension JSONParser {
    mutating func parseNumber() throws(JSONReadError) -> JSONNumber {
        let start = position
        var isInteger = true
        // A fraction with a non-zero digit and no exponent is never an integer: no exact-decimal check needed.
        var fractionHasNonZeroDigit = false
        var hasExponent = false
        if buffer[position] == UInt8(ascii: "-") { position += 1 }
        guard position < buffer.count, isDigit(buffer[position]) else {
            throw error(.invalidNumber, "invalid number: expected a digit")
        }
        if buffer[position] == UInt8(ascii: "0") {
            position += 1
            if position < buffer.count, isDigit(buffer[position]) {
                throw error(.invalidNumber, "invalid number: leading zeros are not allowed")
            }
        } else {
            while position < buffer.count, isDigit(buffer[position]) { position += 1 }
        }
        if position < buffer.count, buffer[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < buffer.count, isDigit(buffer[position]) else {
                throw error(.invalidNumber, "invalid number: expected a digit after '.'")
            }
            while position < buffer.count, isDigit(buffer[position]) {
                if buffer[position] != UInt8(ascii: "0") { fractionHasNonZeroDigit = true }
                position += 1
            }
        }
        if position < buffer.count, buffer[position] == UInt8(ascii: "e") || buffer[position] == UInt8(ascii: "E") {
            isInteger = false
            hasExponent = true
            position += 1
            if position < buffer.count, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") { position += 1 }
            guard position < buffer.count, isDigit(buffer[position]) else {
                throw error(.invalidNumber, "invalid number: expected a digit in the exponent")
            }
            while position < buffer.count, isDigit(buffer[position]) { position += 1 }
        }
        let slice = UnsafeBufferPointer(rebasing: buffer[start..<position])
        let text = String(decoding: slice, as: UTF8.self)
        // Fast path: short integers need no Double parsing of text.
        if isInteger, slice.count <= 18 {
            var magnitude: Int64 = 0
            var negative = false
            for byte in slice {
                if byte == UInt8(ascii: "-") { negative = true; continue }
                magnitude = magnitude &* 10 &+ Int64(byte &- 0x30)
            }
            let value = negative ? -magnitude : magnitude
            return JSONNumber(text: text, double: Double(value), int64: value)
        }
        if fractionHasNonZeroDigit && !hasExponent {
            return JSONNumber(text: text, double: Self.shortDecimal(slice) ?? Double(text) ?? .nan, int64: nil)
        }
        return JSONNumber(text: text)
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

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

    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
}
