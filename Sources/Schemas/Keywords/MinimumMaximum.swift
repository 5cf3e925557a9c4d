import Documents

/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (2020-12 numbers, or draft-04 / OpenAPI 3.0
/// `minimum` / `maximum` made exclusive by a boolean sibling).
final class NumberBoundKeyword: CompiledKeyword, @unchecked Sendable {
    let limit: JSONNumber
    let isMinimum: Bool
    let isExclusive: Bool

    init(name: String, limit: JSONNumber, isMinimum: Bool, isExclusive: Bool, absoluteLocation: KeywordLocation) {
        self.limit = limit
        self.isMinimum = isMinimum
        self.isExclusive = isExclusive
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
            context.report(self, "expected a number \(relation) \(abbreviated(limit.text)), found \(context.numberText(number))")
        }
        return valid
    }
}
