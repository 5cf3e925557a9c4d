import Documents

/// `items` (2020-12: every item after `prefixItems`; draft-04: a single schema for all items),
/// and draft-04 `additionalItems` (every item after the `items` array).
final class ItemsKeyword: Keyword {
    let name: String
    let absoluteLocation: String
    var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode
    let startIndex: Int

    init(name: String, node: SchemaNode, startIndex: Int, absoluteLocation: String) {
        self.name = name
        self.node = node
        self.startIndex = startIndex
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
            for index in startIndex..<items.count where !context.descend(node, items[index], .index(index)) {
                valid = false
                if !context.collecting { return false }
            }
            return valid
        }
    }
}

/// `prefixItems` (2020-12) and draft-04 array-form `items`: one schema per position.
final class PrefixItemsKeyword: Keyword {
    let name: String
    let absoluteLocation: String
    var childNodes: [SchemaNode] { nodes }
    let nodes: [SchemaNode]

    init(name: String, nodes: [SchemaNode], absoluteLocation: String) {
        self.name = name
        self.nodes = nodes
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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

/// `contains` with `minContains` / `maxContains` (draft-04 has neither).
final class ContainsKeyword: Keyword {
    let name = "contains"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode
    let minimum: Int
    let maximum: Int?

    init(node: SchemaNode, minimum: Int, maximum: Int?, absoluteLocation: String) {
        self.node = node
        self.minimum = minimum
        self.maximum = maximum
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
