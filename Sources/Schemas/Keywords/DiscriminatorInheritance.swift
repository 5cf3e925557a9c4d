import Documents

/// OpenAPI `discriminator` on a base schema without `oneOf`/`anyOf` (inheritance through `allOf`): the
/// property value names the derived schema (`mapping`, or a component schema whose `allOf` refers to this
/// one), which the instance must also match. A dispatch is not repeated at the same instance location,
/// so the derived schema's `allOf` back to its base does not loop.
final class DiscriminatorInheritanceKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { Array(mapping.values) }
    let propertyName: String
    let ownName: String?
    let mapping: [String: SchemaNode]

    init(propertyName: String, ownName: String?, mapping: [String: SchemaNode], absoluteLocation: KeywordLocation) {
        self.propertyName = propertyName
        self.ownName = ownName
        self.mapping = mapping
        super.init(name: "discriminator", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        let marker = (ObjectIdentifier(self), context.instanceDepth)
        if context.activeDiscriminators.contains(where: { $0 == marker }) { return true }
        guard let value = object[propertyName] else {
            if context.collecting {
                context.report(self, "discriminator property \(Describe.quoted(propertyName)) is missing")
            }
            return false
        }
        if case .string(let text) = value.kind, text == ownName, mapping[text] == nil { return true }
        guard case .string(let text) = value.kind, let node = mapping[text] else {
            if context.collecting {
                let known = (Array(mapping.keys) + (ownName.map { [$0] } ?? [])).sorted().prefix(8).joined(separator: ", ")
                context.report(self, "discriminator property \(Describe.quoted(propertyName)) has value \(context.describeJSON(value)), which maps to no schema (expected one of: \(known))")
            }
            return false
        }
        context.activeDiscriminators.append(marker)
        defer { context.activeDiscriminators.removeLast() }
        var local = Annotations()
        if context.collecting { context.keywordPath.append(JSONPointer.escape(text)) }
        let valid = node.evaluate(instance, &context, &local)
        if context.collecting { context.keywordPath.removeLast() }
        if valid && context.tracking { annotations.merge(local) }
        return valid
    }
}
