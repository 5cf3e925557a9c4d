import Documents

/// `dependentSchemas` (and the schema form of draft-04 `dependencies`).
final class DependentSchemasKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { entries.map(\.node) }
    override var inPlaceChildNodes: [SchemaNode] { childNodes }
    let entries: [(property: String, escaped: String, node: SchemaNode)]

    init(name: String, entries: [(String, SchemaNode)], absoluteLocation: KeywordLocation) {
        self.entries = entries.map { ($0.0, JSONPointer.escape($0.0), $0.1) }
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
