import Documents

/// `oneOf`: exactly one schema must match.
final class OneOfKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { nodes }
    override var inPlaceChildNodes: [SchemaNode] { nodes }
    let nodes: [SchemaNode]

    init(nodes: [SchemaNode], absoluteLocation: KeywordLocation) {
        self.nodes = nodes
        super.init(name: "oneOf", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        let mark = context.violations.count
        var matches: [Int] = []
        var matchedAnnotations = Annotations()
        for (index, node) in nodes.enumerated() {
            var local = Annotations()
            if context.inPlace(node, instance, &local, context.collecting ? String(index) : nil) {
                matches.append(index)
                if matches.count == 1 { matchedAnnotations = local }
                if matches.count > 1 && !context.collecting { return false }
            }
        }
        if matches.count == 1 {
            if context.collecting { context.violations.removeSubrange(mark...) }
            if context.tracking { annotations.merge(matchedAnnotations) }
            return true
        }
        if context.collecting {
            if matches.isEmpty {
                context.violations.insert(SchemaViolation(
                    instanceLocation: context.instancePointer, keywordLocation: context.keywordLocation,
                    absoluteSchemaLocation: absoluteLocation, keyword: name,
                    message: "\(context.describe(instance)) matches none of the \(nodes.count) schemas of oneOf"), at: mark)
            } else {
                context.violations.removeSubrange(mark...)
                context.report(self, "\(context.describe(instance)) matches \(matches.count) schemas of oneOf (indexes \(matches.map(String.init).joined(separator: ", "))), expected exactly one")
            }
        }
        return false
    }
}
