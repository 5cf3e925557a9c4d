import Documents
import OpenAPIModel

/// A schema with its `$ref`s followed and its `allOf` merged into one set of constraints,
/// which is the shape a generator needs (`oneOf` / `anyOf` stay as branch groups).
struct FlatSchema {
    var types: [String]?
    var nullable = false
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var properties: [(name: String, parts: [SchemaRef])] = []
    var required: [String] = []
    /// nil: anything allowed; `.some(nil)`: `false`; `.some(ref)`: members must match `ref`.
    var additionalProperties: SchemaRef??
    var minProperties: Int?
    var minLength: Int?
    var maxLength: Int?
    var patterns: [String] = []
    var format: String?
    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum = false
    var exclusiveMaximum = false
    var multipleOf: Double?
    var items: [SchemaRef] = []
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    /// Each group: pick exactly one (`oneOf`) or at least one (`anyOf`) branch.
    var branchGroups: [[SchemaRef]] = []
    var readOnly = false
    var writeOnly = false
    /// `example`, `examples` and `default` values, in that order.
    var examples: [JSONValue] = []
    /// False when something could not be resolved or understood (the generator then trusts examples only).
    var understood = true

    /// The main type the generator produces: the first declared, else guessed from the keywords present.
    var primaryType: String {
        if let types, let first = types.first(where: { $0 != "null" }) { return first }
        if let types, types == ["null"] { return "null" }
        if !properties.isEmpty || additionalProperties != nil || !required.isEmpty { return "object" }
        if !items.isEmpty || minItems != nil || maxItems != nil { return "array" }
        if minimum != nil || maximum != nil || multipleOf != nil { return "number" }
        return "string"
    }

    /// True when the schema accepts `null`.
    var allowsNull: Bool {
        nullable || (types?.contains("null") ?? false)
    }

    func isRequired(_ name: String) -> Bool { required.contains(name) }
}

/// A schema value and the file its `$ref`s resolve against.
struct SchemaRef {
    var value: JSONValue
    var file: String
}

/// Flattens schemas of one document (references resolve through its parsed source files).
struct SchemaFlattener: Sendable {
    let documents: [String: JSONValue]
    let mainFile: String
    /// References followed deeper than this are treated as unknown (guards reference cycles).
    static let maximumDepth = 24

    init(document: OpenAPIDocument) {
        self.documents = document.sourceDocuments
        self.mainFile = document.file
    }

    func flatten(_ source: SchemaSource) -> FlatSchema {
        flatten(SchemaRef(value: source.value, file: source.file), depth: 0)
    }

    func flatten(_ ref: SchemaRef, depth: Int) -> FlatSchema {
        var flat = FlatSchema()
        merge(ref, into: &flat, depth: depth)
        return flat
    }

    /// Follows a `$ref` to its target (nil when it cannot be resolved).
    func resolve(_ reference: String, from file: String) -> SchemaRef? {
        let hash = reference.firstIndex(of: "#") ?? reference.endIndex
        let filePart = String(reference[..<hash])
        let fragment = hash < reference.endIndex ? String(reference[reference.index(after: hash)...]) : ""
        let targetFile = filePart.isEmpty ? file : FileSystem.resolve(filePart, relativeTo: file)
        guard let root = documents[targetFile] ?? documents[FileSystem.normalize(targetFile)] else { return nil }
        guard let pointer = JSONPointer(fragment: fragment), let value = pointer.evaluate(in: root) else { return nil }
        return SchemaRef(value: value, file: targetFile)
    }

