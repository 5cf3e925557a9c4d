import Documents

/// OpenAPI `discriminator` next to `oneOf` / `anyOf`: the property value picks the one schema to validate
/// against (through `mapping`, or the schema name under `#/components/schemas/`). A derived schema that
/// refers back to this one (`Cat: allOf: [Pet]` with `Pet: oneOf: [Cat, ...]`) does not dispatch again
/// at the same instance location, so the common OpenAPI pattern neither loops nor counts as a cycle.
final class DiscriminatorKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { Array(mapping.values) + (fallback?.childNodes ?? []) }
    let propertyName: String
    let mapping: [String: SchemaNode]
    /// The oneOf / anyOf keyword, for instances that are not objects.
    let fallback: (CompiledKeyword)?

    init(propertyName: String, mapping: [String: SchemaNode], fallback: (CompiledKeyword)?, absoluteLocation: KeywordLocation) {
        self.propertyName = propertyName
        self.mapping = mapping
        self.fallback = fallback
        super.init(name: "discriminator", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        let marker = (ObjectIdentifier(self), context.instanceDepth)
        if context.activeDiscriminators.contains(where: { $0 == marker }) { return true }
        context.activeDiscriminators.append(marker)
        defer { context.activeDiscriminators.removeLast() }
        return dispatch(instance, &context, &annotations)
    }

    private func dispatch(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
                context.report(self, "discriminator property \(Describe.quoted(propertyName)) has value \(context.describeJSON(value)), which maps to no schema (expected one of: \(known))")
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

/// How a discriminator `mapping` value names its schema, for every reader of the mapping (the compiler, the request
/// outlines): a value with a `/` or `#` is a reference, any other a schema name (`Dog`, also `Dog.v1`) under
/// `#/components/schemas/`.
public enum DiscriminatorMapping {
    public static func reference(for value: String) -> String {
        value.contains("/") || value.contains("#") ? value : "#/components/schemas/" + JSONPointer.escape(value)
    }
}
