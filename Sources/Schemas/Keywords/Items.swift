import Documents

/// `items` (2020-12: every item after `prefixItems`; draft-04: a single schema for all items),
/// and draft-04 `additionalItems` (every item after the `items` array).
final class ItemsKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode
    let startIndex: Int

    private let unretainedNode: Unmanaged<SchemaNode>

    init(name: String, node: SchemaNode, startIndex: Int, absoluteLocation: KeywordLocation) {
        self.node = node
        self.unretainedNode = Unmanaged.passUnretained(node)
        self.startIndex = startIndex
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .array(let items) = instance.kind else { return true }
        if context.tracking && items.count > startIndex { annotations.allItems = true }
        guard items.count > startIndex else { return true }
        if node.constant == false {
            if context.collecting {
                context.report(self, "array has \(items.count) items, at most \(startIndex) allowed")
            }
            return false
        }
        return items.withUnsafeBufferPointer { items in
            var valid = true
            for index in startIndex..<items.count {
                // A `{type: ...}` leaf is checked in place (no copy of the item) when it passes.
                if let base = items.baseAddress, context.passesTypeOnly(node, base + index) { continue }
                if !context.descend(unretainedNode, items[index], .index(index)) {
                    valid = false
                    if !context.collecting { return false }
                }
            }
            return valid
        }
    }
}
