import Documents

/// `enum`: the instance must equal one of the listed values (JSON equality: `1` equals `1.0`).
final class EnumKeyword: Keyword {
    let name = "enum"
    let absoluteLocation: String
    let values: [JSONValue]
    /// Fast path for all-string enums.
    let strings: Set<String>?

    init(values: [JSONValue], absoluteLocation: String) {
        self.values = values
        self.absoluteLocation = absoluteLocation
        let strings = values.compactMap(\.stringValue)
        self.strings = strings.count == values.count && values.count > 8 ? Set(strings) : nil
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if let strings {
            if case .string(let text) = instance.kind, strings.contains(text),
               values.contains(where: { StrictEquality.equal($0, instance) }) { return true }
        } else if values.contains(where: { StrictEquality.equal($0, instance) }) {
            return true
        }
        if context.collecting {
            let listed = values.prefix(5).map(Describe.json).joined(separator: ", ") + (values.count > 5 ? ", …" : "")
            context.report(self, "expected one of [\(listed)], found \(Describe.value(instance))")
        }
        return false
    }
}

/// `const`: the instance must equal the value.
final class ConstKeyword: Keyword {
    let name = "const"
    let absoluteLocation: String
    let value: JSONValue

    init(value: JSONValue, absoluteLocation: String) {
        self.value = value
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if StrictEquality.equal(instance, value) { return true }
        if context.collecting {
            context.report(self, "expected \(Describe.json(value)), found \(Describe.value(instance))")
        }
        return false
    }
}
