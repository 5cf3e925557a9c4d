import Documents
import Validation

/// `parameter-deserialization`: parameter text in every style and explode form.
///
/// Input: the first byte picks the mode (and, in raw mode, the shape). Raw mode: the rest is read as a
/// path value, a query string, a header and a cookie line by parameters of that shape in every style; each result must have its
/// shape's JSON type, and coerced numbers must be valid JSON numbers. Round-trip mode: the next two
/// bytes pick a serialization and a shape, the rest (split at NUL) gives item strings; the value is
/// serialized the way OAS describes (every byte but letters and digits percent-encoded) and must
/// deserialize to exactly the same value.
final class ParameterDeserializationTarget: FuzzTarget {
    static let name = "parameter-deserialization"

    static let rawShapes: [ParameterShape] = [
        .primitive(.string), .primitive(.integer), .primitive(.number), .primitive(.boolean),
        .array(.integer), .array(.string), .object(["a": .integer, "b": .boolean], additional: .number),
    ]

    /// One round-trippable serialization: where and how.
    struct Serialization: Sendable {
        var location: ParameterLocation
        var style: ParameterStyle
        var explode: Bool
    }

    static let serializations: [Serialization] = [
        Serialization(location: .path, style: .simple, explode: false), Serialization(location: .path, style: .simple, explode: true),
        Serialization(location: .path, style: .label, explode: false), Serialization(location: .path, style: .label, explode: true),
        Serialization(location: .path, style: .matrix, explode: false), Serialization(location: .path, style: .matrix, explode: true),
        Serialization(location: .query, style: .form, explode: true), Serialization(location: .query, style: .form, explode: false),
        Serialization(location: .query, style: .spaceDelimited, explode: false), Serialization(location: .query, style: .pipeDelimited, explode: false),
        Serialization(location: .query, style: .deepObject, explode: true),
        Serialization(location: .header, style: .simple, explode: false), Serialization(location: .header, style: .simple, explode: true),
        Serialization(location: .cookie, style: .form, explode: false), Serialization(location: .cookie, style: .form, explode: true),
    ]

