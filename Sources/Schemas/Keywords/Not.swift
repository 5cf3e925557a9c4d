import Documents

/// `not`: the schema must not match.
final class NotKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [node] }
    override var inPlaceChildNodes: [SchemaNode] { [node] }
    let node: SchemaNode

    init(node: SchemaNode, absoluteLocation: KeywordLocation) {
        self.node = node
        super.init(name: "not", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        var local = Annotations()
        if !context.silently(node, instance, &local) { return true }
        if context.collecting {
            context.report(self, "\(context.describe(instance)) must not match the schema under not")
        }
        return false
    }
}
