import Documents

/// One keyword's compiled check.
///
/// Keywords are classes built once at compile time; `evaluate` returns whether the instance passes and,
/// when the context is collecting, reports its own violations.
protocol Keyword: AnyObject, Sendable {
    /// The keyword name, as it appears in keyword locations.
    var name: String { get }
    /// The keyword's absolute schema location (resource URI + pointer).
    var absoluteLocation: String { get }
    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool
    /// The subschemas this keyword may evaluate (for compile-time graph analysis).
    var childNodes: [SchemaNode] { get }
}

extension Keyword {
    var childNodes: [SchemaNode] { [] }
}

/// A schema resource (a schema with `$id`, or a document root), the unit of the dynamic scope.
final class SchemaResourceScope: @unchecked Sendable {
    let uri: String
    /// `$dynamicAnchor` name → node, filled during compilation.
    var dynamicAnchors: [String: SchemaNode] = [:]

    init(uri: String) {
        self.uri = uri
    }
}

/// A compiled schema: the keywords to run, in order. Recursive schemas share nodes, so the graph may have cycles.
///
/// Mutable only while the compiler fills it; read-only and shared across threads afterwards.
final class SchemaNode: @unchecked Sendable {
    /// Resource URI + `#` + JSON Pointer.
    let absoluteLocation: String
    var keywords: [any Keyword] = []
    /// Set for `true` / `false` schemas.
    var constant: Bool?
    /// OpenAPI 3.0 `nullable: true`: a null instance is valid whatever the other keywords say.
    var nullable = false
    var resource: SchemaResourceScope?

    init(absoluteLocation: String) {
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        if let constant {
            if !constant && context.collecting {
                context.report(keyword: "false", absoluteLocation: absoluteLocation, "no value is allowed here (the schema is false)")
            }
            return constant
        }
        if nullable, case .null = instance.kind { return true }
        context.evaluationDepth += 1
        defer { context.evaluationDepth -= 1 }
        if context.evaluationDepth > context.maximumEvaluationDepth {
            if context.collecting {
                context.report(keyword: "$ref", absoluteLocation: absoluteLocation,
                               "schema evaluation nested deeper than \(context.maximumEvaluationDepth) levels (recursive $ref?)")
            }
            return false
        }
        var pushedScope = false
        if context.usesDynamicScope, let resource, context.dynamicScope.last !== resource {
            context.dynamicScope.append(resource)
            pushedScope = true
        }
        defer { if pushedScope { context.dynamicScope.removeLast() } }
        return keywords.withUnsafeBufferPointer { keywords in
            var valid = true
            for index in 0..<keywords.count {
                if context.collecting {
                    context.keywordPath.append(keywords[index].name)
                    if !keywords[index].evaluate(instance, &context, &annotations) { valid = false }
                    context.keywordPath.removeLast()
                } else if !keywords[index].evaluate(instance, &context, &annotations) {
                    return false
                }
            }
            return valid
        }
    }
}
