import Documents

/// `multipleOf`, exact for decimals (`0.01` against `19.99`) and big integers.
final class MultipleOfKeyword: CompiledKeyword, @unchecked Sendable {
    let divisor: JSONNumber
    let exactDivisor: ExactDecimal?
    let scaledDivisor: ScaledInteger?

    init(divisor: JSONNumber, absoluteLocation: KeywordLocation) {
        self.divisor = divisor
        self.exactDivisor = divisor.decimal
        self.scaledDivisor = ScaledInteger(divisor.text)
        super.init(name: "multipleOf", absoluteLocation: absoluteLocation)
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

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .number(let number) = instance.kind else { return true }
        if isMultiple(number) { return true }
        if context.collecting {
            context.report(self, "\(context.numberText(number)) is not a multiple of \(abbreviated(divisor.text))")
        }
        return false
    }
}
