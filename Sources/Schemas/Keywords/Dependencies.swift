import Documents

/// Draft-04 `dependencies` mixing property lists and schemas.
final class AllOfDependencies: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { schemas.childNodes }
    override var inPlaceChildNodes: [SchemaNode] { schemas.childNodes }
    let required: DependentRequiredKeyword
    let schemas: DependentSchemasKeyword

    init(required: DependentRequiredKeyword, schemas: DependentSchemasKeyword) {
        self.required = required
        self.schemas = schemas
        super.init(name: "dependencies", absoluteLocation: required.location)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        let first = required.evaluate(instance, &context, &annotations)
        if !first && !context.collecting { return false }
        return schemas.evaluate(instance, &context, &annotations) && first
    }
}
