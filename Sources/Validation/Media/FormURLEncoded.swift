import Documents

/// An `application/x-www-form-urlencoded` body: pairs in order (same rules as `QueryString`).
public struct FormURLEncoded: Sendable, Hashable {
    public let pairs: QueryString

    /// Reads the body; it must be UTF-8 (percent-escapes are checked per pair).
    public static func parse(_ body: [UInt8]) -> Result<FormURLEncoded, PercentDecodingError> {
        guard let text = String(validating: body, as: UTF8.self) else {
            let offset = body.withUnsafeBufferPointer { firstInvalidUTF8Index($0) } ?? 0
            return .failure(.invalidUTF8(offset: offset))
        }
        return .success(FormURLEncoded(pairs: QueryString(text)))
    }

    /// The rule id (`x-specguard-sanitize: {disable: [...]}`) of the refusal of raw bytes over 0x7F in a form body.
    public static let rawBytesRuleID = "form-raw-bytes"

    /// The offset of the first byte over 0x7F, which a browser would have percent-encoded; nil when there is none.
    public static func firstRawNonASCII(_ body: [UInt8]) -> Int? {
        body.firstIndex(where: { $0 >= 0x80 })
    }

    /// Decoded values by decoded name.
    public var valuesByName: [String: [String]] { pairs.valuesByName }

    /// The body as an object for schema validation: each declared field read with its shape and
    /// Encoding Object `style`/`explode` (default `form`, explode true; `deepObject` reads
    /// `name[key]=value` pairs into an object); undeclared fields are strings (arrays when repeated).
    /// Pairs a declared field consumed (its `name[key]` pairs, or the members of an exploded
    /// `form` object) are not repeated as undeclared fields.
    public func object(fields: [String: ParameterShape], encodings: [String: (style: ParameterStyle?, explode: Bool?)] = [:]) -> Result<JSONValue, ParameterProblem> {
        var object = JSONObject()
        let declared = Set(fields.keys)
        var consumedNames: Set<String> = []
        var consumedPrefixes: [String] = []
        for (name, shape) in fields.sorted(by: { $0.key < $1.key }) {
            let encoding = encodings[name]
            let descriptor = ParameterDescriptor(name: name, location: .query, style: encoding?.style, explode: encoding?.explode, shape: shape, allowEmptyValue: true)
            switch ParameterDeserializer.query(pairs, descriptor, otherNames: declared.subtracting([name])) {
            case .success(.value(let value)):
                object[name, keyLocation: .unknown] = value
                if descriptor.style == .deepObject {
                    consumedPrefixes.append(name + "[")
                } else if case .object = shape, descriptor.explode, let members = value.objectValue?.members {
                    for member in members { consumedNames.insert(member.key) }
                }
            case .success(.empty): object[name, keyLocation: .unknown] = .string("")
            case .success(.absent): continue
            case .failure(var problem):
                problem.pointer = JSONPointer(tokens: [name] + (problem.pointer?.tokens ?? []))
                return .failure(problem)
            }
        }
        for (name, values) in valuesByName where !declared.contains(name) && object[name] == nil && !consumedNames.contains(name) {
            if consumedPrefixes.contains(where: { name.hasPrefix($0) }) { continue }
            object[name, keyLocation: .unknown] = values.count == 1 ? .string(values[0]) : .array(values.map { .string($0) })
        }
        return .success(JSONValue(.object(object)))
    }
}
