import Documents

extension SchemaCompiler {
    /// Builds the check for one keyword, or nil when the keyword validates nothing (or is malformed: warned).
    func compileKeyword(_ name: String, _ value: JSONValue, object: JSONObject, node: SchemaNode, place: SchemaPlace) -> (CompiledKeyword)? {
        let location = keywordLocation(node, name)
        let dialect = place.dialect
        func invalid(_ expected: String) -> (CompiledKeyword)? {
            warn("schema-keyword-invalid", "\(name) must be \(expected), found \(value.typeName)", at: value.location, place: place)
            return nil
        }
        switch name {
        case "$ref", "$dynamicRef":
            return referenceKeyword(name, value, node: node, place: place)
        case "type":
            var names: [String] = []
            if let single = value.stringValue { names = [single] }
            else if let list = value.arrayValue { names = list.compactMap(\.stringValue) }
            else { return invalid("a type name or an array of them") }
            var allowed: TypeKeyword.Types = []
            for typeName in names {
                guard let type = TypeKeyword.Types(name: typeName) else { return invalid("a known type name") }
                allowed.insert(type)
            }
            if dialect.kind == .openAPI30, object["nullable"]?.boolValue == true { allowed.insert(.null) }
            return TypeKeyword(allowed: allowed, names: names, integersByText: dialect.kind == .draft4, absoluteLocation: location)
        case "nullable":
            if dialect.kind == .openAPI30, value.boolValue == true { node.nullable = true }
            return nil
        case "enum":
            guard let values = value.arrayValue else { return invalid("an array") }
            return EnumKeyword(values: values, absoluteLocation: location)
        case "const":
            return ConstKeyword(value: value, absoluteLocation: location)
        case "minLength", "maxLength":
            guard let limit = nonNegativeInteger(value) else { return invalid("a non-negative integer") }
            return StringLengthKeyword(name: name, limit: limit, absoluteLocation: location)
        case "minItems", "maxItems", "minProperties", "maxProperties":
            guard let limit = nonNegativeInteger(value) else { return invalid("a non-negative integer") }
            return CountBoundKeyword(name: name, limit: limit, absoluteLocation: location)
        case "uniqueItems":
            guard let flag = value.boolValue else { return invalid("a boolean") }
            return flag ? UniqueItemsKeyword(absoluteLocation: location) : nil
        case "pattern":
            guard let regex = compileRegex(value, place: place), let source = value.stringValue else { return nil }
            return PatternKeyword(regex: regex, source: source, absoluteLocation: location)
        case "format":
            let asserted = options.formatMode == .assert || (dialect.isModern && dialect.vocabularies.contains(.formatAssertion))
            guard asserted, let format = value.stringValue else { return nil }
            let keyword = FormatKeyword(format: format, absoluteLocation: location)
            return keyword.isKnown ? keyword : nil
        case "minimum", "maximum":
            guard let limit = value.numberValue else { return invalid("a number") }
            let exclusiveName = name == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum"
            let exclusive = !dialect.isModern && object[exclusiveName]?.boolValue == true
            return NumberBoundKeyword(name: name, limit: limit, isMinimum: name == "minimum", isExclusive: exclusive, absoluteLocation: location)
        case "exclusiveMinimum", "exclusiveMaximum":
            guard dialect.isModern else { return nil }
            guard let limit = value.numberValue else { return invalid("a number") }
            return NumberBoundKeyword(name: name, limit: limit, isMinimum: name == "exclusiveMinimum", isExclusive: true, absoluteLocation: location)
        case "multipleOf":
            guard let divisor = value.numberValue, divisor.double > 0 || (divisor.decimal.map { !$0.isZero && !$0.isNegative } ?? false) else {
                return invalid("a number above zero")
            }
            return MultipleOfKeyword(divisor: divisor, absoluteLocation: location)
        case "required":
            guard let list = value.arrayValue else { return invalid("an array of strings") }
            let names = list.compactMap(\.stringValue)
            var readOnly: Set<String> = []
            var writeOnly: Set<String> = []
            if dialect.isOpenAPI || dialect.kind == .draft4, let properties = object["properties"]?.objectValue {
                for required in names {
                    guard let property = properties[required] else { continue }
                    let resolved = property["$ref"]?.stringValue.flatMap { resolve($0, from: place, at: property.location)?.1 } ?? property
                    if resolved["readOnly"]?.boolValue == true || property["readOnly"]?.boolValue == true { readOnly.insert(required) }
                    if resolved["writeOnly"]?.boolValue == true || property["writeOnly"]?.boolValue == true { writeOnly.insert(required) }
                }
            }
            return names.isEmpty ? nil : RequiredKeyword(names: names, readOnlyNames: readOnly, writeOnlyNames: writeOnly, absoluteLocation: location)
        case "readOnly", "writeOnly":
            guard dialect.isOpenAPI || dialect.kind == .draft4, value.boolValue == true else { return nil }
            return AccessModeKeyword(name: name, absoluteLocation: location)
        case "properties":
            guard let map = value.objectValue else { return invalid("an object of schemas") }
            return PropertiesKeyword(entries: map.members.map { ($0.key, self.node($0.value, place.child(name, $0.key))) }, absoluteLocation: location)
        case "patternProperties":
            guard let map = value.objectValue else { return invalid("an object of schemas") }
            var entries: [(ECMARegex, String, SchemaNode)] = []
            for member in map {
                guard let regex = compileRegex(JSONValue(.string(member.key), location: member.keyLocation), place: place) else { continue }
                entries.append((regex, member.key, self.node(member.value, place.child(name, member.key))))
            }
            return PatternPropertiesKeyword(entries: entries, absoluteLocation: location)
        case "additionalProperties":
            let known = Set(object["properties"]?.objectValue?.keys ?? [])
            var patterns: [ECMARegex] = []
            if KeywordSets.isEnabled("patternProperties", in: dialect), let map = object["patternProperties"]?.objectValue {
                for member in map {
                    if let regex = try? ECMARegex.cached(member.key) { patterns.append(regex) }
                }
            }
            return AdditionalPropertiesKeyword(node: self.node(value, place.child(name)), known: known, patterns: patterns, absoluteLocation: location)
        case "propertyNames":
            return PropertyNamesKeyword(node: self.node(value, place.child(name)), absoluteLocation: location)
        case "items":
            if dialect.isModern && !dialect.legacyArrays {
                let start = KeywordSets.isEnabled("prefixItems", in: dialect) ? object["prefixItems"]?.arrayValue?.count ?? 0 : 0
                guard value.arrayValue == nil else { return invalid("a schema") }
                return ItemsKeyword(name: name, node: self.node(value, place.child(name)), startIndex: start, absoluteLocation: location)
            }
            if value.arrayValue != nil {
                guard let nodes = schemaList(value, name, place: place) else { return nil }
                return PrefixItemsKeyword(name: name, nodes: nodes, absoluteLocation: location)
            }
            return ItemsKeyword(name: name, node: self.node(value, place.child(name)), startIndex: 0, absoluteLocation: location)
        case "additionalItems":
            guard let items = object["items"]?.arrayValue else { return nil }
            return ItemsKeyword(name: name, node: self.node(value, place.child(name)), startIndex: items.count, absoluteLocation: location)
        case "prefixItems":
            guard let nodes = schemaList(value, name, place: place) else { return nil }
            return PrefixItemsKeyword(name: name, nodes: nodes, absoluteLocation: location)
        case "allOf":
            guard let nodes = schemaList(value, name, place: place) else { return nil }
            return AllOfKeyword(nodes: nodes, absoluteLocation: location)
        case "anyOf":
            guard let nodes = schemaList(value, name, place: place) else { return nil }
            return AnyOfKeyword(nodes: nodes, absoluteLocation: location)
        case "oneOf":
            guard let nodes = schemaList(value, name, place: place) else { return nil }
            return OneOfKeyword(nodes: nodes, absoluteLocation: location)
        case "not":
            return NotKeyword(node: self.node(value, place.child(name)), absoluteLocation: location)
        case "dependentRequired":
            guard let map = value.objectValue else { return invalid("an object of string arrays") }
            return DependentRequiredKeyword(name: name, entries: map.members.map { ($0.key, $0.value.arrayValue?.compactMap(\.stringValue) ?? []) }, absoluteLocation: location)
        case "dependentSchemas":
            guard let map = value.objectValue else { return invalid("an object of schemas") }
            return DependentSchemasKeyword(name: name, entries: map.members.map { ($0.key, self.node($0.value, place.child(name, $0.key))) }, absoluteLocation: location)
        case "dependencies":
            guard let map = value.objectValue else { return invalid("an object") }
            var requiredEntries: [(String, [String])] = []
            var schemaEntries: [(String, SchemaNode)] = []
            for member in map {
                if let list = member.value.arrayValue {
                    requiredEntries.append((member.key, list.compactMap(\.stringValue)))
                } else {
                    schemaEntries.append((member.key, self.node(member.value, place.child(name, member.key))))
                }
            }
            if schemaEntries.isEmpty { return DependentRequiredKeyword(name: name, entries: requiredEntries, absoluteLocation: location) }
            if requiredEntries.isEmpty { return DependentSchemasKeyword(name: name, entries: schemaEntries, absoluteLocation: location) }
            return AllOfDependencies(required: DependentRequiredKeyword(name: name, entries: requiredEntries, absoluteLocation: location),
                                     schemas: DependentSchemasKeyword(name: name, entries: schemaEntries, absoluteLocation: location))
        case "unevaluatedProperties":
            usesUnevaluated = true
            return UnevaluatedPropertiesKeyword(node: self.node(value, place.child(name)), absoluteLocation: location)
        case "unevaluatedItems":
            usesUnevaluated = true
            return UnevaluatedItemsKeyword(node: self.node(value, place.child(name)), absoluteLocation: location)
        default:
            return nil
        }
    }

