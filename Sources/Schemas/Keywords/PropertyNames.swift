import Documents

/// `propertyNames`: every member name, as a string, must match the schema.
final class PropertyNamesKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode

    init(node: SchemaNode, absoluteLocation: KeywordLocation) {
        self.node = node
        super.init(name: "propertyNames", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        var valid = true
        for member in object where !context.descend(node, JSONValue(.string(member.key)), .key(member.key)) {
            valid = false
            if !context.collecting { return false }
        }
        return valid
    }
}
