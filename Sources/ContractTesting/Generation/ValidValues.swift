import Documents
import Schemas

/// Generates values a schema accepts: its examples, boundary values of lengths and ranges, every `enum`
/// value, every `oneOf` branch and sample values for formats. Values are candidates: the case generator
/// keeps only those the exchange validator accepts.
struct ValidValues {
    let flattener: SchemaFlattener
    /// At most this many values per schema (the first ones are the most telling).
    var limit = 10
    static let maximumDepth = 8
    /// Longer strings or arrays than this are not generated (a schema may ask for millions).
    static let maximumGeneratedLength = 100_000
    static let maximumGeneratedItems = 1_000

    /// Sample strings for formats, two per format where useful.
    static let formatSamples: [String: [String]] = [
        "date": ["2026-01-31", "2000-02-29"],
        "date-time": ["2026-01-31T12:30:00Z", "2000-02-29T23:59:59.5+01:00"],
        "time": ["12:30:00Z", "23:59:59+01:00"],
        "email": ["ada@example.com", "b.c@example.org"],
        "idn-email": ["ada@example.com"],
        "uuid": ["2f1c9e7a-4b8d-4c3e-9f1a-6d2b7c8e9f00", "00000000-0000-4000-8000-000000000000"],
        "uri": ["https://example.com/a", "urn:isbn:0451450523"],
        "uri-reference": ["/a/b", "https://example.com/"],
        "iri": ["https://example.com/a"],
        "url": ["https://example.com/a"],
        "ipv4": ["192.0.2.1", "0.0.0.0"],
        "ipv6": ["2001:db8::1", "::1"],
        "hostname": ["example.com", "a-b.example"],
        "idn-hostname": ["example.com"],
        "duration": ["P1D", "PT1H30M"],
        "byte": ["aGVsbG8=", ""],
        "int32": ["1"], "int64": ["1"],
        "regex": ["^a+$"],
        "json-pointer": ["/a/b", ""],
        "password": ["correct-horse-battery"],
    ]

    func values(_ ref: SchemaRef, random: inout SeededRandom, depth: Int = 0) -> [JSONValue] {
        values(flattener.flatten(ref, depth: 0), random: &random, depth: depth)
    }

    func values(_ flat: FlatSchema, random: inout SeededRandom, depth: Int = 0) -> [JSONValue] {
        guard depth < Self.maximumDepth else { return flat.examples.prefix(1).map { $0 } }
        var results: [JSONValue] = []
        func add(_ value: JSONValue) {
            if results.count < limit, !results.contains(value) { results.append(value) }
        }
        for example in flat.examples { add(example) }
        if let constant = flat.constValue { add(constant); return results }
        if let values = flat.enumValues {
            for value in values { add(value) }
            return results
        }
        if let group = flat.branchGroups.first {
            var rest = flat
            rest.branchGroups.removeFirst()
            for branch in group {
                var merged = rest
                flattener.merge(branch, into: &merged, depth: 1)
                merged.examples = []
                for value in values(merged, random: &random, depth: depth + 1).prefix(3) { add(value) }
            }
            return results
        }
        switch flat.primaryType {
        case "string": for value in strings(flat, random: &random) { add(.string(value)) }
        case "integer": for value in numbers(flat, integer: true, random: &random) { add(value) }
        case "number": for value in numbers(flat, integer: false, random: &random) { add(value) }
        case "boolean": add(.bool(true)); add(.bool(false))
        case "null": add(.null)
        case "array": for value in arrays(flat, random: &random, depth: depth) { add(value) }
        case "object": for value in objects(flat, random: &random, depth: depth) { add(value) }
        default: break
        }
        if flat.allowsNull { add(.null) }
        return results
    }

    // MARK: Strings

    func strings(_ flat: FlatSchema, random: inout SeededRandom) -> [String] {
        if let format = flat.format, let samples = Self.formatSamples[format] {
            return samples.filter { fits($0, flat) }
        }
        if let pattern = flat.patterns.first, let generator = PatternStrings(pattern) {
            var found: [String] = []
            for stretch in 0...1 {
                let text = generator.generate(stretch: stretch, random: &random)
                if fits(text, flat), !found.contains(text) { found.append(text) }
            }
            return found
        }
        let minimum = flat.minLength ?? 0
        let maximum = flat.maxLength ?? max(minimum, 12)
        guard minimum <= maximum, minimum <= Self.maximumGeneratedLength else { return [] }
        var lengths = [max(minimum, min(1, maximum)), minimum, min(maximum, max(minimum, 64)), (minimum + min(maximum, 64)) / 2]
        if minimum == 0 { lengths.append(0) }
        var found: [String] = []
        for length in lengths where !found.contains(where: { $0.count == length }) {
            found.append(Self.text(length: length, random: &random))
        }
        return found
    }

