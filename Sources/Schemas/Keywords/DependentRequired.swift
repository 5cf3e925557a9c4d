import Documents

/// `dependentRequired` (and the array form of draft-04 `dependencies`).
final class DependentRequiredKeyword: CompiledKeyword, @unchecked Sendable {
    let entries: [(property: String, required: [String])]

    init(name: String, entries: [(String, [String])], absoluteLocation: KeywordLocation) {
        self.entries = entries
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        var valid = true
        for entry in entries where object.position(of: entry.property) != nil {
            for required in entry.required where object.position(of: required) == nil {
                valid = false
                if !context.collecting { return false }
                context.report(self, "property \(Describe.quoted(required)) is required when \(Describe.quoted(entry.property)) is present")
            }
        }
        return valid
    }
}
