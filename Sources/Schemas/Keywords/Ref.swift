import Documents

/// `$ref`: the referenced schema must match. The target node is shared, so recursion is a graph cycle.
final class RefKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [target] }
    override var inPlaceChildNodes: [SchemaNode] { [target] }
    let target: SchemaNode

    private let unretainedTarget: Unmanaged<SchemaNode>

    init(name: String = "$ref", target: SchemaNode, absoluteLocation: KeywordLocation) {
        self.target = target
        self.unretainedTarget = Unmanaged.passUnretained(target)
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        var local = Annotations()
        let valid = unretainedTarget._withUnsafeGuaranteedRef { $0.evaluate(instance, &context, &local) }
        if valid && context.tracking { annotations.merge(local) }
        return valid
    }
}
