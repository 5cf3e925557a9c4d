import Documents

/// A compiled schema, ready to validate instances from any thread.
public final class CompiledSchema: Sendable {
    let root: SchemaNode
    /// Keeps every node reachable from `root` alive (nodes refer to each other in cycles).
    let graph: SchemaGraph
    let options: SchemaOptions
    let tracksAnnotations: Bool
    let usesDynamicScope: Bool

    init(root: SchemaNode, graph: SchemaGraph, options: SchemaOptions, tracksAnnotations: Bool, usesDynamicScope: Bool) {
        self.root = root
        self.graph = graph
        self.options = options
        self.tracksAnnotations = tracksAnnotations
        self.usesDynamicScope = usesDynamicScope
    }

    /// Whether the instance is valid; stops at the first failure and builds no messages.
    public func isValid(_ instance: JSONValue, direction: ValidationDirection = .neutral) -> Bool {
        var context = ValidationContext(collecting: false, tracking: tracksAnnotations, usesDynamicScope: usesDynamicScope,
                                        direction: direction, options: options)
        var annotations = Annotations()
        let valid = root.evaluate(instance, &context, &annotations)
        return valid && !context.evaluationBudgetExhausted
    }

    /// Every violation, with instance location, keyword location, absolute schema location and a message.
    public func validate(_ instance: JSONValue, direction: ValidationDirection = .neutral) -> [SchemaViolation] {
        var context = ValidationContext(collecting: true, tracking: tracksAnnotations, usesDynamicScope: usesDynamicScope,
                                        direction: direction, options: options)
        var annotations = Annotations()
        _ = root.evaluate(instance, &context, &annotations)
        if context.evaluationBudgetExhausted { return [context.budgetViolation(root)] }
        return context.violations
    }
}
