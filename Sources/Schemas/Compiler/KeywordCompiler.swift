import Documents

/// Keyword sets per dialect and vocabulary.
enum KeywordSets {
    static let legacy: Set<String> = [
        "type", "enum", "minimum", "maximum", "multipleOf", "minLength", "maxLength", "pattern", "format", "items",
        "additionalItems", "minItems", "maxItems", "uniqueItems", "properties", "patternProperties",
        "additionalProperties", "required", "minProperties", "maxProperties", "dependencies", "allOf", "anyOf",
        "oneOf", "not",
    ]
    static let openAPI: Set<String> = ["nullable", "readOnly", "writeOnly", "discriminator"]
    static let applicator: Set<String> = [
        "prefixItems", "items", "contains", "additionalProperties", "properties", "patternProperties",
        "dependentSchemas", "propertyNames", "if", "allOf", "anyOf", "oneOf", "not",
    ]
    static let validation: Set<String> = [
        "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties",
        "required", "dependentRequired",
    ]
    static let unevaluated: Set<String> = ["unevaluatedItems", "unevaluatedProperties"]
    static let core: Set<String> = ["$ref", "$dynamicRef"]

    /// Cheap checks first, applicators after, unevaluated keywords last (they read their siblings' annotations).
    static func priority(_ name: String) -> Int {
        switch name {
        case "type", "const", "enum", "nullable": return 0
        case "unevaluatedItems", "unevaluatedProperties": return 9
        case "$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "not", "if", "discriminator", "dependentSchemas": return 3
        case "properties", "patternProperties", "additionalProperties", "items", "prefixItems", "additionalItems",
             "contains", "propertyNames", "dependencies": return 2
        default: return 1
        }
    }

    static func isEnabled(_ name: String, in dialect: Dialect) -> Bool {
        switch dialect.kind {
        // Swagger 2.0 schemas are draft-04 plus `readOnly` and a string `discriminator`.
        case .draft4: return legacy.contains(name) || name == "readOnly" || name == "discriminator"
        case .openAPI30: return legacy.contains(name) || openAPI.contains(name)
        case .jsonSchema2020_12, .openAPI31:
            if dialect.kind == .openAPI31 && (name == "discriminator" || name == "readOnly" || name == "writeOnly") { return true }
            if dialect.legacyArrays && name == "prefixItems" { return false }
            if dialect.legacyArrays && name == "additionalItems" { return dialect.has(.applicator) }
            if dialect.legacyReferences && name == "$dynamicRef" { return false }
            if core.contains(name) { return true }
            // Draft-07 `dependencies`, still common in 2020-12 and OpenAPI 3.1 schemas, is honoured for compatibility.
            if name == "dependencies" { return dialect.has(.applicator) }
            if applicator.contains(name) { return dialect.has(.applicator) }
            if validation.contains(name) { return dialect.has(.validation) }
            if unevaluated.contains(name) { return dialect.has(.unevaluated) }
            if name == "format" { return dialect.has(.format) }
            return false
        }
    }
}

