import Documents

/// `$ref`: the referenced schema must match. The target node is shared, so recursion is a graph cycle.
final class RefKeyword: Keyword {
    let name: String
    let absoluteLocation: String
    var childNodes: [SchemaNode] { [target] }
    let target: SchemaNode

    init(name: String = "$ref", target: SchemaNode, absoluteLocation: String) {
        self.name = name
        self.target = target
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        var local = Annotations()
        let valid = target.evaluate(instance, &context, &local)
        if valid && context.tracking { annotations.merge(local) }
        return valid
    }
}

/// `$dynamicRef`: like `$ref`, but when the static target is a `$dynamicAnchor` of the same name, the
/// outermost resource in the dynamic scope that declares that anchor wins.
final class DynamicRefKeyword: Keyword {
    let name = "$dynamicRef"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { [staticTarget] }
    let staticTarget: SchemaNode
    let anchor: String?

    init(staticTarget: SchemaNode, anchor: String?, absoluteLocation: String) {
        self.staticTarget = staticTarget
        self.anchor = anchor
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
final class UnresolvableKeyword: Keyword {
    let name: String
    let absoluteLocation: String
    let reference: String

    init(name: String, reference: String, absoluteLocation: String) {
        self.name = name
        self.reference = reference
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if context.collecting {
            context.report(self, "reference \(Describe.quoted(reference)) could not be resolved")
        }
        return false
    }
}
