import Documents
import OpenAPIModel
import Schemas

/// Deterministic sample data from a schema: `const`, `default`, `examples`/`example`, `enum`, then the type
/// (with formats, bounds, lengths, required properties and array sizes). `$ref`s are followed across the
/// spec's files; recursion and depth are bounded.
struct SampleGenerator {
    /// Parsed roots of the spec's files, for `$ref`.
    let documents: [String: JSONValue]
    var seed: UInt64
    private let maximumDepth = 12
    /// Values left to generate for one sample: nested `minItems` cannot multiply without bound.
    private var budget = 0
    /// Characters left for padding strings to `minLength` in one sample.
    private var characterBudget = 0

    init(documents: [String: JSONValue], seed: UInt64) {
        self.documents = documents
        self.seed = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    mutating func sample(_ source: SchemaSource) -> JSONValue {
        budget = 10_000
        characterBudget = 1 << 20
        return sample(source.value, file: source.file, depth: 0, refs: [])
    }

    /// xorshift: the same seed gives the same data.
    private mutating func next() -> UInt64 {
        seed ^= seed << 13
        seed ^= seed >> 7
        seed ^= seed << 17
        return seed
    }

    private func resolve(_ reference: String, file: String) -> (JSONValue, String)? {
        let (target, fragment) = splitReference(reference)
        var targetFile = file
        if !target.isEmpty {
            if documents[target] != nil { targetFile = target }
            else if let slash = file.lastIndex(of: "/") { targetFile = String(file[...slash]) + target }
            else { targetFile = target }
        }
        guard let root = documents[targetFile], let pointer = JSONPointer(fragment: fragment.isEmpty ? "" : fragment) else { return nil }
        return pointer.evaluate(in: root).map { ($0, targetFile) }
    }

    private mutating func sample(_ schema: JSONValue, file: String, depth: Int, refs: Set<String>) -> JSONValue {
        guard depth < maximumDepth, budget > 0, let object = schema.objectValue else { return .null }
        budget -= 1
        if let reference = object["$ref"]?.stringValue {
            let key = file + "|" + reference
            guard !refs.contains(key), let (target, targetFile) = resolve(reference, file: file) else { return .null }
            return sample(target, file: targetFile, depth: depth + 1, refs: refs.union([key]))
        }
        if let constant = object["const"] { return constant }
        if let value = object["default"] { return value }
        if let first = object["examples"]?.arrayValue?.first { return first }
        if let example = object["example"] { return example }
        if let first = object["enum"]?.arrayValue?.first { return first }
        if object["allOf"]?.arrayValue != nil {
            return sampleAllOf(object, file: file, depth: depth, refs: refs)
        }
        for keyword in ["oneOf", "anyOf"] {
            if let first = object[keyword]?.arrayValue?.first { return sample(first, file: file, depth: depth + 1, refs: refs) }
        }
        var type = object["type"]?.stringValue
        if type == nil, let types = object["type"]?.arrayValue { type = types.compactMap(\.stringValue).first { $0 != "null" } }
        if type == nil {
            if object["properties"] != nil || object["required"] != nil { type = "object" }
            else if object["items"] != nil { type = "array" }
        }
        switch type {
        case "object": return sampleObject(object, file: file, depth: depth, refs: refs)
        case "array":
            let minimum = object["minItems"]?.intValue ?? 1
            let maximum = object["maxItems"]?.intValue ?? max(minimum, 1)
            // At least minItems (capped: a hostile spec must not make the mock allocate without bound).
            let count = min(max(minimum, min(1, maximum)), 1_000)
            guard let items = object["items"] else { return .array([]) }
            var values: [JSONValue] = []
            for _ in 0..<count where budget > 0 { values.append(sample(items, file: file, depth: depth + 1, refs: refs)) }
            return .array(values)
        case "integer": return .integer(sampleInteger(object))
        case "number": return .number(JSONNumber(Double(sampleInteger(object))))
        case "boolean": return .bool(next() & 1 == 0)
        case "null": return .null
        case "string": return .string(sampleString(object))
        default: return .object([])
        }
    }

    /// One object schema's parts as the generator reads them: its properties (each with the file it is written in)
    /// and required names.
    private struct ObjectParts {
        var properties: [(name: String, schemas: [(JSONValue, String)])] = []
        var required: Set<String> = []

        mutating func add(_ name: String, _ schema: JSONValue, file: String) {
            if let index = properties.firstIndex(where: { $0.name == name }) {
                properties[index].schemas.append((schema, file))
            } else {
                properties.append((name, [(schema, file)]))
            }
        }
    }

    /// The properties and required names of `object` and of every `allOf` part under it (`$ref`s followed).
    private func collectParts(_ object: JSONObject, file: String, into parts: inout ObjectParts, refs: Set<String>, depth: Int) {
        guard depth < maximumDepth else { return }
        for name in object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] { parts.required.insert(name) }
        for property in object["properties"]?.objectValue ?? JSONObject() { parts.add(property.key, property.value, file: file) }
        for part in object["allOf"]?.arrayValue ?? [] {
            guard let (resolved, resolvedFile, seen) = followed(part, file: file, refs: refs), let partObject = resolved.objectValue else { continue }
            collectParts(partObject, file: resolvedFile, into: &parts, refs: seen, depth: depth + 1)
        }
    }

