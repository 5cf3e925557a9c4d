import Documents
import OpenAPIModel

/// OWASP API4:2023 / API3:2023 rules on the schemas a client sends: unbounded strings, arrays and integers,
/// and open objects. Walks each schema node reachable from a request once (references followed).
final class RequestSchemaBounds {
    let document: OpenAPIDocument
    let store: DocumentStore
    let collector: FindingCollector
    private var visited: Set<SchemaPlace> = []
    private var visitedTargets: Set<ReferenceKey> = []

    /// A schema node's place, hashed by its tokens (no pointer text is built while walking).
    private struct SchemaPlace: Hashable {
        var file: String
        var tokens: [String]
    }
    private var tokens: [String] = []

    /// Formats whose values are bounded by their grammar.
    private static let boundedFormats: Set<String> = ["date", "date-time", "time", "uuid", "ipv4", "ipv6", "int32", "int64",
                                                      "byte", "binary", "email", "uri", "hostname", "duration"]

    init(document: OpenAPIDocument, store: DocumentStore, collector: FindingCollector) {
        self.document = document
        self.store = store
        self.collector = collector
    }

    private var anyRuleOn: Bool {
        ["security-string-unbounded", "security-array-unbounded", "security-integer-unbounded", "security-additional-properties-open"]
            .contains { collector.isOn($0) }
    }

    func run() {
        guard anyRuleOn else { return }
        for operation in document.operations {
            for parameter in operation.parameters {
                if let schema = parameter.schema { start(schema) }
                for media in parameter.content { if let schema = media.schema { start(schema) } }
            }
            for media in operation.requestBody?.content ?? [] {
                if let schema = media.schema { start(schema) }
            }
        }
    }

    private func start(_ schema: SchemaSource) {
        // Inline nodes are reached once per start, referenced ones once per reference target: only those are tracked.
        guard visited.insert(SchemaPlace(file: schema.file, tokens: schema.pointer.tokens)).inserted else { return }
        tokens = schema.pointer.tokens
        visit(schema.value, file: schema.file, isPart: false)
    }

    private func report(_ ruleId: String, _ message: String, at location: SourceLocation) {
        guard collector.isOn(ruleId) else { return }
        collector.report(ruleId, message, at: location, pointer: pointerText(tokens))
    }

    private func visit(_ value: JSONValue, file: String, isPart: Bool) {
        guard let object = value.objectValue else { return }
        if object["readOnly"]?.boolValue == true { return }
        if let reference = object["$ref"]?.stringValue {
            if let target = resolve(reference, from: file, at: value.location),
               visitedTargets.insert(ReferenceKey(base: file, reference: reference)).inserted {
                let saved = tokens
                tokens = target.pointer.tokens
                visit(target.value, file: target.file, isPart: isPart)
                tokens = saved
            }
            if document.version != .openAPI31 && document.version != .openAPI32 { return }
        }
        checkNode(object, at: value.location, isPart: isPart)
        descend(object, file: file)
    }

    /// `$ref` targets, resolved once per (file, reference).
    private var resolutions: [ReferenceKey: ResolvedReference?] = [:]

    private func resolve(_ reference: String, from file: String, at location: SourceLocation) -> ResolvedReference? {
        let key = ReferenceKey(base: file, reference: reference)
        if let known = resolutions[key] { return known }
        let target = store.resolve(reference, from: file, at: location)
        resolutions[key] = target
        return target
    }

    /// What the rules read of one schema object, gathered in one pass over its members (a lookup per keyword
    /// scanned the members a dozen times for every node).
    private struct NodeFacts {
        var string = false, array = false, integer = false, object = false
        var enumerated = false, hasMaxLength = false, hasMaxItems = false
        var hasMinimum = false, hasMaximum = false, boundedFormat = false
        var hasProperties = false, combines = false, closed = false

        init(_ members: [JSONMember]) {
            for member in members {
                switch member.key {
                case "type":
                    switch member.value.kind {
                    case .string(let name): note(type: name)
                    case .array(let names): for name in names { if let name = name.stringValue { note(type: name) } }
                    default: break
                    }
                case "enum", "const": enumerated = true
                case "maxLength": hasMaxLength = true
                case "maxItems": hasMaxItems = true
                case "minimum", "exclusiveMinimum": hasMinimum = true
                case "maximum", "exclusiveMaximum": hasMaximum = true
                case "format": boundedFormat = member.value.stringValue.map { RequestSchemaBounds.boundedFormats.contains($0) } ?? false
                case "properties": hasProperties = true
                case "allOf", "oneOf", "anyOf": combines = true
                case "additionalProperties":
                    // `false`, or a schema for the other members: either way the object is not open.
                    if member.value.boolValue == false || member.value.objectValue != nil { closed = true }
                case "unevaluatedProperties":
                    if member.value.boolValue == false { closed = true }
                default: break
                }
            }
        }

        private mutating func note(type name: String) {
            switch name {
            case "string": string = true
            case "array": array = true
            case "integer": integer = true
            case "object": object = true
            default: break
            }
        }
    }

    private func checkNode(_ object: JSONObject, at location: SourceLocation, isPart: Bool) {
        let facts = NodeFacts(object.members)
        if facts.string && !facts.enumerated && !facts.hasMaxLength && !facts.boundedFormat {
            report("security-string-unbounded", "request string has no maxLength", at: location)
        }
        if facts.array && !facts.hasMaxItems {
            report("security-array-unbounded", "request array has no maxItems", at: location)
        }
        if facts.integer && !facts.enumerated && !(facts.hasMinimum && facts.hasMaximum) {
            report("security-integer-unbounded", "request integer has no minimum and maximum", at: location)
        }
        if (facts.object || facts.hasProperties) && !isPart && !facts.combines && !facts.closed {
            report("security-additional-properties-open", "request object does not set additionalProperties: false", at: location)
        }
    }

    private func descend(_ object: JSONObject, file: String) {
        if let properties = object["properties"]?.objectValue {
            for member in properties.members { child("properties", member.key, member.value, file: file, isPart: false) }
        }
        if let items = object["items"] {
            if let list = items.arrayValue {
                for (index, item) in list.enumerated() { child("items", String(index), item, file: file, isPart: false) }
            } else {
                child("items", nil, items, file: file, isPart: false)
            }
        }
        if let additional = object["additionalProperties"], additional.objectValue != nil {
            child("additionalProperties", nil, additional, file: file, isPart: false)
        }
        for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
            guard let list = object[key]?.arrayValue else { continue }
            for (index, item) in list.enumerated() { child(key, String(index), item, file: file, isPart: key == "allOf") }
        }
    }

    private func child(_ first: String, _ second: String?, _ value: JSONValue, file: String, isPart: Bool) {
        // `visit` leaves `tokens` as it found them, so the path is popped rather than the array saved
        // (a saved copy would make every append copy the whole path).
        tokens.append(first)
        if let second { tokens.append(second) }
        visit(value, file: file, isPart: isPart)
        tokens.removeLast(second == nil ? 1 : 2)
    }
}
