import Documents
import Schemas

/// Visits every schema node once (in the walk of the document) and runs the schema rules:
/// patterns, enums, discriminators, defaults and examples.
final class SchemaInspector {
    unowned let walker: DocumentWalker

    init(walker: DocumentWalker) {
        self.walker = walker
    }

    private static let singleKeywords = ["additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
                                         "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema"]
    private static let listKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"]
    private static let mapKeywords = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]

    var isModern: Bool { walker.version == .v31 || walker.version == .v32 }

    func visitSchema(_ value: JSONValue, file: String) {
        guard case .object(let object) = value.kind else {
            if value.boolValue == nil || !isModern {
                walker.report("structure-type", "a schema must be \(isModern ? "an object or a boolean" : "an object"), found \(value.typeName)", at: value.location)
            }
            return
        }
        if let ignore = object[SuppressionIndex.extensionName] {
            walker.suppressions.record(ignore, file: file, pointer: walker.pointerText)
        }
        // From 3.1 on a schema's `$id` is the base its `$ref`s (its own included) resolve against.
        let declaresIdentifier = isModern && object["$id"]?.stringValue != nil
        if declaresIdentifier { walker.schemaIdentifierDepth += 1 }
        defer { if declaresIdentifier { walker.schemaIdentifierDepth -= 1 } }
        if let reference = object["$ref"] {
            if let text = reference.stringValue {
                walker.followReference(reference, kind: nil, file: file)
                walker.followSchemaReference(text, at: reference.location, file: file)
                if walker.schemaIdentifierDepth == 0 {
                    walker.schemaReferences.append(SchemaReferenceCheck.Reference(text: text, file: file, location: reference.location,
                                                                                      tokens: walker.tokens))
                }
            } else {
                walker.tokens.append("$ref")
                walker.report("structure-ref-type", "`$ref` must be a string, found \(reference.typeName)", at: reference.location)
                walker.tokens.removeLast()
            }
            if !isModern { return }
        }
        if !isModern { checkLegacyKeywords(object) }
        checkKeywordTypes(object)
        checkPattern(object)
        checkEnum(object)
        if object["discriminator"] != nil { checkDiscriminator(object, file: file) }
        checkValues(object, file: file)
        recurse(object, file: file)
    }

    /// Each subschema keyword's bit: its offset in the order `recurse` visits them (single, `items`, list, map).
    private static let subschemaKeywordBits: [String: UInt32] = {
        var bits: [String: UInt32] = [:]
        for (offset, key) in (singleKeywords + ["items"] + listKeywords + mapKeywords).enumerated() { bits[key] = 1 << UInt32(offset) }
        return bits
    }()
    private static let itemsOffset = singleKeywords.count
    private static let listOffset = itemsOffset + 1
    private static let mapOffset = listOffset + listKeywords.count

    private func recurse(_ object: JSONObject, file: String) {
        // One pass over the members says which subschema keywords are there; most schemas have none or one, and
        // each lookup of an absent keyword would scan every member.
        var present: UInt32 = 0
        for member in object.members { present |= Self.subschemaKeywordBits[member.key] ?? 0 }
        guard present != 0 else { return }
        func has(_ offset: Int) -> Bool { present & (1 << UInt32(offset)) != 0 }
        for (offset, key) in Self.singleKeywords.enumerated() where has(offset) {
            guard let child = object[key] else { continue }
            // Booleans are schemas from 3.1 on; before, only `additionalProperties` takes one.
            if child.boolValue != nil, isModern || key == "additionalProperties" { continue }
            walker.tokens.append(key)
            visitSchema(child, file: file)
            walker.tokens.removeLast()
        }
        if has(Self.itemsOffset), let items = object["items"] {
            walker.tokens.append("items")
            if let list = items.arrayValue {
                if walker.version == .v20 {
                    visitList(list, file: file)
                } else {
                    let hint = isModern ? " (a list of schemas is `prefixItems` in JSON Schema 2020-12)" : ""
                    walker.report("structure-type", "`items` must be a schema, found array\(hint)", at: items.location)
                }
            } else if !(items.boolValue != nil && isModern) {
                visitSchema(items, file: file)
            }
            walker.tokens.removeLast()
        }
        for (offset, key) in Self.listKeywords.enumerated() where has(Self.listOffset + offset) {
            guard let list = object[key]?.arrayValue else { continue }
            walker.tokens.append(key)
            visitList(list, file: file)
            walker.tokens.removeLast()
        }
        for (offset, key) in Self.mapKeywords.enumerated() where has(Self.mapOffset + offset) {
            guard let map = object[key]?.objectValue else { continue }
            walker.tokens.append(key)
            for member in map.members {
                walker.tokens.append(member.key)
                visitSchema(member.value, file: file)
                walker.tokens.removeLast()
            }
            walker.tokens.removeLast()
        }
    }

    private func visitList(_ list: [JSONValue], file: String) {
        for (index, item) in list.enumerated() {
            walker.tokens.append(String(index))
            visitSchema(item, file: file)
            walker.tokens.removeLast()
        }
    }

    // MARK: Rules

    /// `schema-pattern-invalid`: `pattern` compiles as an ECMA-262 regex.
    private func checkPattern(_ object: JSONObject) {
        guard let pattern = object["pattern"], let text = pattern.stringValue, walker.collector.isOn("schema-pattern-invalid") else { return }
        do {
            _ = try ECMARegex.cached(text)
        } catch {
            if error.isUnsupported { return }
            walker.tokens.append("pattern")
            walker.report("schema-pattern-invalid", "pattern `\(abbreviated(text, limit: 60))` does not compile: \(error.message)", at: pattern.location)
            walker.tokens.removeLast()
        }
    }

    /// `enum-duplicate` and `enum-type-mismatch`.
    private func checkEnum(_ object: JSONObject) {
        guard let values = object["enum"]?.arrayValue else { return }
        let types = declaredTypes(object)
        // Short lists (most enums) are compared pairwise: cheaper than hashing every value.
        let usesSet = values.count > 8
        var seen: Set<JSONValue> = []
        walker.tokens.append("enum")
        defer { walker.tokens.removeLast() }
        for (index, value) in values.enumerated() {
            let repeated = usesSet ? !seen.insert(value).inserted : values[..<index].contains(value)
            if repeated {
                walker.tokens.append(String(index))
                walker.report("enum-duplicate", "enum lists \(abbreviated(value.description, limit: 60)) more than once", at: value.location)
                walker.tokens.removeLast()
            }
            if let types, !Self.value(value, hasOneOf: types) {
                walker.tokens.append(String(index))
                walker.report("enum-type-mismatch", "enum value \(abbreviated(value.description, limit: 60)) is not of type \(types.sorted().joined(separator: " or "))", at: value.location)
                walker.tokens.removeLast()
            }
        }
    }

    /// The JSON types `type` allows (with `null` when `nullable: true`); nil when `type` is absent.
    private func declaredTypes(_ object: JSONObject) -> Set<String>? {
        var types: Set<String>
        if let single = object["type"]?.stringValue {
            types = [single]
        } else if let list = object["type"]?.arrayValue {
            types = Set(list.compactMap(\.stringValue))
        } else {
            return nil
        }
        if object["nullable"]?.boolValue == true || object["x-nullable"]?.boolValue == true { types.insert("null") }
        return types
    }

    static func value(_ value: JSONValue, hasOneOf types: Set<String>) -> Bool {
        let name = value.typeName
        if types.contains(name) { return true }
        return name == "integer" && types.contains("number")
    }

    /// `schema-default-invalid` and `schema-example-invalid`: values inside a schema validate against it.
    private func checkValues(_ object: JSONObject, file: String) {
        if !isModern && object["$ref"] != nil { return }
        if let value = object["default"], walker.collector.isOn("schema-default-invalid") {
            walker.checkValue(value, ruleId: "schema-default-invalid", messagePrefix: "default does not match the schema: ",
                              schemaFile: file, schemaTokens: walker.tokens, findingTokens: walker.tokens + ["default"], at: value.location)
        }
        guard walker.collector.isOn("schema-example-invalid") else { return }
        var examples: [(JSONValue, [String])] = []
        if let value = object["example"] { examples.append((value, ["example"])) }
        if isModern, let list = object["examples"]?.arrayValue {
            for (index, value) in list.enumerated() { examples.append((value, ["examples", String(index)])) }
        }
        for (value, tokens) in examples {
            walker.checkValue(value, ruleId: "schema-example-invalid", messagePrefix: "example does not match the schema: ",
                              schemaFile: file, schemaTokens: walker.tokens, findingTokens: walker.tokens + tokens, at: value.location)
        }
    }
}
