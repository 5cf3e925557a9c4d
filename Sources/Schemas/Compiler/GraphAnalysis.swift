import Documents

/// Compile-time analysis of the node graph: which features a compiled schema needs at validation time,
/// and which references loop without descending into the instance.
extension SchemaCompiler {
    /// Finds cycles of in-place references (`{"$ref": "#"}`, `anyOf` back to itself) reachable from `root`,
    /// marks their nodes for the runtime re-entry check and reports each cycle once.
    func markInPlaceCycles(from root: SchemaNode) {
        // Nothing to search from a node analysed already or not built yet (lazy compilation).
        guard root.lazyFill == nil, !cycleCheckedNodes.contains(ObjectIdentifier(root)) else { return }
        // The commonest case in a lazy compile: every in-place subschema of the node analysed already (or none, as
        // in `{type: string}`), every other one unbuilt or analysed (an object's `properties`, a `$ref` to a schema
        // met before). No cycle passes through the node (one would run through an analysed subschema whose in-place
        // closure, this node included, was built and analysed with it), and the search below would only mark it.
        // Settled here, without its sets and stacks.
        let analysed = { (node: SchemaNode) in self.cycleCheckedNodes.contains(ObjectIdentifier(node)) }
        if root.resource?.dynamicAnchors.isEmpty ?? true,
           root.keywords.allSatisfy({ $0.inPlaceChildNodes.allSatisfy(analysed) }),
           root.keywords.allSatisfy({ $0.childNodes.allSatisfy { $0.lazyFill != nil || analysed($0) } }) {
            cycleCheckedNodes.insert(ObjectIdentifier(root))
            return
        }
        // Moved out (not copied: swapped, so the set stays uniquely referenced): it grows with the graph and is
        // updated on every compile.
        var finished: Set<ObjectIdentifier> = []
        swap(&finished, &cycleCheckedNodes)
        defer { swap(&finished, &cycleCheckedNodes) }
        var onPath: Set<ObjectIdentifier> = []
        var path: [SchemaNode] = []
        // Iterative depth-first search; each frame is a node and the in-place children still to visit.
        var stack: [(node: SchemaNode, children: [SchemaNode], next: Int)] = []
        var roots = [root]
        var seenRoots: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        while let start = roots.popLast() {
            // A node not built yet (lazy compilation) is analysed when it is built.
            guard !finished.contains(ObjectIdentifier(start)), start.lazyFill == nil else { continue }
            stack.append((start, start.keywords.flatMap(\.inPlaceChildNodes), 0))
            onPath.insert(ObjectIdentifier(start))
            path.append(start)
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].next < stack[top].children.count {
                    let child = stack[top].children[stack[top].next]
                    stack[top].next += 1
                    let id = ObjectIdentifier(child)
                    if onPath.contains(id) {
                        if let index = path.lastIndex(where: { $0 === child }) {
                            for member in path[index...] where !member.isOnInPlaceCycle { member.isOnInPlaceCycle = true }
                        }
                        if !reportedCycles.contains(id) {
                            reportedCycles.insert(id)
                            diagnostics.append(.error("ref-cycle", "schema \(abbreviated(child.absoluteLocation, limit: 120)) refers back to itself without descending into the instance (infinite recursion)", at: .unknown))
                        }
                    } else if !finished.contains(id), child.lazyFill == nil {
                        stack.append((child, child.keywords.flatMap(\.inPlaceChildNodes), 0))
                        onPath.insert(id)
                        path.append(child)
                    }
                } else {
                    let done = stack.removeLast().node
                    onPath.remove(ObjectIdentifier(done))
                    path.removeLast()
                    finished.insert(ObjectIdentifier(done))
                    // Subschemas reached by descending start searches of their own. Those not built yet or analysed
                    // already would be passed over when their turn came: they are not queued (a lazily built node
                    // with many properties queued them all, hashing each).
                    for keyword in done.keywords {
                        for child in keyword.childNodes where child.lazyFill == nil && !finished.contains(ObjectIdentifier(child))
                            && seenRoots.insert(ObjectIdentifier(child)).inserted {
                            roots.append(child)
                        }
                    }
                    for anchor in done.resource?.dynamicAnchors.values.map({ $0 }) ?? [] where seenRoots.insert(ObjectIdentifier(anchor)).inserted {
                        roots.append(anchor)
                    }
                }
            }
        }
    }

    /// Whether the graph reachable from `root` uses unevaluated keywords (annotations must be tracked) and
    /// `$dynamicRef` (the dynamic scope must be kept). Other schemas of the same compiler pay for neither.
    static func features(reachableFrom root: SchemaNode) -> (tracksAnnotations: Bool, usesDynamicScope: Bool) {
        var tracks = false
        var dynamic = false
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var stack = [root]
        func visit(_ node: SchemaNode) {
            if seen.insert(ObjectIdentifier(node)).inserted { stack.append(node) }
        }
        while let node = stack.popLast(), !(tracks && dynamic) {
            for keyword in node.keywords {
                if keyword is UnevaluatedPropertiesKeyword || keyword is UnevaluatedItemsKeyword { tracks = true }
                if keyword is DynamicRefKeyword { dynamic = true }
                for child in keyword.childNodes { visit(child) }
            }
            for anchor in node.resource?.dynamicAnchors.values.map({ $0 }) ?? [] { visit(anchor) }
        }
        return (tracks, dynamic)
    }
}
