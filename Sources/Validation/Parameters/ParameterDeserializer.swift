import Documents

/// Reads path, query, header and cookie parameters in every OAS style into JSON values.
///
/// Raw text is split on the style's delimiters first and percent-decoded after, so an
/// encoded delimiter stays inside an item. Results are `JSONValue`s to validate later
/// against the parameter's schema; text that cannot be coerced is a `ParameterProblem`.
public enum ParameterDeserializer {
    /// How item text is decoded.
    enum Decoding {
        /// Percent-escapes (path, cookie).
        case uri
        /// Percent-escapes and `+` as space (query).
        case form
        /// Taken as is (headers).
        case none
    }

    // MARK: Path

    /// Reads a path parameter from the raw text its template variable matched
    /// (`blue`, `.blue`, `;color=blue`), by style `simple`, `label` or `matrix`.
    public static func path(_ raw: Substring, _ parameter: ParameterDescriptor) -> Result<ParameterValue, ParameterProblem> {
        switch parameter.style {
        case .label:
            guard raw.utf8.first == UInt8(ascii: ".") else {
                return .failure(ParameterProblem(.malformedStyle, "label style value must start with \".\""))
            }
            let body = raw.dropFirst()
            // explode true: `.a.b`. explode false: RFC 6570 and OAS 3.0.4/3.1.1 write `.a,b`, while the
            // OAS 3.0.3/3.1.0 style table wrote `.a.b`; both are read: `,` when present, else `.`.
            // (So a one-item array `.1.5` reads as two items; a one-item list cannot be told apart.)
            let delimiter: UInt8 = parameter.explode || !body.utf8.contains(UInt8(ascii: ",")) ? UInt8(ascii: ".") : UInt8(ascii: ",")
            return delimited(body, parameter, delimiter: delimiter, decoding: .uri).map(ParameterValue.value)
        case .matrix:
            return matrix(raw, parameter).map(ParameterValue.value)
        default:
            return delimited(raw, parameter, delimiter: UInt8(ascii: ","), decoding: .uri).map(ParameterValue.value)
        }
    }

    private static func matrix(_ raw: Substring, _ parameter: ParameterDescriptor) -> Result<JSONValue, ParameterProblem> {
        guard raw.utf8.first == UInt8(ascii: ";") else {
            return .failure(ParameterProblem(.malformedStyle, "matrix style value must start with \";\""))
        }
        let segments = StyleSplitting.split(raw.dropFirst(), on: UInt8(ascii: ";"))
        let explodedObject: Bool
        if case .object = parameter.shape { explodedObject = parameter.explode } else { explodedObject = false }
        if explodedObject {
            var pairs: [(Substring, Substring)] = []
            for segment in segments {
                guard let pair = StyleSplitting.keyValue(segment) else {
                    return .failure(ParameterProblem(.malformedStyle, "matrix style expects \";key=value\" segments"))
                }
                pairs.append(pair)
            }
            return object(pairs, parameter.shape, decoding: .uri)
        }
        var values: [Substring] = []
        for segment in segments {
            let (name, value) = StyleSplitting.keyValue(segment) ?? (segment, segment[segment.endIndex...])
            guard case .success(let decodedName) = PercentDecoding.decode(name, plusAsSpace: false), decodedName == parameter.name else {
                return .failure(ParameterProblem(.malformedStyle, "matrix style expects \";\(parameter.name)=...\""))
            }
            values.append(value)
        }
        if case .array(let itemType) = parameter.shape, parameter.explode {
            return array(values.filter { !$0.isEmpty }, itemType, decoding: .uri)
        }
        guard values.count <= 1 else {
            return .failure(ParameterProblem(.repeated, "matrix parameter \"\(parameter.name)\" appears more than once"))
        }
        let body = values.first ?? raw[raw.endIndex...]
        return delimited(body, parameter, delimiter: UInt8(ascii: ","), decoding: .uri)
    }

    // MARK: Query