    /// `discriminator` next to `oneOf`/`anyOf`: maps each property value to the one branch to validate.
    func discriminatorKeyword(_ value: JSONValue, object: JSONObject, node: SchemaNode, place: SchemaPlace) -> (keyword: CompiledKeyword, replaces: String)? {
        // Swagger 2.0 writes the property name alone: `discriminator: petType`.
        guard let propertyName = value["propertyName"]?.stringValue ?? value.stringValue else { return nil }
        let combinator = object["oneOf"] != nil ? "oneOf" : (object["anyOf"] != nil ? "anyOf" : nil)
        guard let combinator else {
            return (inheritanceDiscriminator(value, propertyName: propertyName, node: node, place: place), "")
        }
        guard let branches = object[combinator]?.arrayValue,
              let nodes = schemaList(JSONValue(.array(branches)), combinator, place: place) else { return nil }
        var mapping: [String: SchemaNode] = [:]
        for (index, branch) in branches.enumerated() {
            guard let reference = branch["$ref"]?.stringValue else { continue }
            let schemaName = reference.split(separator: "/").last.map(String.init) ?? reference
            mapping[schemaName] = nodes[index]
        }
        for member in value["mapping"]?.objectValue ?? JSONObject() {
            guard let target = member.value.stringValue else { continue }
            let reference = DiscriminatorMapping.reference(for: target)
            if let (targetPlace, targetValue) = resolve(reference, from: place, at: member.value.location) {
                mapping[member.key] = self.node(targetValue, targetPlace)
            } else {
                report("ref-missing-target", "discriminator mapping \(Describe.quoted(member.key)) target \(abbreviated(target, limit: 120)) could not be resolved",
                       at: member.value.location, place: place)
            }
        }
        let location = keywordLocation(node, combinator)
        let fallback: CompiledKeyword = combinator == "oneOf" ? OneOfKeyword(nodes: nodes, absoluteLocation: location)
                                                          : AnyOfKeyword(nodes: nodes, absoluteLocation: location)
        return (DiscriminatorKeyword(propertyName: propertyName, mapping: mapping, fallback: fallback,
                                     absoluteLocation: keywordLocation(node, "discriminator")), combinator)
    }
}

