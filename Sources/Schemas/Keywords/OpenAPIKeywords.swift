import Documents

/// OpenAPI `readOnly: true` (not allowed in requests) and `writeOnly: true` (not allowed in responses).
final class AccessModeKeyword: CompiledKeyword {
    let forbiddenDirection: ValidationDirection

    override init(name: String, absoluteLocation: String) {
        self.forbiddenDirection = name == "readOnly" ? .request : .response
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard context.direction == forbiddenDirection else { return true }
        if context.collecting {
            context.report(self, name == "readOnly"
                ? "read-only value is not allowed in a request"
                : "write-only value is not allowed in a response")
        }
        return false
    }
}

/// OpenAPI `discriminator` next to `oneOf` / `anyOf`: the property value picks the one schema to validate
/// against (through `mapping`, or the schema name under `#/components/schemas/`).
final class DiscriminatorKeyword: CompiledKeyword {
    override var childNodes: [SchemaNode] { Array(mapping.values) + (fallback?.childNodes ?? []) }
    override var inPlaceChildNodes: [SchemaNode] { childNodes }
    let propertyName: String
    let mapping: [String: SchemaNode]
    /// The oneOf / anyOf keyword, for instances that are not objects.
    let fallback: (CompiledKeyword)?

    init(propertyName: String, mapping: [String: SchemaNode], fallback: (CompiledKeyword)?, absoluteLocation: String) {
        self.propertyName = propertyName
        self.mapping = mapping
        self.fallback = fallback
        super.init(name: "discriminator", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else {
            return fallback?.evaluate(instance, &context, &annotations) ?? true
        }
        guard let value = object[propertyName] else {
            if context.collecting {
                context.report(self, "discriminator property \(Describe.quoted(propertyName)) is missing")
            }
            return false
        }
        guard case .string(let text) = value.kind, let node = mapping[text] else {
            if context.collecting {
                let known = mapping.keys.sorted().prefix(8).joined(separator: ", ")
                context.report(self, "discriminator property \(Describe.quoted(propertyName)) has value \(Describe.json(value)), which maps to no schema (expected one of: \(known))")
            }
            return false
        }
        var local = Annotations()
        if context.collecting { context.keywordPath.append(JSONPointer.escape(text)) }
        let valid = node.evaluate(instance, &context, &local)
        if context.collecting { context.keywordPath.removeLast() }
        if valid && context.tracking { annotations.merge(local) }
        return valid
    }
}

/// OpenAPI `discriminator` on a base schema without `oneOf`/`anyOf` (inheritance through `allOf`): the
/// property value names the derived schema (`mapping`, or a component schema whose `allOf` refers to this
/// one), which the instance must also match. A dispatch is not repeated at the same instance location,
/// so the derived schema's `allOf` back to its base does not loop.
final class DiscriminatorInheritanceKeyword: CompiledKeyword {
    override var childNodes: [SchemaNode] { Array(mapping.values) }
    let propertyName: String
    let ownName: String?
    let mapping: [String: SchemaNode]

    init(propertyName: String, ownName: String?, mapping: [String: SchemaNode], absoluteLocation: String) {
        self.propertyName = propertyName
        self.ownName = ownName
        self.mapping = mapping
        super.init(name: "discriminator", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind, context.discriminatorDepth != context.instanceDepth else { return true }
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
                context.report(self, "discriminator property \(Describe.quoted(propertyName)) has value \(Describe.json(value)), which maps to no schema (expected one of: \(known))")
            }
            return false
        }
        let saved = context.discriminatorDepth
        context.discriminatorDepth = context.instanceDepth
        var local = Annotations()
        if context.collecting { context.keywordPath.append(JSONPointer.escape(text)) }
        let valid = node.evaluate(instance, &context, &local)
        if context.collecting { context.keywordPath.removeLast() }
        context.discriminatorDepth = saved
        if valid && context.tracking { annotations.merge(local) }
        return valid
    }
}