    /// Reads a query parameter by style `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`.
    ///
    /// `otherNames` are the other declared query parameter names: an exploded `form` object
    /// with `additionalProperties` takes every other pair not in that set.
    /// A repeat of a parameter that is not an exploded array is `.repeated` (parameter pollution).
    public static func query(_ query: QueryString, _ parameter: ParameterDescriptor, otherNames: Set<String> = [], rejectUnencodedReserved: Bool = false) -> Result<ParameterValue, ParameterProblem> {
        if parameter.style == .deepObject { return deepObject(query, parameter) }
        let isArray: Bool, isObject: Bool
        switch parameter.shape {
        case .array: (isArray, isObject) = (true, false)
        case .object: (isArray, isObject) = (false, true)
        case .primitive: (isArray, isObject) = (false, false)
        }
        if isObject && parameter.explode {
            return explodedQueryObject(query, parameter, otherNames: otherNames)
        }
        var matching: [QueryPair] = []
        for pair in query.pairs {
            // Pairs whose names do not decode are reported once, by the caller (`QueryString.undecodablePairs`).
            guard case .success(let name) = pair.name else { continue }
            if name == parameter.name { matching.append(pair) }
        }
        if matching.isEmpty { return .success(.absent) }
        if rejectUnencodedReserved && !parameter.allowReserved {
            for pair in matching {
                if let byte = firstRawReserved(pair.rawValue, allowing: allowedDelimiter(parameter)) {
                    return .failure(ParameterProblem(.reservedCharacter, "reserved character \"\(Character(Unicode.Scalar(byte)))\" must be percent-encoded"))
                }
            }
        }
        if isArray && parameter.explode {
            guard case .array(let itemType) = parameter.shape else { return .success(.absent) }
            return array(matching.map(\.rawValue), itemType, decoding: .form).map(ParameterValue.value)
        }
        guard matching.count == 1 else {
            return .failure(ParameterProblem(.repeated, "query parameter \"\(parameter.name)\" appears \(matching.count) times but is not an exploded array"))
        }
        let raw = matching[0].rawValue
        if raw.isEmpty {
            if parameter.allowEmptyValue { return .success(.empty) }
            return .failure(ParameterProblem(.emptyValue, "query parameter \"\(parameter.name)\" has an empty value"))
        }
        switch parameter.style {
        case .spaceDelimited where isArray || isObject:
            let items = StyleSplitting.split(raw, onByteOrEscape: UInt8(ascii: " "), plusToo: true)
            return fromList(items, parameter, decoding: .form).map(ParameterValue.value)
        case .pipeDelimited where isArray || isObject:
            let items = StyleSplitting.split(raw, onByteOrEscape: UInt8(ascii: "|"), plusToo: false)
            return fromList(items, parameter, decoding: .form).map(ParameterValue.value)
        default:
            return delimited(raw, parameter, delimiter: UInt8(ascii: ","), decoding: .form).map(ParameterValue.value)
        }
    }

    private static func explodedQueryObject(_ query: QueryString, _ parameter: ParameterDescriptor, otherNames: Set<String>) -> Result<ParameterValue, ParameterProblem> {
        guard case .object(let properties, let additional) = parameter.shape else { return .success(.absent) }
        var members: [(Substring, Substring)] = []
        var seen: Set<String> = []
        for pair in query.pairs {
            guard case .success(let name) = pair.name else { continue }
            // A pair named the object itself (not one of its properties) was skipped: see `deepObject`.
            if name == parameter.name, properties[name] == nil {
                return .failure(ParameterProblem(.malformedStyle, "a field named \"\(parameter.name)\" itself beside the exploded object's members: services read it as the object, unvalidated"))
            }
            let claimed = properties[name] != nil || (additional != nil && !otherNames.contains(name) && name != parameter.name)
            guard claimed else { continue }
            guard seen.insert(name).inserted else {
                return .failure(ParameterProblem(.repeated, "query parameter \"\(name)\" appears more than once", pointer: JSONPointer(tokens: [name])))
            }
            members.append((pair.rawName, pair.rawValue))
        }
        if members.isEmpty { return .success(.absent) }
        return object(members, parameter.shape, decoding: .form).map(ParameterValue.value)
    }

    private static func deepObject(_ query: QueryString, _ parameter: ParameterDescriptor) -> Result<ParameterValue, ParameterProblem> {
        var members: [JSONMember] = []
        var seen: Set<String> = []
        let prefix = parameter.name + "["
        for pair in query.pairs {
            // A pair named the object itself is no member: it was skipped unvalidated, and services that read it as the
            // object (DRF's JSONField, a `?filter={"role":"admin"}`) got what the members were checked against (found by
            // an audit with Django REST Framework).
            if case .success(let name) = pair.name, name == parameter.name {
                return .failure(ParameterProblem(.malformedStyle, "a field named \"\(parameter.name)\" itself beside the deepObject's members: services read it as the object, unvalidated"))
            }
            // Bytes, not `Character`s: `[` followed by a combining mark is one `Character`.
            guard case .success(let name) = pair.name, name.utf8.starts(with: prefix.utf8) else { continue }
            let rest = name.utf8.dropFirst(prefix.utf8.count)
            guard rest.last == UInt8(ascii: "]") else {
                return .failure(ParameterProblem(.malformedStyle, "deepObject parameter \"\(parameter.name)\" has an unclosed \"[\""))
            }
            let key = rest.dropLast()
            guard !key.contains(UInt8(ascii: "[")) && !key.contains(UInt8(ascii: "]")) else {
                return .failure(ParameterProblem(.malformedStyle, "deepObject parameter \"\(parameter.name)\" nests deeper than one level"))
            }
            let keyText = String(decoding: key, as: UTF8.self)
            guard seen.insert(keyText).inserted else {
                return .failure(ParameterProblem(.repeated, "deepObject key \"\(keyText)\" appears more than once", pointer: JSONPointer(tokens: [keyText])))
            }
            guard case .success(let text) = pair.value else {
                return .failure(ParameterProblem(.invalidEncoding, "invalid percent-encoding", pointer: JSONPointer(tokens: [keyText])))
            }
            switch ValueCoercion.coerce(text, to: propertyType(keyText, parameter.shape)) {
            case .success(let value): members.append(JSONMember(key: keyText, value: value))
            case .failure(var problem):
                problem.pointer = JSONPointer(tokens: [keyText])
                return .failure(problem)
            }
        }
        if members.isEmpty { return .success(.absent) }
        return .success(.value(JSONValue(.object(JSONObject(members)))))
    }