extension SchemaCompiler {
    /// Fills a node from a schema value at `place` (its `$id` and `$schema` already applied).
    func fill(_ node: SchemaNode, _ value: JSONValue, _ place: SchemaPlace) {
        let object: JSONObject
        switch value.kind {
        case .bool(let flag):
            node.constant = flag
            return
        case .object(let members):
            object = members
        default:
            warn("schema-invalid", "a schema must be an object or a boolean, found \(value.typeName)", at: value.location, place: place)
            node.constant = true
            return
        }
        let dialect = place.dialect
        if object["format"]?.stringValue == "password" || object["writeOnly"]?.boolValue == true { node.isSensitive = true }
        var built: [(priority: Int, keyword: CompiledKeyword)] = []
        func add(_ keyword: CompiledKeyword) { built.append((KeywordSets.priority(keyword.name), keyword)) }

        if dialect.refOverridesSiblings, let reference = object["$ref"] {
            if dialect.kind == .openAPI30, object["nullable"]?.boolValue == true { node.nullable = true }
            if let keyword = referenceKeyword("$ref", reference, node: node, place: place) { node.keywords = [keyword] }
            return
        }
        var handledCombinator: Set<String> = []
        if dialect.isOpenAPI || dialect.kind == .draft4, let discriminator = object["discriminator"], KeywordSets.isEnabled("discriminator", in: dialect),
           let keyword = discriminatorKeyword(discriminator, object: object, node: node, place: place) {
            add(keyword.keyword)
            handledCombinator.insert(keyword.replaces)
        }
        for member in object {
            let name = member.key
            guard !handledCombinator.contains(name), KeywordSets.isEnabled(name, in: dialect) || name == "nullable" else { continue }
            if let keyword = compileKeyword(name, member.value, object: object, node: node, place: place) {
                add(keyword)
            }
        }
        if KeywordSets.isEnabled("if", in: dialect), let condition = object["if"] {
            let thenNode = object["then"].map { self.node($0, place.child("then")) }
            let elseNode = object["else"].map { self.node($0, place.child("else")) }
            add(IfThenElseKeyword(condition: self.node(condition, place.child("if")), thenNode: thenNode, elseNode: elseNode,
                                  absoluteLocation: keywordLocation(node, "if")))
        }
        if dialect.isModern, KeywordSets.isEnabled("contains", in: dialect), let contains = object["contains"] {
            let minimum = dialect.has(.validation) ? object["minContains"].flatMap(nonNegativeInteger) ?? 1 : 1
            let maximum = dialect.has(.validation) ? object["maxContains"].flatMap(nonNegativeInteger) : nil
            add(ContainsKeyword(node: self.node(contains, place.child("contains")), minimum: minimum, maximum: maximum,
                                absoluteLocation: keywordLocation(node, "contains")))
        }
        node.keywords = built.enumerated().sorted { lhs, rhs in
            lhs.element.priority != rhs.element.priority ? lhs.element.priority < rhs.element.priority : lhs.offset < rhs.offset
        }.map(\.element.keyword)
    }

    func keywordLocation(_ node: SchemaNode, _ name: String) -> KeywordLocation {
        KeywordLocation(node: node, name: name)
    }

    func nonNegativeInteger(_ value: JSONValue) -> Int? {
        guard let number = value.numberValue else { return nil }
        if let exact = number.int64 { return exact >= 0 ? Int(clamping: exact) : nil }
        if number.isInteger, number.double > 0 { return Int.max }
        return nil
    }

    func referenceKeyword(_ name: String, _ value: JSONValue, node: SchemaNode, place: SchemaPlace) -> (CompiledKeyword)? {
        guard let reference = value.stringValue else {
            warn("schema-keyword-invalid", "\(name) must be a string, found \(value.typeName)", at: value.location, place: place)
            return nil
        }
        let location = keywordLocation(node, name)
        guard let (targetPlace, targetValue) = resolve(reference, from: place, at: value.location) else {
            report("ref-missing-target", "\(name) target \(abbreviated(reference, limit: 120)) could not be resolved", at: value.location, place: place)
            return UnresolvableKeyword(name: name, reference: reference, absoluteLocation: location)
        }
        let target = self.node(targetValue, targetPlace)
        if name == "$dynamicRef" {
            usesDynamicRef = true
            let absolute = URIReference.resolve(reference, against: place.baseURI)
            let (uri, fragment) = URIReference.split(absolute)
            var anchor: String?
            if !fragment.isEmpty, !fragment.hasPrefix("/"), registry.anchors[uri + "#" + fragment]?.isDynamic == true {
                anchor = fragment
            }
            return DynamicRefKeyword(staticTarget: target, anchor: anchor, absoluteLocation: location)
        }
        return RefKeyword(name: name, target: target, absoluteLocation: location)
    }

    func compileRegex(_ value: JSONValue, place: SchemaPlace) -> ECMARegex? {
        guard let pattern = value.stringValue else {
            warn("schema-keyword-invalid", "a pattern must be a string, found \(value.typeName)", at: value.location, place: place)
            return nil
        }
        do {
            return try ECMARegex.cached(pattern)
        } catch {
            report("schema-pattern-invalid", "invalid regular expression \(Describe.quoted(pattern)): \(error)", at: value.location, place: place)
            return nil
        }
    }

    func schemaList(_ value: JSONValue, _ name: String, place: SchemaPlace) -> [SchemaNode]? {
        guard let items = value.arrayValue else {
            warn("schema-keyword-invalid", "\(name) must be an array of schemas, found \(value.typeName)", at: value.location, place: place)
            return nil
        }
        return items.enumerated().map { node($0.element, place.child(name, String($0.offset))) }
    }
}
