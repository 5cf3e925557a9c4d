import Documents

/// Exact comparison of two JSON numbers: int64 or double when that is exact, decimal text otherwise.
enum ExactNumbers {
    /// -1, 0 or 1.
    static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        if let a = lhs.int64, let b = rhs.int64 { return a < b ? -1 : (a == b ? 0 : 1) }
        // Rounding to double is monotonic: a strict double inequality is exact.
        if lhs.double < rhs.double { return -1 }
        if lhs.double > rhs.double { return 1 }
        guard let a = lhs.decimal, let b = rhs.decimal else { return 0 }
        return a < b ? -1 : (a == b ? 0 : 1)
    }
}

/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (2020-12 numbers, or draft-04 / OpenAPI 3.0
/// `minimum` / `maximum` made exclusive by a boolean sibling).
final class NumberBoundKeyword: Keyword {
    let name: String
    let absoluteLocation: String
    let limit: JSONNumber
    let isMinimum: Bool
    let isExclusive: Bool

    init(name: String, limit: JSONNumber, isMinimum: Bool, isExclusive: Bool, absoluteLocation: String) {
        self.name = name
        self.limit = limit
        self.isMinimum = isMinimum
        self.isExclusive = isExclusive
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .number(let number) = instance.kind else { return true }
        let order = ExactNumbers.compare(number, limit)
        let valid: Bool
        if isMinimum {
            valid = isExclusive ? order > 0 : order >= 0
        } else {
            valid = isExclusive ? order < 0 : order <= 0
        }
        if !valid && context.collecting {
            let relation = isMinimum ? (isExclusive ? "greater than" : "at least") : (isExclusive ? "less than" : "at most")
            context.report(self, "expected a number \(relation) \(abbreviated(limit.text)), found \(abbreviated(number.text))")
        }
        return valid
    }
}

/// `multipleOf`, exact for decimals (`0.01` against `19.99`) and big integers.
final class MultipleOfKeyword: Keyword {
    let name = "multipleOf"
    let absoluteLocation: String
    let divisor: JSONNumber
    let exactDivisor: ExactDecimal?
    let scaledDivisor: ScaledInteger?

    init(divisor: JSONNumber, absoluteLocation: String) {
        self.divisor = divisor
        self.exactDivisor = divisor.decimal
        self.scaledDivisor = ScaledInteger(divisor.text)
        self.absoluteLocation = absoluteLocation
    }

    func isMultiple(_ number: JSONNumber) -> Bool {
        if let a = number.int64, let b = divisor.int64, b != 0 {
            return b == -1 || a % b == 0
        }
        if let scaledDivisor, let value = ScaledInteger(number.text), let answer = value.isMultiple(of: scaledDivisor) {
            return answer
        }
        if let exactDivisor, let value = number.decimal, let answer = value.isMultiple(of: exactDivisor) {
            return answer
        }
        let quotient = number.double / divisor.double
        return quotient.isFinite && quotient == quotient.rounded(.towardZero)
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .number(let number) = instance.kind else { return true }
        if isMultiple(number) { return true }
        if context.collecting {
            context.report(self, "\(abbreviated(number.text)) is not a multiple of \(abbreviated(divisor.text))")
        }
        return false
    }
}
