import Documents

/// `unevaluatedProperties`: members no other keyword of this schema (or its valid in-place subschemas) evaluated
/// must match. Runs after every sibling keyword.
final class UnevaluatedPropertiesKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode

    init(node: SchemaNode, absoluteLocation: KeywordLocation) {
        self.node = node
        super.init(name: "unevaluatedProperties", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        var valid = true
        for member in object where !annotations.isPropertyEvaluated(member.key) {
            if node.constant == false {
                valid = false
                if !context.collecting { return false }
                context.report(self, "property \(Describe.quoted(member.key)) is not allowed (unevaluated)")
            } else if !context.descend(node, member.value, .key(member.key)) {
                valid = false
                if !context.collecting { return false }
            }
        }
        annotations.allProperties = true
        return valid
    }
}