    func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        guard let mode = bytes.first else { return }
        if mode & 1 == 0 {
            try runRaw(String(decoding: bytes.dropFirst(), as: UTF8.self), shape: Self.rawShapes[Int(mode >> 1) % Self.rawShapes.count])
        } else if bytes.count >= 3 {
            try runRoundTrip(serialization: Self.serializations[Int(bytes[1]) % Self.serializations.count],
                             shapeChoice: Int(bytes[2]) % 3, items: Array(bytes.dropFirst(3)))
        }
    }

    // MARK: Raw text

    private func runRaw(_ text: String, shape: ParameterShape) throws(InvariantViolation) {
        let query = QueryString(Substring(text))
        let cookies = Cookies(headerValues: [text]).pairs
        for style in ParameterStyle.allCases {
            for explode in [false, true] {
                for location in [ParameterLocation.path, .query, .header, .cookie] where style.isAllowed(in: location) {
                    let parameter = ParameterDescriptor(name: "p", location: location, style: style, explode: explode, shape: shape)
                    let result: Result<ParameterValue, ParameterProblem>
                    switch location {
                    case .path: result = ParameterDeserializer.path(Substring(text), parameter)
                    case .query: result = ParameterDeserializer.query(query, parameter, otherNames: ["q"], rejectUnencodedReserved: explode)
                    case .header: result = ParameterDeserializer.header([text, text], parameter)
                    case .cookie: result = ParameterDeserializer.cookie(cookies, parameter)
                    }
                    // deepObject always reads an object (OAS defines it for objects only); the schema judges it.
                    if case .success(.value(let value)) = result, style != .deepObject || value.objectValue == nil {
                        try checkShape(value, shape, context: "\(location) \(style) explode=\(explode) \(excerpt(text))")
                    }
                }
            }
        }
    }

    private func checkShape(_ value: JSONValue, _ shape: ParameterShape, context: String) throws(InvariantViolation) {
        switch shape {
        case .primitive(let type):
            try checkPrimitive(value, type, context: context)
        case .array(let type):
            guard let items = value.arrayValue else { throw InvariantViolation(target: Self.name, "\(context): array shape gave \(value.typeName)") }
            for item in items { try checkPrimitive(item, type, context: context) }
        case .object(let properties, let additional):
            guard let object = value.objectValue else { throw InvariantViolation(target: Self.name, "\(context): object shape gave \(value.typeName)") }
            for member in object { try checkPrimitive(member.value, properties[member.key] ?? additional ?? .string, context: context) }
        }
    }

    private func checkPrimitive(_ value: JSONValue, _ type: PrimitiveType, context: String) throws(InvariantViolation) {
        let fits: Bool
        switch type {
        case .string, .unknown: fits = value.stringValue != nil
        case .boolean: fits = value.boolValue != nil
        case .integer, .number:
            if let number = value.numberValue, let reread = try? JSONReader.read(number.text).value, reread == value {
                fits = type == .number || number.isInteger
            } else {
                fits = false
            }
        }
        if !fits { throw InvariantViolation(target: Self.name, "\(context): \(type) gave \(excerpt(value.description))") }
    }

    // MARK: Round trip

    private func runRoundTrip(serialization: Serialization, shapeChoice: Int, items rawItems: [UInt8]) throws(InvariantViolation) {
        let location = serialization.location
        var items = rawItems.split(separator: 0, omittingEmptySubsequences: true).prefix(16).map { String(decoding: $0, as: UTF8.self) }
        // Headers are not percent-decoded: keep header items to characters that need no escaping.
        if location == .header { items = items.map { String($0.unicodeScalars.filter { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) }) } }
        // Space- and pipe-delimited lists split on the encoded delimiter too (OAS writes it encoded).
        // (Bytes, not `Character`s: a delimiter followed by a combining mark is one `Character`.)
        if serialization.style == .spaceDelimited { items = items.map { removingByte(UInt8(ascii: " "), from: $0) } }
        if serialization.style == .pipeDelimited { items = items.map { removingByte(UInt8(ascii: "|"), from: $0) } }
        items = items.filter { !$0.isEmpty }
        guard !items.isEmpty else { return }

        let name = "p"
        let value: JSONValue
        let shape: ParameterShape
        var choice = shapeChoice
        if serialization.style == .deepObject || (serialization.style != .simple && serialization.style != .form && serialization.style != .label
            && serialization.style != .matrix && choice == 0) {
            choice = serialization.style == .deepObject ? 2 : 1
        }
        switch choice {
        case 0:
            shape = .primitive(.string)
            value = .string(items[0])
        case 1:
            shape = .array(.string)
            value = .array(items.map(JSONValue.string))
        default:
            var pairs: [(String, JSONValue)] = []
            var index = 0
            while index + 1 < items.count {
                // Cookie names are matched as sent (not decoded): keep them to letters and digits.
                let key = location == .cookie ? String(items[index].unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) : items[index]
                if !key.isEmpty, key != name, !pairs.contains(where: { $0.0 == key }), !(serialization.style == .deepObject && (key.utf8.contains(UInt8(ascii: "[")) || key.utf8.contains(UInt8(ascii: "]")))) {
                    pairs.append((key, .string(items[index + 1])))
                }
                index += 2
            }
            guard !pairs.isEmpty else { return }
            var properties: [String: PrimitiveType] = [:]
            for (key, _) in pairs { properties[key] = .string }
            shape = location == .cookie ? .object(properties, additional: nil) : .object([:], additional: .string)
            value = .object(pairs)
        }
        let parameter = ParameterDescriptor(name: name, location: location, style: serialization.style, explode: serialization.explode, shape: shape)
        let text = Self.serialize(value, parameter)
        let result: Result<ParameterValue, ParameterProblem>
        switch location {
        case .path: result = ParameterDeserializer.path(Substring(text), parameter)
        case .query: result = ParameterDeserializer.query(QueryString(Substring(text)), parameter)
        case .header: result = ParameterDeserializer.header([text], parameter)
        case .cookie: result = ParameterDeserializer.cookie(Cookies(headerValues: [text]).pairs, parameter)
        }
        guard case .success(.value(let read)) = result, Self.identical(read, value) else {
            throw InvariantViolation(target: Self.name, "\(location) \(serialization.style) explode=\(serialization.explode): \(excerpt(value.description)) serialized as \(excerpt(text)) reads back as \(result)")
        }
    }

    /// Equal with strings compared byte for byte (Swift's `==` on strings is canonical equivalence).
    static func identical(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs.kind, rhs.kind) {
        case (.string(let a), .string(let b)): return Array(a.utf8) == Array(b.utf8)
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { identical($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.members.allSatisfy { member in b[member.key].map { identical(member.value, $0) } ?? false }
        default: return lhs == rhs
        }
    }

    /// Serializes `value` for `parameter` as the OAS style table does, encoding every byte but letters and digits.
    static func serialize(_ value: JSONValue, _ parameter: ParameterDescriptor) -> String {
        let name = parameter.name
        let encode: (String) -> String = parameter.location == .header ? { text in text } : { text in percentEncoded(text) }
        var list: [String] = []
        var pairs: [(String, String)] = []
        switch value.kind {
        case .array(let items): list = items.compactMap(\.stringValue).map(encode)
        case .object(let object): pairs = object.members.map { (encode($0.key), encode($0.value.stringValue ?? "")) }
        default: list = [encode(value.stringValue ?? "")]
        }
        let isObject = value.objectValue != nil
        let isArray = value.arrayValue != nil
        let flat = isObject ? pairs.flatMap { [$0.0, $0.1] } : list
        let assigned = pairs.map { $0.0 + "=" + $0.1 }
        switch (parameter.location, parameter.style) {
        case (_, .simple):
            return (isObject && parameter.explode ? assigned : flat).joined(separator: ",")
        case (_, .label):
            if isObject { return "." + (parameter.explode ? assigned.joined(separator: ".") : flat.joined(separator: ",")) }
            return "." + flat.joined(separator: parameter.explode ? "." : ",")
        case (_, .matrix):
            if isObject && parameter.explode { return assigned.map { ";" + $0 }.joined() }
            if isArray && parameter.explode { return list.map { ";\(name)=" + $0 }.joined() }
            return ";\(name)=" + flat.joined(separator: ",")
        case (.cookie, _):
            if isObject && parameter.explode { return assigned.joined(separator: "; ") }
            if isArray && parameter.explode { return list.map { "\(name)=" + $0 }.joined(separator: "; ") }
            return "\(name)=" + flat.joined(separator: ",")
        case (_, .form):
            if isObject && parameter.explode { return assigned.joined(separator: "&") }
            if isArray && parameter.explode { return list.map { "\(name)=" + $0 }.joined(separator: "&") }
            return "\(name)=" + flat.joined(separator: ",")
        case (_, .spaceDelimited):
            return "\(name)=" + flat.joined(separator: "%20")
        case (_, .pipeDelimited):
            return "\(name)=" + flat.joined(separator: "|")
        case (_, .deepObject):
            return pairs.map { "\(name)[\($0.0)]=\($0.1)" }.joined(separator: "&")
        }
    }
}

/// `text` without any `byte`.
func removingByte(_ byte: UInt8, from text: String) -> String {
    String(decoding: text.utf8.filter { $0 != byte }, as: UTF8.self)
}
