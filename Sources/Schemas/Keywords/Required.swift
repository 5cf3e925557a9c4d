import Documents

/// `required`. In OpenAPI dialects a required `readOnly` property is not required in requests, and a
/// required `writeOnly` one not in responses.
final class RequiredKeyword: Keyword {
    let name = "required"
    let absoluteLocation: String
    let names: [String]
    let readOnlyNames: Set<String>
    let writeOnlyNames: Set<String>

    init(names: [String], readOnlyNames: Set<String> = [], writeOnlyNames: Set<String> = [], absoluteLocation: String) {
        self.names = names
        self.readOnlyNames = readOnlyNames
        self.writeOnlyNames = writeOnlyNames
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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

/// `dependentRequired` (and the array form of draft-04 `dependencies`).
final class DependentRequiredKeyword: Keyword {
    let name: String
    let absoluteLocation: String
    let entries: [(property: String, required: [String])]

    init(name: String, entries: [(String, [String])], absoluteLocation: String) {
        self.name = name
        self.entries = entries
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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

/// `dependentSchemas` (and the schema form of draft-04 `dependencies`).
final class DependentSchemasKeyword: Keyword {
    let name: String
    let absoluteLocation: String
    var childNodes: [SchemaNode] { entries.map(\.node) }
    let entries: [(property: String, escaped: String, node: SchemaNode)]

    init(name: String, entries: [(String, SchemaNode)], absoluteLocation: String) {
        self.name = name
        self.entries = entries.map { ($0.0, JSONPointer.escape($0.0), $0.1) }
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        var valid = true
        for entry in entries where object.position(of: entry.property) != nil {
            var local = Annotations()
            if context.inPlace(entry.node, instance, &local, entry.escaped) {
                if context.tracking { annotations.merge(local) }
            } else {
                valid = false
                if !context.collecting { return false }
            }
        }
        return valid
    }
}
