import Documents

/// `contains` with `minContains` / `maxContains` (draft-04 has neither).
final class ContainsKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode
    let minimum: Int
    let maximum: Int?

    init(node: SchemaNode, minimum: Int, maximum: Int?, absoluteLocation: KeywordLocation) {
        self.node = node
        self.minimum = minimum
        self.maximum = maximum
        super.init(name: "contains", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .array(let items) = instance.kind else { return true }
        var matches = 0
        let needAll = context.tracking || maximum != nil
        for (index, item) in items.enumerated() {
            let saved = context.collecting
            context.collecting = false
            let matched = context.descend(node, item, .index(index))
            context.collecting = saved
            if matched {
                matches += 1
                if context.tracking { annotations.itemIndices.insert(index) }
                if !needAll && matches >= minimum { return true }
            }
        }
        if matches >= minimum && (maximum.map { matches <= $0 } ?? true) { return true }
        if context.collecting {
            if matches < minimum {
                context.report(self, minimum == 1
                    ? "no item matches the contains schema"
                    : "\(matches) item\(matches == 1 ? "" : "s") match the contains schema, expected at least \(minimum)")
            } else if let maximum {
                context.report(self, "\(matches) items match the contains schema, expected at most \(maximum)")
            }
        }
        return false
    }
}
