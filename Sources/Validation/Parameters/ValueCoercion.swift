import Documents

/// Why a parameter's text could not become a value.
public struct ParameterProblem: Error, Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// A required parameter is absent.
        case missing = "required"
        /// `?name=` or `?name` where `allowEmptyValue` is false.
        case emptyValue = "allowEmptyValue"
        /// Text that does not read as the schema's type.
        case wrongType = "type"
        /// Text that does not follow the parameter's style (missing prefix, odd key/value list).
        case malformedStyle = "style"
        /// A repeated query parameter whose schema is not an exploded array (parameter pollution).
        case repeated = "repeated"
        /// An invalid percent-escape, or percent-decoded bytes that are not UTF-8.
        case invalidEncoding = "encoding"
        /// A reserved character sent raw where `allowReserved` is false.
        case reservedCharacter = "allowReserved"
        /// A `content`-encoded parameter whose text is not valid for its media type.
        case invalidContent = "content"
        /// A query parameter the operation does not declare (when unknown parameters are rejected).
        case unknown = "unknownParameter"
    }

    public var reason: Reason
    public var message: String
    /// Where inside a structured value (array index, object property).
    public var pointer: JSONPointer?

    public init(_ reason: Reason, _ message: String, pointer: JSONPointer? = nil) {
        self.reason = reason
        self.message = message
        self.pointer = pointer
    }

    /// The violation for parameter `name` in `location`.
    public func violation(location: ParameterLocation, name: String) -> Violation {
        let where_: ViolationLocation
        switch location {
        case .path: where_ = .path
        case .query: where_ = .query
        case .header: where_ = .header
        case .cookie: where_ = .cookie
        }
        return Violation(location: where_, name: name, pointer: pointer, keyword: reason.rawValue, message: message)
    }
}

/// Typed coercion of parameter text, kept honest.
///
/// - integer: optional `-`, then ASCII digits only. `1.5`, `1.0`, `1e3`, `+1`, ` 1`, `0x10`
///   are rejected (a Go `strconv.Atoi` or Java `Integer.parseInt` backend rejects them too).
///   Leading zeros (`007`) are accepted and read as decimal, the way Go and Java read them;
///   the value is normalized (`7`) so the schema sees the number the service sees.
/// - number: the JSON number grammar, except that leading zeros are accepted as above;
///   `NaN`, `Infinity`, `.5`, `5.` are rejected.
/// - boolean: exactly `true` or `false` (case-sensitive; `1`, `yes`, `True` are rejected).
/// - string / unknown: the text as is.
public enum ValueCoercion {
    public static func coerce(_ text: String, to type: PrimitiveType) -> Result<JSONValue, ParameterProblem> {
        switch type {
        case .string, .unknown:
            return .success(.string(text))
        case .boolean:
            if text == "true" { return .success(.bool(true)) }
            if text == "false" { return .success(.bool(false)) }
            return .failure(mismatch("boolean", text))
        case .integer:
            guard let normalized = normalizedNumber(text, allowFraction: false) else { return .failure(mismatch("integer", text)) }
            return .success(.number(JSONNumber(text: normalized)))
        case .number:
            guard let normalized = normalizedNumber(text, allowFraction: true) else { return .failure(mismatch("number", text)) }
            return .success(.number(JSONNumber(text: normalized)))
        }
    }

    /// `expected integer, found "abc"`: the found text is cut to 32 characters and escaped.
    static func mismatch(_ expected: String, _ text: String) -> ParameterProblem {
        ParameterProblem(.wrongType, "expected \(expected), found \(excerpt(text))")
    }

    /// A short, quoted, escaped excerpt of a value for messages.
    public static func excerpt(_ text: String, limit: Int = 32) -> String {
        var output = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { output += "…"; break }
            count += 1
            output.unicodeScalars.append(scalar)
        }
        var quoted = ""
        JSONWriter.writeString(output, into: &quoted)
        return quoted
    }

    /// The JSON text of a number, with leading integer zeros removed; nil when not a number.
    static func normalizedNumber(_ text: String, allowFraction: Bool) -> String? {
        let bytes = text.utf8
        var index = bytes.startIndex
        guard index != bytes.endIndex else { return nil }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index = bytes.index(after: index)
        }
        let digitsStart = index
        while index != bytes.endIndex, isDigit(bytes[index]) { index = bytes.index(after: index) }
        guard index != digitsStart else { return nil }
        var integerStart = digitsStart
        while integerStart != bytes.index(before: index), bytes[integerStart] == UInt8(ascii: "0") {
            integerStart = bytes.index(after: integerStart)
        }
        if index != bytes.endIndex {
            guard allowFraction else { return nil }
            if bytes[index] == UInt8(ascii: ".") {
                index = bytes.index(after: index)
                let fractionStart = index
                while index != bytes.endIndex, isDigit(bytes[index]) { index = bytes.index(after: index) }
                guard index != fractionStart else { return nil }
            }
            if index != bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index = bytes.index(after: index)
                if index != bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index = bytes.index(after: index)
                }
                let exponentStart = index
                while index != bytes.endIndex, isDigit(bytes[index]) { index = bytes.index(after: index) }
                guard index != exponentStart else { return nil }
            }
            guard index == bytes.endIndex else { return nil }
        }
        if integerStart == digitsStart { return text }
        let rest = Substring(text)[integerStart...]
        return negative ? "-" + rest : String(rest)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
