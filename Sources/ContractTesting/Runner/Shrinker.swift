import Documents

/// Proposes smaller versions of a failing case: optional parameters removed, object members removed,
/// strings and arrays shortened. The runner keeps a proposal when the same check still fails on it.
enum Shrinker {
    static func candidates(_ testCase: TestCase, requiredParameters: Set<String>) -> [TestCase] {
        var result: [TestCase] = []
        for (position, parameter) in testCase.parameters.enumerated() where parameter.value != nil {
            if !requiredParameters.contains(parameter.location.rawValue + ":" + parameter.name) {
                var copy = testCase
                copy.parameters[position].value = nil
                result.append(copy)
            }
            if let value = parameter.value {
                for smaller in smallerValues(value).prefix(3) {
                    var copy = testCase
                    copy.parameters[position].value = smaller
                    result.append(copy)
                }
            }
        }
        if let body = testCase.body {
            for smaller in smallerValues(body) {
                var copy = testCase
                copy.body = smaller
                result.append(copy)
            }
        }
        return result
    }

    /// Numbers closer to zero: 0, half, one step (integers); the integral part (fractions). Numbers beyond
    /// 64-bit integers are left alone (their exact text is the point of such a case).
    static func smallerNumbers(_ number: JSONNumber) -> [JSONNumber] {
        if let value = number.int64 {
            guard value != 0 else { return [] }
            var result: [Int64] = [0, value / 2]
            result.append(value > 0 ? value - 1 : value + 1)
            var unique: [JSONNumber] = []
            for candidate in result where candidate != value && !unique.contains(where: { $0.int64 == candidate }) {
                unique.append(JSONNumber(Int(candidate)))
            }
            return unique
        }
        guard number.double.isFinite, abs(number.double) < 9.0e15, !number.isInteger else { return [] }
        let whole = number.double.rounded(.towardZero)
        return [JSONNumber(0), JSONNumber(Int(whole))].filter { $0.double != number.double }
    }

    /// Values one step smaller: one member or item removed, a string or array halved (or a string one
    /// character shorter), a number moved toward zero (recursively).
    static func smallerValues(_ value: JSONValue, depth: Int = 0) -> [JSONValue] {
        guard depth < 6 else { return [] }
        switch value.kind {
        case .string(let text) where text.count > 1:
            var result: [JSONValue] = [.string(String(text.prefix(max(1, text.count / 2))))]
            if text.count > 2 { result.append(.string(String(text.dropLast()))) }
            return result
        case .number(let number):
            return smallerNumbers(number).map { .number($0) }
        case .array(let items) where !items.isEmpty:
            var result: [JSONValue] = [.array(Array(items.dropLast()))]
            if items.count > 2 { result.append(.array(Array(items.prefix(items.count / 2)))) }
            for (index, item) in items.enumerated() {
                for smaller in smallerValues(item, depth: depth + 1).prefix(2) {
                    var copy = items
                    copy[index] = smaller
                    result.append(.array(copy))
                }
            }
            return result
        case .object(let object) where !object.isEmpty:
            let members = object.members.map { ($0.key, $0.value) }
            var result: [JSONValue] = []
            for index in members.indices {
                var copy = members
                copy.remove(at: index)
                result.append(.object(copy))
            }
            for (index, member) in members.enumerated() {
                for smaller in smallerValues(member.1, depth: depth + 1).prefix(2) {
                    var copy = members
                    copy[index].1 = smaller
                    result.append(.object(copy))
                }
            }
            return result
        default:
            return []
        }
    }
}