extension SchemaCompiler {
    /// A discriminator on a base schema: maps values to the component schemas that extend it through `allOf`.
    func inheritanceDiscriminator(_ value: JSONValue, propertyName: String, node: SchemaNode, place: SchemaPlace) -> CompiledKeyword {
        var ownName: String?
        var mapping: [String: SchemaNode] = [:]
        // The schemas that extend this one live next to it: `#/components/schemas` (3.x) or `#/definitions` (2.0).
        let pointer = place.pointer
        let container = Array(pointer.dropLast())
        if container == ["components", "schemas"] || container == ["definitions"], let ownKey = pointer.last,
           let root = registry.documents[place.documentKey],
           let schemas = JSONPointer(tokens: container).evaluate(in: root)?.objectValue {
            ownName = ownKey
            let ownReference = "#" + JSONPointer(tokens: pointer).description
            for member in schemas where member.key != ownKey {
                let extendsBase = member.value["allOf"]?.arrayValue?.contains { $0["$ref"]?.stringValue == ownReference } ?? false
                if extendsBase {
                    mapping[member.key] = self.node(member.value, SchemaPlace(
                        documentKey: place.documentKey, path: .from(container + [member.key]), baseURI: place.documentKey,
                        resourceURI: place.documentKey, resourceDepth: 0, dialect: place.dialect))
                }
            }
        }
        for member in value["mapping"]?.objectValue ?? JSONObject() {
            guard let target = member.value.stringValue else { continue }
            let reference = target.contains("/") || target.contains("#") ? target : "#/components/schemas/" + JSONPointer.escape(target)
            if let (targetPlace, targetValue) = resolve(reference, from: place, at: member.value.location) {
                let targetNode = self.node(targetValue, targetPlace)
                if targetNode !== node { mapping[member.key] = targetNode }
            } else {
                report("ref-missing-target", "discriminator mapping \(Describe.quoted(member.key)) target \(abbreviated(target, limit: 120)) could not be resolved",
                       at: member.value.location, place: place)
            }
        }
        return DiscriminatorInheritanceKeyword(propertyName: propertyName, ownName: ownName, mapping: mapping,
                                               absoluteLocation: keywordLocation(node, "discriminator"))
    }
}
