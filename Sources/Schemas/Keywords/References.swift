import Documents

/// `$ref`: the referenced schema must match. The target node is shared, so recursion is a graph cycle.
final class RefKeyword: CompiledKeyword {
    override var childNodes: [SchemaNode] { [target] }
    override var inPlaceChildNodes: [SchemaNode] { [target] }
    let target: SchemaNode

    private let unretainedTarget: Unmanaged<SchemaNode>

    init(name: String = "$ref", target: SchemaNode, absoluteLocation: String) {
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

/// `$dynamicRef`: like `$ref`, but when the static target is a `$dynamicAnchor` of the same name, the
/// outermost resource in the dynamic scope that declares that anchor wins.
final class DynamicRefKeyword: CompiledKeyword {
    override var childNodes: [SchemaNode] { [staticTarget] }
    override var inPlaceChildNodes: [SchemaNode] { [staticTarget] }
    let staticTarget: SchemaNode
    let anchor: String?

    init(staticTarget: SchemaNode, anchor: String?, absoluteLocation: String) {
        self.staticTarget = staticTarget
        self.anchor = anchor
        super.init(name: "$dynamicRef", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        var target = staticTarget
        if let anchor {
            for scope in context.dynamicScope {
                if let node = scope.dynamicAnchors[anchor] { target = node; break }
            }
        }
        var local = Annotations()
        let valid = target.evaluate(instance, &context, &local)
        if valid && context.tracking { annotations.merge(local) }
        return valid
    }
}

/// A reference that could not be resolved at compile time: always fails, saying so.
final class UnresolvableKeyword: CompiledKeyword {
    let reference: String

    init(name: String, reference: String, absoluteLocation: String) {
        self.reference = reference
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if context.collecting {
            context.report(self, "reference \(Describe.quoted(reference)) could not be resolved")
        }
        return false
    }
}