    /// `schema` with its `$ref`s followed (nil for a cycle or a missing target).
    private func followed(_ schema: JSONValue, file: String, refs: Set<String>) -> (JSONValue, String, Set<String>)? {
        var current = (schema, file, refs)
        while let reference = current.0.objectValue?["$ref"]?.stringValue {
            let key = current.1 + "|" + reference
            guard !current.2.contains(key), let (target, targetFile) = resolve(reference, file: current.1) else { return nil }
            current = (target, targetFile, current.2.union([key]))
        }
        return current
    }

    /// `allOf`: one value satisfying every part. A `const` or `enum` of any part decides a scalar; objects are
    /// generated from the parts' properties together (for each property the most constrained schema: a `const`,
    /// then an `enum`, then the first), so `{kind: string}` in a base and `{kind: {const: Person}}` in the
    /// subtype give `"Person"` (taking the base's sample first broke discriminators).
    private mutating func sampleAllOf(_ object: JSONObject, file: String, depth: Int, refs: Set<String>) -> JSONValue {
        var parts = ObjectParts()
        collectParts(object, file: file, into: &parts, refs: refs, depth: depth)
        var scalarParts: [(JSONValue, String)] = []
        for part in object["allOf"]?.arrayValue ?? [] {
            guard let (resolved, resolvedFile, _) = followed(part, file: file, refs: refs), let partObject = resolved.objectValue else { continue }
            if let constant = partObject["const"] { return constant }
            if partObject["enum"] != nil { scalarParts.insert((resolved, resolvedFile), at: 0) } else { scalarParts.append((resolved, resolvedFile)) }
        }
        if parts.properties.isEmpty && parts.required.isEmpty, let (first, firstFile) = scalarParts.first(where: { Self.isScalar($0.0) }) {
            return sample(first, file: firstFile, depth: depth + 1, refs: refs)
        }
        return sampleObject(parts, file: file, depth: depth, refs: refs)
    }

    private static func isScalar(_ schema: JSONValue) -> Bool {
        guard let object = schema.objectValue else { return false }
        if object["enum"] != nil || object["const"] != nil { return true }
        let type = object["type"]?.stringValue ?? ""
        return ["string", "integer", "number", "boolean", "null"].contains(type)
    }

