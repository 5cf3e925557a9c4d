import Documents

/// `allOf`: every schema must match.
final class AllOfKeyword: Keyword {
    let name = "allOf"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { nodes }
    let nodes: [SchemaNode]

    init(nodes: [SchemaNode], absoluteLocation: String) {
        self.nodes = nodes
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        var valid = true
        for (index, node) in nodes.enumerated() {
            var local = Annotations()
            if context.inPlace(node, instance, &local, context.collecting ? String(index) : nil) {
                if context.tracking { annotations.merge(local) }
            } else {
                valid = false
                if !context.collecting { return false }
            }
        }
        return valid
    }
}

/// `anyOf`: at least one schema must match. With annotations on, every branch is evaluated.
final class AnyOfKeyword: Keyword {
    let name = "anyOf"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { nodes }
    let nodes: [SchemaNode]

    init(nodes: [SchemaNode], absoluteLocation: String) {
        self.nodes = nodes
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
                message: "\(Describe.value(instance)) matches none of the \(nodes.count) allowed schemas"), at: mark)
        }
        return false
    }
}

/// `oneOf`: exactly one schema must match.
final class OneOfKeyword: Keyword {
    let name = "oneOf"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { nodes }
    let nodes: [SchemaNode]

    init(nodes: [SchemaNode], absoluteLocation: String) {
        self.nodes = nodes
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
                    message: "\(Describe.value(instance)) matches none of the \(nodes.count) schemas of oneOf"), at: mark)
            } else {
                context.violations.removeSubrange(mark...)
                context.report(self, "\(Describe.value(instance)) matches \(matches.count) schemas of oneOf (indexes \(matches.map(String.init).joined(separator: ", "))), expected exactly one")
            }
        }
        return false
    }
}

/// `not`: the schema must not match.
final class NotKeyword: Keyword {
    let name = "not"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode

    init(node: SchemaNode, absoluteLocation: String) {
        self.node = node
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        var local = Annotations()
        if !context.silently(node, instance, &local) { return true }
        if context.collecting {
            context.report(self, "\(Describe.value(instance)) must not match the schema under not")
        }
        return false
    }
}

/// `if` / `then` / `else`.
final class IfThenElseKeyword: Keyword {
    let name = "if"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { [condition] + [thenNode, elseNode].compactMap { $0 } }
    let condition: SchemaNode
    let thenNode: SchemaNode?
    let elseNode: SchemaNode?

    init(condition: SchemaNode, thenNode: SchemaNode?, elseNode: SchemaNode?, absoluteLocation: String) {
        self.condition = condition
        self.thenNode = thenNode
        self.elseNode = elseNode
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        var conditionAnnotations = Annotations()
        let holds = context.silently(condition, instance, &conditionAnnotations)
        if holds && context.tracking { annotations.merge(conditionAnnotations) }
        guard let branch = holds ? thenNode : elseNode else { return true }
        // The keyword path names the branch keyword, not `if`.
        if context.collecting {
            context.keywordPath.removeLast()
            context.keywordPath.append(holds ? "then" : "else")
        }
        var local = Annotations()
        let valid = branch.evaluate(instance, &context, &local)
        if context.collecting {
            context.keywordPath.removeLast()
            context.keywordPath.append("if")
        }
        if valid && context.tracking { annotations.merge(local) }
        return valid
    }
}
