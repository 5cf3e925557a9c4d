import Documents

/// Compile-time analysis of the node graph: which features a compiled schema needs at validation time,
/// and which references loop without descending into the instance.
extension SchemaCompiler {
    /// Finds cycles of in-place references (`{"$ref": "#"}`, `anyOf` back to itself) reachable from `root`,
    /// marks their nodes for the runtime re-entry check and reports each cycle once.
    func markInPlaceCycles(from root: SchemaNode) {
        // Moved out (not copied): the set grows with the graph and is updated on every compile.
        var finished = cycleCheckedNodes
        cycleCheckedNodes = []
        defer { cycleCheckedNodes = finished }
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
                    // Subschemas reached by descending start searches of their own.
                    for keyword in done.keywords {
                        for child in keyword.childNodes where seenRoots.insert(ObjectIdentifier(child)).inserted {
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
