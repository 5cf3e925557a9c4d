import Documents

/// `unevaluatedItems`: items no other keyword evaluated must match.
final class UnevaluatedItemsKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode

    init(node: SchemaNode, absoluteLocation: KeywordLocation) {
        self.node = node
        super.init(name: "unevaluatedItems", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .array(let items) = instance.kind else { return true }
        var valid = true
        for (index, item) in items.enumerated() where !annotations.isItemEvaluated(index) {
            if node.constant == false {
                valid = false
                if !context.collecting { return false }
                context.report(self, "item \(index) is not allowed (unevaluated)")
            } else if !context.descend(node, item, .index(index)) {
                valid = false
                if !context.collecting { return false }
            }
        }
        annotations.allItems = true
        return valid
    }
}