    // MARK: Header and cookie

    /// Reads a header parameter (`simple` style) from every line of that header, in order.
    /// Headers are not percent-decoded; items are trimmed of optional whitespace.
    public static func header(_ values: [String], _ parameter: ParameterDescriptor) -> Result<ParameterValue, ParameterProblem> {
        if values.isEmpty { return .success(.absent) }
        let joined = values.count == 1 ? values[0] : values.joined(separator: ",")
        let text = trimmedWhitespace(Substring(joined))
        return delimited(text, parameter, delimiter: UInt8(ascii: ","), decoding: .none).map(ParameterValue.value)
    }

    /// Reads a cookie parameter (`form` style) from the request's cookie pairs.
    /// Cookie values are percent-decoded when they hold valid escapes, else taken as sent.
    public static func cookie(_ cookies: [CookiePair], _ parameter: ParameterDescriptor) -> Result<ParameterValue, ParameterProblem> {
        if case .object(let properties, _) = parameter.shape, parameter.explode {
            var members: [(Substring, Substring)] = []
            for cookie in cookies where properties[String(cookie.name)] != nil {
                members.append((cookie.name, cookie.value))
            }
            if members.isEmpty { return .success(.absent) }
            return object(members, parameter.shape, decoding: .uri).map(ParameterValue.value)
        }
        let matching = cookies.filter { $0.name == parameter.name }
        if matching.isEmpty { return .success(.absent) }
        if case .array(let itemType) = parameter.shape, parameter.explode {
            return array(matching.map(\.value), itemType, decoding: .uri).map(ParameterValue.value)
        }
        guard matching.count == 1 else {
            return .failure(ParameterProblem(.repeated, "cookie \"\(parameter.name)\" appears \(matching.count) times"))
        }
        return delimited(matching[0].value, parameter, delimiter: UInt8(ascii: ","), decoding: .uri).map(ParameterValue.value)
    }

    // MARK: Content-encoded parameters

    /// Reads a `content`-encoded parameter's decoded text: JSON for JSON media types, else a string.
    public static func content(_ text: String, mediaType: String) -> Result<JSONValue, ParameterProblem> {
        guard let type = MediaType(mediaType), type.isJSON else { return .success(.string(text)) }
        do {
            return .success(try JSONReader.read(text).value)
        } catch {
            return .failure(ParameterProblem(.invalidContent, "value is not valid JSON (\(error.reason.rawValue) at offset \(error.offset))"))
        }
    }

    // MARK: Building values

    /// Splits by the shape: a primitive is the whole text; arrays split on `delimiter`;
    /// objects split on `delimiter` as `k,v,k,v` (explode false) or `k=v,k=v` (explode true).
    static func delimited(_ raw: Substring, _ parameter: ParameterDescriptor, delimiter: UInt8, decoding: Decoding) -> Result<JSONValue, ParameterProblem> {
        switch parameter.shape {
        case .primitive(let type):
            return decode(raw, decoding).flatMap { ValueCoercion.coerce($0, to: type) }
        case .array(let itemType):
            var items = StyleSplitting.split(raw, on: delimiter)
            if decoding == .none { items = items.map(trimmedWhitespace) }
            return array(items, itemType, decoding: decoding)
        case .object:
            var items = StyleSplitting.split(raw, on: delimiter)
            if decoding == .none { items = items.map(trimmedWhitespace) }
            if parameter.explode {
                var pairs: [(Substring, Substring)] = []
                for item in items {
                    guard let pair = StyleSplitting.keyValue(item) else {
                        return .failure(ParameterProblem(.malformedStyle, "exploded object expects \"key=value\" items"))
                    }
                    pairs.append(pair)
                }
                return object(pairs, parameter.shape, decoding: decoding)
            }
            return fromList(items, parameter, decoding: decoding)
        }
    }

