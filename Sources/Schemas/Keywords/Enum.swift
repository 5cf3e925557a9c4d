import Documents

/// `enum`: the instance must equal one of the listed values (JSON equality: `1` equals `1.0`).
final class EnumKeyword: CompiledKeyword, @unchecked Sendable {
    let values: [JSONValue]
    /// Fast path for all-string enums.
    let strings: Set<String>?

    init(values: [JSONValue], absoluteLocation: KeywordLocation) {
        self.values = values
        let strings = values.compactMap(\.stringValue)
        self.strings = strings.count == values.count && values.count > 8 ? Set(strings) : nil
        super.init(name: "enum", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if let strings {
            if case .string(let text) = instance.kind, strings.contains(text),
               values.contains(where: { StrictEquality.equal($0, instance) }) { return true }
        } else if values.contains(where: { StrictEquality.equal($0, instance) }) {
            return true
        }
        if context.collecting {
            let listed = values.prefix(5).map(Describe.json).joined(separator: ", ") + (values.count > 5 ? ", …" : "")
            context.report(self, "expected one of [\(listed)], found \(context.describe(instance))")
        }
        return false
    }
}
