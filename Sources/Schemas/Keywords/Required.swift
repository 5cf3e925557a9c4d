import Documents

/// `required`. In OpenAPI dialects a required `readOnly` property is not required in requests, and a
/// required `writeOnly` one not in responses.
final class RequiredKeyword: CompiledKeyword, @unchecked Sendable {
    let names: [String]
    let readOnlyNames: Set<String>
    let writeOnlyNames: Set<String>

    init(names: [String], readOnlyNames: Set<String> = [], writeOnlyNames: Set<String> = [], absoluteLocation: KeywordLocation) {
        self.names = names
        self.readOnlyNames = readOnlyNames
        self.writeOnlyNames = writeOnlyNames
        super.init(name: "required", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        var valid = true
        for name in names where object.position(of: name) == nil {
            if context.direction == .request && readOnlyNames.contains(name) { continue }
            if context.direction == .response && writeOnlyNames.contains(name) { continue }
            valid = false
            if !context.collecting { return false }
            context.report(self, "required property \(Describe.quoted(name)) is missing")
        }
        return valid
    }
}