    /// Items of a delimited list: an array, or an object written `k,v,k,v`.
    private static func fromList(_ items: [Substring], _ parameter: ParameterDescriptor, decoding: Decoding) -> Result<JSONValue, ParameterProblem> {
        switch parameter.shape {
        case .array(let itemType):
            return array(items, itemType, decoding: decoding)
        case .object:
            guard items.count % 2 == 0 else {
                return .failure(ParameterProblem(.malformedStyle, "object expects an even key,value list, found \(items.count) items"))
            }
            var pairs: [(Substring, Substring)] = []
            pairs.reserveCapacity(items.count / 2)
            var index = 0
            while index + 1 < items.count {
                pairs.append((items[index], items[index + 1]))
                index += 2
            }
            return object(pairs, parameter.shape, decoding: decoding)
        case .primitive(let type):
            return decode(items.first ?? "", decoding).flatMap { ValueCoercion.coerce($0, to: type) }
        }
    }

    static func array(_ items: [Substring], _ itemType: PrimitiveType, decoding: Decoding) -> Result<JSONValue, ParameterProblem> {
        var values: [JSONValue] = []
        values.reserveCapacity(items.count)
        for (position, item) in items.enumerated() {
            switch decode(item, decoding).flatMap({ ValueCoercion.coerce($0, to: itemType) }) {
            case .success(let value): values.append(value)
            case .failure(var problem):
                problem.pointer = JSONPointer(tokens: [String(position)])
                return .failure(problem)
            }
        }
        return .success(.array(values))
    }

    static func object(_ pairs: [(Substring, Substring)], _ shape: ParameterShape, decoding: Decoding) -> Result<JSONValue, ParameterProblem> {
        var object = JSONObject()
        for (rawKey, rawValue) in pairs {
            let key: String
            switch decode(rawKey, decoding) {
            case .success(let text): key = text
            case .failure(let problem): return .failure(problem)
            }
            let pointer = JSONPointer(tokens: [key])
            guard object[key] == nil else {
                return .failure(ParameterProblem(.repeated, "object key \"\(key)\" appears more than once", pointer: pointer))
            }
            switch decode(rawValue, decoding).flatMap({ ValueCoercion.coerce($0, to: propertyType(key, shape)) }) {
            case .success(let value): object.appendUnique(JSONMember(key: key, value: value))
            case .failure(var problem):
                problem.pointer = pointer
                return .failure(problem)
            }
        }
        return .success(JSONValue(.object(object)))
    }

    static func propertyType(_ key: String, _ shape: ParameterShape) -> PrimitiveType {
        guard case .object(let properties, let additional) = shape else { return .unknown }
        return properties[key] ?? additional ?? .unknown
    }

    static func decode(_ raw: Substring, _ decoding: Decoding) -> Result<String, ParameterProblem> {
        switch decoding {
        case .none:
            return .success(String(raw))
        case .uri, .form:
            switch PercentDecoding.decode(raw, plusAsSpace: decoding == .form) {
            case .success(let text): return .success(text)
            case .failure(let error): return .failure(ParameterProblem(.invalidEncoding, error.message))
            }
        }
    }

    /// The delimiter a style may send raw without breaking `allowReserved: false`.
    private static func allowedDelimiter(_ parameter: ParameterDescriptor) -> UInt8 {
        switch parameter.style {
        case .pipeDelimited: return UInt8(ascii: "|")
        default: return UInt8(ascii: ",")
        }
    }

    /// The first RFC 3986 reserved character sent raw in a query value (`&`, `=`, `+` cannot occur: they are syntax).
    static func firstRawReserved(_ raw: Substring, allowing delimiter: UInt8) -> UInt8? {
        for byte in raw.utf8 where byte != delimiter {
            switch byte {
            case UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "]"),
                UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "*"), UInt8(ascii: ","), UInt8(ascii: ";"):
                return byte
            default: continue
            }
        }
        return nil
    }
}

/// Trims spaces and tabs (HTTP optional whitespace) from both ends.
func trimmedWhitespace(_ text: Substring) -> Substring {
    var start = text.startIndex, end = text.endIndex
    while start < end, text.utf8[start] == 0x20 || text.utf8[start] == 0x09 { start = text.utf8.index(after: start) }
    while end > start {
        let before = text.utf8.index(before: end)
        guard text.utf8[before] == 0x20 || text.utf8[before] == 0x09 else { break }
        end = before
    }
    return text[start..<end]
}
