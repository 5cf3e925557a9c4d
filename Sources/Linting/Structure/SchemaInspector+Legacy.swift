import Documents

extension SchemaInspector {
    /// The keywords of the OpenAPI 3.0 Schema Object; Swagger 2.0's Schema Object is a subset (without
    /// `nullable`, `writeOnly`, `oneOf`, `anyOf`, `not`, `deprecated`). 3.1+ schemas are JSON Schema 2020-12,
    /// where unknown keywords are allowed.
    static let openAPI30Keywords: Set<String> = [
        "$ref", "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
        "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required",
        "enum", "type", "allOf", "oneOf", "anyOf", "not", "items", "properties", "additionalProperties", "description",
        "format", "default", "nullable", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs", "example",
        "deprecated",
    ]
    static let swagger2Only30Keywords: Set<String> = ["nullable", "writeOnly", "oneOf", "anyOf", "not", "deprecated"]

    /// 3.0 and 2.0 schemas: `structure-unknown-field` for keywords the Schema Object does not have (JSON Schema
    /// keywords of later drafts are the usual slip), and (3.0 only: 2.0 takes `type` from draft-04, which allows
    /// lists) `structure-type` for a list-valued `type`.
    func checkLegacyKeywords(_ object: JSONObject) {
        let isSwagger = walker.version == .v20
        for member in object.members where !member.key.hasPrefix("x-") {
            let known = Self.openAPI30Keywords.contains(member.key) && !(isSwagger && Self.swagger2Only30Keywords.contains(member.key))
            guard !known else { continue }
            walker.tokens.append(member.key)
            let version = isSwagger ? "a Swagger 2.0" : "an OpenAPI 3.0"
            walker.report("structure-unknown-field", "\(version) schema has no keyword `\(abbreviated(member.key))` (prefix extensions with `x-`)", at: member.keyLocation)
            walker.tokens.removeLast()
        }
        if !isSwagger, let type = object["type"], type.stringValue == nil {
            walker.tokens.append("type")
            walker.report("structure-type", "`type` must be a string in OpenAPI 3.0 schemas, found \(type.typeName) (use `nullable: true` for null)", at: type.location)
            walker.tokens.removeLast()
        }
    }
}

extension SchemaInspector {
    /// The JSON type each schema keyword's value must have (every dialect agrees on these).
    static let keywordTypes: [String: FieldType] = [
        "required": .stringList, "properties": .object(.anyMap), "patternProperties": .object(.anyMap),
        "enum": .list(.anyMap), "allOf": .list(.anyMap), "anyOf": .list(.anyMap), "oneOf": .list(.anyMap),
        "pattern": .string, "format": .string, "title": .string, "description": .string,
        "minLength": .integer, "maxLength": .integer, "minItems": .integer, "maxItems": .integer,
        "minProperties": .integer, "maxProperties": .integer, "multipleOf": .number,
        "nullable": .boolean, "readOnly": .boolean, "writeOnly": .boolean, "uniqueItems": .boolean, "deprecated": .boolean,
    ]

    /// `structure-type` for schema keywords whose value has the wrong type (`required: true` on a property is the
    /// classic slip: `required` lists property names on the parent object).
    func checkKeywordTypes(_ object: JSONObject) {
        for member in object.members {
            guard let expected = Self.keywordTypes[member.key] else { continue }
            let value = member.value
            let matches: Bool
            switch expected {
            case .stringList: matches = value.arrayValue.map { $0.allSatisfy { $0.stringValue != nil } } ?? false
            case .object: matches = value.objectValue != nil
            case .list: matches = value.arrayValue != nil
            case .string: matches = value.stringValue != nil
            case .integer: matches = value.numberValue?.isInteger == true
            case .number: matches = value.numberValue != nil
            case .boolean: matches = value.boolValue != nil
            default: matches = true
            }
            guard !matches else { continue }
            walker.tokens.append(member.key)
            var message = "schema keyword `\(member.key)` must be \(expected.expectation), found \(value.typeName)"
            if member.key == "required" && value.boolValue != nil { message += " (list required property names on the parent object)" }
            walker.report("structure-type", message, at: value.location)
            walker.tokens.removeLast()
        }
    }
}
