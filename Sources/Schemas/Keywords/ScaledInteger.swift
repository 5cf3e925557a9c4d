/// A decimal written without exponent and with at most 18 significant digits, as `mantissa × 10^-scale`,
/// read from number text without allocating (the fast exact path for `multipleOf: 0.01`).
struct ScaledInteger {
    var mantissa: Int64
    var scale: Int

    init?(_ text: String) {
        var mantissa: Int64 = 0
        var scale = 0
        var digits = 0
        var negative = false
        var sawPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                guard digits == 0, !negative else { return nil }
                negative = true
            case UInt8(ascii: "."):
                guard !sawPoint else { return nil }
                sawPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                guard digits <= 18 else { return nil }
                mantissa = mantissa * 10 + Int64(byte - UInt8(ascii: "0"))
                if sawPoint { scale += 1 }
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        self.mantissa = negative ? -mantissa : mantissa
        self.scale = scale
    }

    /// Whether `self` is an integer multiple of `divisor`; nil when scaling would overflow.
    func isMultiple(of divisor: ScaledInteger) -> Bool? {
        guard divisor.mantissa != 0 else { return nil }
        let scale = max(self.scale, divisor.scale)
        guard let dividend = Self.scaled(mantissa, by: scale - self.scale),
              let divisorValue = Self.scaled(divisor.mantissa, by: scale - divisor.scale) else { return nil }
        return dividend % divisorValue == 0
    }

    private static func scaled(_ value: Int64, by power: Int) -> Int64? {
        var result = value
        for _ in 0..<power {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = next
        }
        return result
    }
}
