import Documents

/// `prefixItems` (2020-12) and draft-04 array-form `items`: one schema per position.
final class PrefixItemsKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { nodes }
    let nodes: [SchemaNode]

    init(name: String, nodes: [SchemaNode], absoluteLocation: KeywordLocation) {
        self.nodes = nodes
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .array(let items) = instance.kind else { return true }
        let count = min(items.count, nodes.count)
        if context.tracking && count > annotations.itemPrefix { annotations.itemPrefix = count }
        var valid = true
        for index in 0..<count {
            if context.collecting { context.keywordPath.append(String(index)) }
            let itemValid = context.descend(nodes[index], items[index], .index(index))
            if context.collecting { context.keywordPath.removeLast() }
            if !itemValid {
                valid = false
                if !context.collecting { return false }
            }
        }
        return valid
    }
}
