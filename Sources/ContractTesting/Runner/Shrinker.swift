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

    /// Values one step smaller: one member or item removed, or a string or array halved (recursively).
    static func smallerValues(_ value: JSONValue, depth: Int = 0) -> [JSONValue] {
        guard depth < 6 else { return [] }
        switch value.kind {
        case .string(let text) where text.count > 1:
            return [.string(String(text.prefix(max(1, text.count / 2))))]
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