    /// Letters and digits only: valid in every parameter style and never mistaken for an injection.
    static func text(length: Int, random: inout SeededRandom) -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var text = ""
        for _ in 0..<max(0, length) { text.append(alphabet[random.below(alphabet.count)]) }
        return text
    }

    private func fits(_ text: String, _ flat: FlatSchema) -> Bool {
        let count = text.unicodeScalars.count
        return count >= (flat.minLength ?? 0) && count <= (flat.maxLength ?? Int.max)
    }

    // MARK: Numbers

    func numbers(_ flat: FlatSchema, integer: Bool, random: inout SeededRandom) -> [JSONValue] {
        let step = integer ? 1.0 : 0.5
        // Bounds beyond ±2^53 (or infinite, from huge literals) are left out: doubles cannot step there.
        let limit = 9.0e15
        var low = flat.minimum.flatMap { abs($0) < limit ? (flat.exclusiveMinimum ? $0 + step : $0) : nil }
        var high = flat.maximum.flatMap { abs($0) < limit ? (flat.exclusiveMaximum ? $0 - step : $0) : nil }
        if integer { low = low.map { $0.rounded(.up) }; high = high.map { $0.rounded(.down) } }
        var candidates: [Double] = []
        if let low { candidates.append(low) }
        if let high { candidates.append(high) }
        let base = low ?? (high.map { min($0, 0) } ?? 0)
        let top = high ?? (base + 1000)
        if top >= base { candidates.append((base + Double(random.below(Int(min(top - base, 1_000_000)) + 1))).rounded(.down)) }
        if low == nil && high == nil { candidates += [0, 1, -1] }
        if !integer, let low, let high, high - low >= 1 { candidates.append(low + 0.5) }
        var results: [JSONValue] = []
        for var value in candidates {
            if let multiple = flat.multipleOf {
                value = (value / multiple).rounded(.up) * multiple
                if let high, value > high { continue }
            }
            guard value.isFinite, low.map({ value >= $0 }) ?? true, high.map({ value <= $0 }) ?? true else { continue }
            let number = JSONValue.number(JSONNumber(value))
            if !results.contains(number) { results.append(number) }
        }
        return results
    }

    // MARK: Arrays

    func arrays(_ flat: FlatSchema, random: inout SeededRandom, depth: Int) -> [JSONValue] {
        let itemValues: [JSONValue]
        if flat.items.isEmpty {
            itemValues = [.string(Self.text(length: 3, random: &random)), .string(Self.text(length: 4, random: &random))]
        } else {
            var itemFlat = FlatSchema()
            for item in flat.items { flattener.merge(item, into: &itemFlat, depth: 0) }
            itemValues = values(itemFlat, random: &random, depth: depth + 1)
        }
        let minimum = flat.minItems ?? 0
        let maximum = flat.maxItems ?? max(minimum, 3)
        guard minimum <= maximum, minimum <= Self.maximumGeneratedItems else { return [] }
        guard !itemValues.isEmpty else { return minimum == 0 ? [.array([])] : [] }
        var results: [JSONValue] = []
        for count in [max(minimum, min(1, maximum)), minimum, min(maximum, max(minimum, itemValues.count)), min(maximum, minimum + 8)] {
            var items: [JSONValue] = []
            for index in 0..<count {
                if flat.uniqueItems && index >= itemValues.count { break }
                items.append(itemValues[index % max(itemValues.count, 1)])
            }
            guard items.count >= minimum else { continue }
            let value = JSONValue.array(items)
            if !results.contains(value) { results.append(value) }
        }
        return results
    }

    // MARK: Objects

    func objects(_ flat: FlatSchema, random: inout SeededRandom, depth: Int) -> [JSONValue] {
        var propertyValues: [(name: String, values: [JSONValue], required: Bool)] = []
        for property in flat.properties {
            var propertyFlat = FlatSchema()
            for part in property.parts { flattener.merge(part, into: &propertyFlat, depth: 0) }
            // Requests never carry readOnly properties.
            if propertyFlat.readOnly { continue }
            let found = values(propertyFlat, random: &random, depth: depth + 1)
            if found.isEmpty && flat.isRequired(property.name) { return [] }
            if !found.isEmpty { propertyValues.append((property.name, found, flat.isRequired(property.name))) }
        }
        var extra: [(String, JSONValue)] = []
        if propertyValues.isEmpty, case .some(.some(let additional)) = flat.additionalProperties {
            let found = values(additional, random: &random, depth: depth + 1)
            if let first = found.first { extra.append(("key1", first)) }
        }
        func object(_ choose: (Int) -> JSONValue?) -> JSONValue {
            var members: [(String, JSONValue)] = []
            for (index, property) in propertyValues.enumerated() {
                if let value = choose(index) { members.append((property.name, value)) }
            }
            return .object(members + extra)
        }
        var results: [JSONValue] = []
        func add(_ value: JSONValue) { if !results.contains(value) { results.append(value) } }
        add(object { propertyValues[$0].values.first })
        add(object { propertyValues[$0].required ? propertyValues[$0].values.first : nil })
        for (index, property) in propertyValues.enumerated() where property.values.count > 1 {
            for variant in property.values.dropFirst() where results.count < limit {
                add(object { $0 == index ? variant : propertyValues[$0].values.first })
            }
        }
        return results
    }
}
