import Documents

/// `anyOf`: at least one schema must match. With annotations on, every branch is evaluated.
final class AnyOfKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { nodes }
    override var inPlaceChildNodes: [SchemaNode] { nodes }
    let nodes: [SchemaNode]

    init(nodes: [SchemaNode], absoluteLocation: KeywordLocation) {
        self.nodes = nodes
        super.init(name: "anyOf", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        let mark = context.violations.count
        var matched = false
        for (index, node) in nodes.enumerated() {
            var local = Annotations()
            if context.inPlace(node, instance, &local, context.collecting ? String(index) : nil) {
                matched = true
                if context.tracking { annotations.merge(local) } else { break }
            }
        }
        if matched {
            if context.collecting { context.violations.removeSubrange(mark...) }
            return true
        }
        if context.collecting {
            context.violations.insert(SchemaViolation(
                instanceLocation: context.instancePointer, keywordLocation: context.keywordLocation,
                absoluteSchemaLocation: absoluteLocation, keyword: name,
                message: "\(context.describe(instance)) matches none of the \(nodes.count) allowed schemas"), at: mark)
        }
        return false
    }
}
