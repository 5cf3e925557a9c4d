import Documents

/// `const`: the instance must equal the value.
final class ConstKeyword: CompiledKeyword, @unchecked Sendable {
    let value: JSONValue

    init(value: JSONValue, absoluteLocation: KeywordLocation) {
        self.value = value
        super.init(name: "const", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if StrictEquality.equal(instance, value) { return true }
        if context.collecting {
            context.report(self, "expected \(Describe.json(value)), found \(context.describe(instance))")
        }
        return false
    }
}
