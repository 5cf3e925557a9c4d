import Documents

extension ParameterShape {
    /// Derives the shape from a raw schema.
    ///
    /// Reads `type` (a string or an array; `"null"` is ignored), `items`, `properties`,
    /// `additionalProperties`, and looks through `$ref` (via `resolve`), `allOf`, `anyOf`
    /// and `oneOf`. A schema without a usable type gives `.primitive(.unknown)` (kept as text).
    /// Several non-null types: `string` wins (any text fits), then `number`, `integer`, `boolean`.
    public static func derive(from schema: JSONValue, resolve: (String) -> JSONValue? = { _ in nil }) -> ParameterShape {
        withoutActuallyEscaping(resolve) { resolve in derive(schema, resolve: resolve) }
    }

    private static func derive(_ schema: JSONValue, resolve: @escaping (String) -> JSONValue?) -> ParameterShape {
        var resolver = SchemaLookThrough(resolve: resolve)
        let root = resolver.follow(schema)
        switch resolver.typeName(of: root) {
        case "array":
            let items = root["items"].map { resolver.primitive(of: $0) } ?? .unknown
            return .array(items)
        case "object":
            var properties: [String: PrimitiveType] = [:]
            for member in resolver.properties(of: root) {
                properties[member.key] = resolver.primitive(of: member.value)
            }
            var additional: PrimitiveType?
            if let extra = root["additionalProperties"], extra.objectValue != nil {
                additional = resolver.primitive(of: extra)
            }
            return .object(properties, additional: additional)
        default:
            return .primitive(resolver.primitive(of: root))
        }
    }
}

/// Follows `$ref`s and combinators to find the types a schema allows.
private struct SchemaLookThrough {
    let resolve: (String) -> JSONValue?
    private var depth = 0
    private static let maximumDepth = 32

    init(resolve: @escaping (String) -> JSONValue?) {
        self.resolve = resolve
    }

    /// The schema after following `$ref` chains (bounded, so a cycle ends).
    func follow(_ schema: JSONValue) -> JSONValue {
        var current = schema
        var hops = 0
        while let reference = current["$ref"]?.stringValue, hops < Self.maximumDepth, let target = resolve(reference) {
            // Siblings of `$ref` (3.1) with their own type win over the target's.
            if current["type"] != nil { return current }
            current = target
            hops += 1
        }
        return current
    }

    /// The non-null type names a schema allows, in declaration order.
    mutating func typeNames(of schema: JSONValue) -> [String] {
        let schema = follow(schema)
        if let single = schema["type"]?.stringValue { return single == "null" ? [] : [single] }
        if let many = schema["type"]?.arrayValue {
            return many.compactMap { $0.stringValue }.filter { $0 != "null" }
        }
        guard depth < Self.maximumDepth else { return [] }
        depth += 1
        defer { depth -= 1 }
        if let all = schema["allOf"]?.arrayValue {
            for part in all {
                let names = typeNames(of: part)
                if !names.isEmpty { return names }
            }
        }
        var union: [String] = []
        for keyword in ["anyOf", "oneOf"] {
            for part in schema[keyword]?.arrayValue ?? [] {
                for name in typeNames(of: part) where !union.contains(name) { union.append(name) }
            }
        }
        if union.isEmpty {
            if schema["properties"] != nil { return ["object"] }
            if schema["items"] != nil { return ["array"] }
        }
        return union
    }

    /// The single container or primitive type name that decides the shape.
    mutating func typeName(of schema: JSONValue) -> String? {
        let names = typeNames(of: schema)
        if names.count == 1 { return names[0] }
        if names.contains("array") && !names.contains("object") && !names.contains("string") { return "array" }
        return names.isEmpty ? nil : "primitive"
    }

    mutating func primitive(of schema: JSONValue) -> PrimitiveType {
        let names = typeNames(of: schema)
        if names.count == 1 {
            switch names[0] {
            case "string": return .string
            case "integer": return .integer
            case "number": return .number
            case "boolean": return .boolean
            default: return .unknown
            }
        }
        if names.contains("string") { return .string }
        if names.contains("number") { return .number }
        if names.contains("integer") { return .integer }
        if names.contains("boolean") { return .boolean }
        return .unknown
    }

    /// `properties` of the schema and of its `allOf` parts.
    mutating func properties(of schema: JSONValue) -> [JSONMember] {
        let schema = follow(schema)
        var result = schema["properties"]?.objectValue?.members ?? []
        guard depth < Self.maximumDepth else { return result }
        depth += 1
        defer { depth -= 1 }
        for part in schema["allOf"]?.arrayValue ?? [] {
            result.append(contentsOf: properties(of: part))
        }
        return result
    }
}