    func merge(_ ref: SchemaRef, into flat: inout FlatSchema, depth: Int) {
        guard depth < Self.maximumDepth else { flat.understood = false; return }
        if let boolean = ref.value.boolValue {
            if !boolean { flat.understood = false }
            return
        }
        guard let object = ref.value.objectValue else { return }
        if let reference = object["$ref"]?.stringValue {
            if let target = resolve(reference, from: ref.file) {
                merge(target, into: &flat, depth: depth + 1)
            } else {
                flat.understood = false
            }
        }
        if let type = object["type"] {
            let names = type.stringValue.map { [$0] } ?? type.arrayValue?.compactMap(\.stringValue) ?? []
            if let existing = flat.types {
                var common = existing.filter { names.contains($0) || ($0 == "integer" && names.contains("number")) }
                if common.isEmpty, existing.contains("number"), names.contains("integer") { common = ["integer"] }
                flat.types = common
            } else {
                flat.types = names
            }
        }
        if object["nullable"]?.boolValue == true { flat.nullable = true }
        if let values = object["enum"]?.arrayValue { flat.enumValues = flat.enumValues.map { old in old.filter { values.contains($0) } } ?? values }
        if let value = object["const"] { flat.constValue = value }
        if let properties = object["properties"]?.objectValue {
            for member in properties {
                let part = SchemaRef(value: member.value, file: ref.file)
                if let index = flat.properties.firstIndex(where: { $0.name == member.key }) {
                    flat.properties[index].parts.append(part)
                } else {
                    flat.properties.append((member.key, [part]))
                }
            }
        }
        for name in object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !flat.required.contains(name) {
            flat.required.append(name)
        }
        if let additional = object["additionalProperties"] {
            if additional.boolValue == false { flat.additionalProperties = .some(nil) } else if additional.boolValue == nil {
                flat.additionalProperties = .some(SchemaRef(value: additional, file: ref.file))
            }
        }
        if let value = object["unevaluatedProperties"], value.boolValue == false, flat.additionalProperties == nil {
            flat.additionalProperties = .some(nil)
        }
        tighten(&flat.minProperties, object["minProperties"]?.intValue, larger: true)
        tighten(&flat.minLength, object["minLength"]?.intValue, larger: true)
        tighten(&flat.maxLength, object["maxLength"]?.intValue, larger: false)
        tighten(&flat.minItems, object["minItems"]?.intValue, larger: true)
        tighten(&flat.maxItems, object["maxItems"]?.intValue, larger: false)
        if let pattern = object["pattern"]?.stringValue { flat.patterns.append(pattern) }
        if let format = object["format"]?.stringValue, flat.format == nil { flat.format = format }
        mergeNumericBounds(object, into: &flat)
        if let items = object["items"], items.arrayValue == nil { flat.items.append(SchemaRef(value: items, file: ref.file)) }
        if object["uniqueItems"]?.boolValue == true { flat.uniqueItems = true }
        for keyword in ["oneOf", "anyOf"] {
            if let branches = object[keyword]?.arrayValue, !branches.isEmpty {
                flat.branchGroups.append(branches.map { SchemaRef(value: $0, file: ref.file) })
            }
        }
        for part in object["allOf"]?.arrayValue ?? [] {
            merge(SchemaRef(value: part, file: ref.file), into: &flat, depth: depth + 1)
        }
        if object["readOnly"]?.boolValue == true { flat.readOnly = true }
        if object["writeOnly"]?.boolValue == true { flat.writeOnly = true }
        if let example = object["example"] { flat.examples.append(example) }
        flat.examples += object["examples"]?.arrayValue ?? []
        if let value = object["default"] { flat.examples.append(value) }
        if object["not"] != nil || object["if"] != nil || object["dependentSchemas"] != nil { flat.understood = flat.understood && true }
    }

    private func mergeNumericBounds(_ object: JSONObject, into flat: inout FlatSchema) {
        if let value = object["minimum"]?.numberValue?.double, value > (flat.minimum ?? -.infinity) {
            flat.minimum = value
            flat.exclusiveMinimum = object["exclusiveMinimum"]?.boolValue == true
        }
        if let value = object["maximum"]?.numberValue?.double, value < (flat.maximum ?? .infinity) {
            flat.maximum = value
            flat.exclusiveMaximum = object["exclusiveMaximum"]?.boolValue == true
        }
        if let value = object["exclusiveMinimum"]?.numberValue?.double, value >= (flat.minimum ?? -.infinity) {
            flat.minimum = value
            flat.exclusiveMinimum = true
        }
        if let value = object["exclusiveMaximum"]?.numberValue?.double, value <= (flat.maximum ?? .infinity) {
            flat.maximum = value
            flat.exclusiveMaximum = true
        }
        if let value = object["multipleOf"]?.numberValue?.double, value > 0 { flat.multipleOf = value }
    }

    private func tighten(_ current: inout Int?, _ new: Int?, larger: Bool) {
        guard let new else { return }
        if let old = current { current = larger ? max(old, new) : min(old, new) } else { current = new }
    }
}
