import Documents

/// A reference that could not be resolved at compile time: always fails, saying so.
final class UnresolvableKeyword: CompiledKeyword, @unchecked Sendable {
    let reference: String

    init(name: String, reference: String, absoluteLocation: KeywordLocation) {
        self.reference = reference
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if context.collecting {
            context.report(self, "reference \(Describe.quoted(reference)) could not be resolved")
        }
        return false
    }
}
