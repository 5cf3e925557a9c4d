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
        // Whether any length, count or `multipleOf` keyword is there (the integer and number keywords of the table,
        // and the two `contains` counts): most schemas have none, and `checkNonNegative` then looks up nine absent keys.
        var hasBounds = false
        for member in object.members {
            guard let expected = Self.keywordTypes[member.key] else {
                if member.key == "minContains" || member.key == "maxContains" { hasBounds = true }
                continue
            }
            switch expected {
            case .integer, .number: hasBounds = true
            default: break
            }
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
        checkTypeNames(object)
        if hasBounds { checkNonNegative(object) }
    }

    /// The names `type` may take: JSON Schema's, with `null` only where schemas are JSON Schema (3.1+; 2.0's
    /// draft-04 base also has it, 3.0 uses `nullable`).
    static let typeNames: Set<String> = ["string", "number", "integer", "boolean", "array", "object", "null"]

    /// `structure-type` for `type` values that are not type names (`strin`, `int`, `nul`), and for lists of
    /// them that repeat a name or are empty (3.1+ and 2.0).
    private func checkTypeNames(_ object: JSONObject) {
        guard let type = object["type"] else { return }
        let allowsNull = walker.version != .v30
        func bad(_ name: String) -> Bool { !Self.typeNames.contains(name) || (name == "null" && !allowsNull) }
        walker.tokens.append("type")
        defer { walker.tokens.removeLast() }
        if let name = type.stringValue, bad(name) {
            let hint = name == "null" ? " (use `nullable: true` in OpenAPI 3.0)" : ""
            walker.report("structure-type", "`\(abbreviated(name))` is not a type: use one of \(typeList(allowsNull))\(hint)", at: type.location)
        } else if let names = type.arrayValue, walker.version != .v30 {
            if names.isEmpty { walker.report("structure-type", "`type` lists no type", at: type.location) }
            var seen: Set<String> = []
            for item in names {
                guard let name = item.stringValue else {
                    walker.report("structure-type", "`type` list items must be strings, found \(item.typeName)", at: item.location)
                    continue
                }
                if bad(name) {
                    walker.report("structure-type", "`\(abbreviated(name))` is not a type: use one of \(typeList(allowsNull))", at: item.location)
                } else if !seen.insert(name).inserted {
                    walker.report("structure-type", "`type` lists `\(name)` twice", at: item.location)
                }
            }
        }
    }

    private func typeList(_ allowsNull: Bool) -> String {
        (allowsNull ? ["string", "number", "integer", "boolean", "array", "object", "null"] : ["string", "number", "integer", "boolean", "array", "object"])
            .joined(separator: ", ")
    }

    static let nonNegativeKeywords = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains"]

    /// `structure-type` for length and count keywords below zero and a `multipleOf` that is not above zero.
    private func checkNonNegative(_ object: JSONObject) {
        for key in Self.nonNegativeKeywords {
            guard let value = object[key], let number = value.numberValue, number.isInteger, number.double < 0 else { continue }
            walker.tokens.append(key)
            walker.report("structure-type", "schema keyword `\(key)` must be a non-negative integer, found \(number.text)", at: value.location)
            walker.tokens.removeLast()
        }
        if let value = object["multipleOf"], let number = value.numberValue, number.double <= 0 {
            walker.tokens.append("multipleOf")
            walker.report("structure-type", "schema keyword `multipleOf` must be greater than 0, found \(number.text)", at: value.location)
            walker.tokens.removeLast()
        }
    }
}
