import Documents

/// OpenAPI `readOnly: true` (not allowed in requests) and `writeOnly: true` (not allowed in responses).
final class AccessModeKeyword: Keyword {
    let name: String
    let absoluteLocation: String
    let forbiddenDirection: ValidationDirection

    init(name: String, absoluteLocation: String) {
        self.name = name
        self.forbiddenDirection = name == "readOnly" ? .request : .response
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
final class DiscriminatorKeyword: Keyword {
    let name = "discriminator"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { Array(mapping.values) + (fallback?.childNodes ?? []) }
    let propertyName: String
    let mapping: [String: SchemaNode]
    /// The oneOf / anyOf keyword, for instances that are not objects.
    let fallback: (any Keyword)?

    init(propertyName: String, mapping: [String: SchemaNode], fallback: (any Keyword)?, absoluteLocation: String) {
        self.propertyName = propertyName
        self.mapping = mapping
        self.fallback = fallback
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
