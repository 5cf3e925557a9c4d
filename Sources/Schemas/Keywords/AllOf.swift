import Documents

/// `allOf`: every schema must match.
final class AllOfKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { nodes }
    override var inPlaceChildNodes: [SchemaNode] { nodes }
    let nodes: [SchemaNode]

    init(nodes: [SchemaNode], absoluteLocation: KeywordLocation) {
        self.nodes = nodes
        super.init(name: "allOf", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        var valid = true
        for (index, node) in nodes.enumerated() {
            var local = Annotations()
            if context.inPlace(node, instance, &local, context.collecting ? String(index) : nil) {
                if context.tracking { annotations.merge(local) }
            } else {
                valid = false
                if !context.collecting { return false }
            }
        }
        return valid
    }
}
