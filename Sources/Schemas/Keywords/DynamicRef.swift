import Documents

/// `$dynamicRef`: like `$ref`, but when the static target is a `$dynamicAnchor` of the same name, the
/// outermost resource in the dynamic scope that declares that anchor wins.
final class DynamicRefKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [staticTarget] }
    override var inPlaceChildNodes: [SchemaNode] { [staticTarget] }
    let staticTarget: SchemaNode
    let anchor: String?

    init(staticTarget: SchemaNode, anchor: String?, absoluteLocation: KeywordLocation) {
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