    private mutating func sampleObject(_ object: JSONObject, file: String, depth: Int, refs: Set<String>) -> JSONValue {
        var parts = ObjectParts()
        for name in object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] { parts.required.insert(name) }
        for property in object["properties"]?.objectValue ?? JSONObject() { parts.add(property.key, property.value, file: file) }
        return sampleObject(parts, file: file, depth: depth, refs: refs)
    }

    /// The mock answers with these samples: `writeOnly` properties never appear in a response (even required ones:
    /// OpenAPI says `required` then applies to requests only); `readOnly` ones do.
    private mutating func sampleObject(_ parts: ObjectParts, file: String, depth: Int, refs: Set<String>) -> JSONValue {
        var members: [(String, JSONValue)] = []
        var writeOnly: Set<String> = []
        for property in parts.properties {
            let schemas = property.schemas.map { schema -> (JSONValue, String) in
                guard let (resolved, resolvedFile, _) = followed(schema.0, file: schema.1, refs: refs) else { return schema }
                return (resolved, resolvedFile)
            }
            if schemas.contains(where: { $0.0["writeOnly"]?.boolValue == true }) {
                writeOnly.insert(property.name)
                continue
            }
            // Required properties always; optional ones while shallow, so samples stay small.
            guard parts.required.contains(property.name) || depth < 2 else { continue }
            guard let chosen = schemas.first(where: { $0.0["const"] != nil }) ?? schemas.first(where: { $0.0["enum"] != nil }) ?? schemas.first else { continue }
            members.append((property.name, sample(chosen.0, file: chosen.1, depth: depth + 1, refs: refs)))
        }
        for name in parts.required.sorted() where !writeOnly.contains(name) && !members.contains(where: { $0.0 == name }) {
            members.append((name, .string("string")))
        }
        return .object(members)
    }

    private mutating func sampleInteger(_ object: JSONObject) -> Int {
        var low = object["minimum"]?.numberValue?.double ?? 1
        var high = object["maximum"]?.numberValue?.double ?? max(low, 1) + 99
        if let exclusive = object["exclusiveMinimum"]?.numberValue?.double { low = exclusive + 1 }
        else if object["exclusiveMinimum"]?.boolValue == true { low += 1 }
        if let exclusive = object["exclusiveMaximum"]?.numberValue?.double { high = exclusive - 1 }
        else if object["exclusiveMaximum"]?.boolValue == true { high -= 1 }
        let lowInt = Int(max(-1e15, low.rounded(.up))), highInt = Int(min(1e15, high.rounded(.down)))
        guard highInt > lowInt else { return lowInt }
        var value = lowInt + Int(next() % UInt64(min(highInt - lowInt + 1, 1_000)))
        if let step = object["multipleOf"]?.numberValue?.int64, step > 0 {
            value = (value / Int(step)) * Int(step)
            if value < lowInt { value += Int(step) }
        }
        return value
    }

    private mutating func sampleString(_ object: JSONObject) -> String {
        let minimum = object["minLength"]?.intValue ?? 0
        let maximum = max(0, object["maxLength"]?.intValue ?? Int.max)
        // A string matching `pattern` (the subset PatternStrings understands), when it fits the lengths.
        if object["format"] == nil, let pattern = object["pattern"]?.stringValue, let generator = PatternStrings(pattern) {
            var random = SeededRandom(seed: next())
            for stretch in 0...1 {
                let text = generator.generate(stretch: stretch, random: &random)
                let count = text.unicodeScalars.count
                if count >= minimum, count <= maximum { return text }
            }
        }
        let text: String
        switch object["format"]?.stringValue {
        case "date": text = "2024-01-\(10 + Int(next() % 18))"
        case "date-time": text = "2024-01-\(10 + Int(next() % 18))T12:00:00Z"
        case "time": text = "12:00:00Z"
        case "email": text = "user\(next() % 1000)@example.com"
        case "uuid": text = "123e4567-e89b-42d3-a456-\(String(100_000_000_000 + Int(next() % 899_999_999_999)))"
        case "uri", "url": text = "https://example.com/resource/\(next() % 1000)"
        case "hostname": text = "host\(next() % 100).example.com"
        case "ipv4": text = "192.0.2.\(1 + next() % 254)"
        case "ipv6": text = "2001:db8::\(1 + next() % 254)"
        case "byte": text = "c3BlY2d1YXJk"
        default: text = "string"
        }
        var result = text
        let length = result.count
        if length < minimum {
            let padding = min(minimum - length, characterBudget)
            characterBudget -= padding
            result += String(repeating: "x", count: padding)
        }
        if length > maximum { result = String(result.prefix(maximum)) }
        return result
    }
}
