import Documents

/// `if` / `then` / `else`.
final class IfThenElseKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [condition] + [thenNode, elseNode].compactMap { $0 } }
    override var inPlaceChildNodes: [SchemaNode] { childNodes }
    let condition: SchemaNode
    let thenNode: SchemaNode?
    let elseNode: SchemaNode?

    init(condition: SchemaNode, thenNode: SchemaNode?, elseNode: SchemaNode?, absoluteLocation: KeywordLocation) {
        self.condition = condition
        self.thenNode = thenNode
        self.elseNode = elseNode
        super.init(name: "if", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
