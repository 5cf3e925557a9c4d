import Documents
import Schemas

/// A value that breaks one constraint of its schema, with what it breaks.
struct InvalidValue {
    var value: JSONValue
    /// The keyword broken (`type`, `minLength`, `required`, ...), prefixed by the JSON pointer when nested.
    var reason: String
}

/// Generates values that break exactly one constraint each: wrong type, out of range, too short or
/// long, pattern or format broken, a required property missing, an undeclared property where
/// `additionalProperties` is false. Nested properties are broken inside an otherwise valid object.
struct InvalidValues {
    let flattener: SchemaFlattener
    let valid: ValidValues
    static let maximumDepth = 4

    /// Clearly malformed samples for formats that validators assert.
    static let brokenFormats: [String: String] = [
        "date": "2026-13-45", "date-time": "yesterday at noon", "time": "25:61", "email": "not-an-email",
        "idn-email": "not-an-email", "uuid": "not-a-uuid", "uri": "no scheme here", "ipv4": "999.1.1.1",
        "ipv6": "12345::zz", "hostname": "-bad-.example-", "duration": "1 day", "byte": "%%%",
        "json-pointer": "no-slash", "regex": "(unclosed",
    ]

    func values(_ flat: FlatSchema, random: inout SeededRandom, depth: Int = 0) -> [InvalidValue] {
        guard depth < Self.maximumDepth, flat.understood else { return [] }
        var results: [InvalidValue] = []
        func add(_ value: JSONValue, _ reason: String) {
            if !results.contains(where: { $0.value == value }) { results.append(InvalidValue(value: value, reason: reason)) }
        }
        let type = flat.primaryType
        if flat.types != nil || flat.enumValues == nil {
            for wrong in wrongTypeValues(for: type, allowsNull: flat.allowsNull) { add(wrong, "type") }
        }
        if let values = flat.enumValues, values.allSatisfy({ $0.stringValue != nil }) { add(.string("zz-not-in-enum"), "enum") }
        if let constant = flat.constValue, constant.stringValue != nil { add(.string("zz-not-the-const"), "const") }
        if flat.enumValues != nil || flat.constValue != nil { return results }
        switch type {
        case "string":
            if let minimum = flat.minLength, minimum > 0, minimum <= ValidValues.maximumGeneratedLength { add(.string(ValidValues.text(length: minimum - 1, random: &random)), "minLength") }
            if let maximum = flat.maxLength, maximum < 10_000 { add(.string(ValidValues.text(length: maximum + 1, random: &random)), "maxLength") }
            if !flat.patterns.isEmpty { add(.string("~~not~matching~~"), "pattern") }
            if let format = flat.format, let broken = Self.brokenFormats[format] { add(.string(broken), "format") }
        case "integer", "number":
            if let minimum = flat.minimum, abs(minimum) < 9e15 { add(number(flat.exclusiveMinimum ? minimum : minimum - 1), flat.exclusiveMinimum ? "exclusiveMinimum" : "minimum") }
            if let maximum = flat.maximum, abs(maximum) < 9e15 { add(number(flat.exclusiveMaximum ? maximum : maximum + 1), flat.exclusiveMaximum ? "exclusiveMaximum" : "maximum") }
            if type == "integer" { add(.number(JSONNumber(text: "1.5")), "type") }
            if let multiple = flat.multipleOf, multiple >= 1, multiple < 9e15, abs(flat.minimum ?? 0) < 9e15 {
                let base = flat.minimum.map { ($0 / multiple).rounded(.up) * multiple } ?? multiple
                add(number(base + multiple / 2), "multipleOf")
            }
        case "array":
            arrayValues(flat, random: &random, depth: depth, add: add)
        case "object":
            objectValues(flat, random: &random, depth: depth, add: add)
        default:
            break
        }
        return results
    }

    private func number(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 9e15 ? .integer(Int(value)) : .number(JSONNumber(value))
    }

    private func wrongTypeValues(for type: String, allowsNull: Bool) -> [JSONValue] {
        var values: [JSONValue]
        switch type {
        case "string": values = [.integer(12345), .object([("a", .integer(1))])]
        case "integer", "number": values = [.string("not-a-number"), .bool(true)]
        case "boolean": values = [.string("maybe"), .integer(2)]
        case "array": values = [.object([("a", .integer(1))]), .string("not-an-array")]
        case "object": values = [.string("not-an-object"), .array([.integer(1)])]
        default: values = []
        }
        if !allowsNull, type != "null" { values.append(.null) }
        return values
    }

    private func arrayValues(_ flat: FlatSchema, random: inout SeededRandom, depth: Int, add: (JSONValue, String) -> Void) {
        var itemFlat = FlatSchema()
        for item in flat.items { flattener.merge(item, into: &itemFlat, depth: 0) }
        let items = flat.items.isEmpty ? [JSONValue.string("abc")] : valid.values(itemFlat, random: &random, depth: depth + 1)
        guard let item = items.first else { return }
        if let minimum = flat.minItems, minimum > 0, minimum <= ValidValues.maximumGeneratedItems { add(.array(Array(repeating: item, count: minimum - 1)), "minItems") }
        if let maximum = flat.maxItems, maximum < 1000 {
            var many: [JSONValue] = []
            for index in 0...maximum { many.append(flat.uniqueItems ? (items.count > index ? items[index] : .integer(index)) : item) }
            add(.array(many), "maxItems")
        }
        if flat.uniqueItems { add(.array([item, item]), "uniqueItems") }
        if !flat.items.isEmpty, (flat.minItems ?? 0) <= ValidValues.maximumGeneratedItems {
            let baseCount = max(flat.minItems ?? 1, 1)
            for broken in values(itemFlat, random: &random, depth: depth + 1).prefix(6) {
                var array = Array(repeating: item, count: baseCount)
                array[0] = broken.value
                add(.array(array), "/0 " + broken.reason)
            }
        }
    }

    private func objectValues(_ flat: FlatSchema, random: inout SeededRandom, depth: Int, add: (JSONValue, String) -> Void) {
        guard let base = valid.values(flat, random: &random, depth: depth).first(where: { $0.objectValue != nil }),
              let object = base.objectValue else { return }
        for name in flat.required where object[name] != nil {
            add(.object(object.members.filter { $0.key != name }.map { ($0.key, $0.value) }), "required " + name)
        }
        if case .some(.none) = flat.additionalProperties {
            add(.object(object.members.map { ($0.key, $0.value) } + [("zzUndeclared", .string("x"))]), "additionalProperties")
        }
        for property in flat.properties {
            var propertyFlat = FlatSchema()
            for part in property.parts { flattener.merge(part, into: &propertyFlat, depth: 0) }
            if propertyFlat.readOnly { continue }
            for broken in values(propertyFlat, random: &random, depth: depth + 1).prefix(6) {
                var members = object.members.map { ($0.key, $0.value) }
                if let index = members.firstIndex(where: { $0.0 == property.name }) {
                    members[index].1 = broken.value
                } else {
                    members.append((property.name, broken.value))
                }
                add(.object(members), "/" + property.name + " " + broken.reason)
            }
        }
    }
}
