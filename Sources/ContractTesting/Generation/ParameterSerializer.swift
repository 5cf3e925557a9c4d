import Documents
import OpenAPIModel

/// Writes parameter values in their declared style (OAS 3 `style` / `explode`), percent-encoding
/// what the location needs.
enum ParameterSerializer {
    /// The text of a primitive value (strings unquoted, numbers as written).
    static func primitive(_ value: JSONValue) -> String {
        switch value.kind {
        case .string(let text): return text
        case .number(let number): return number.text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return ""
        case .array, .object: return JSONWriter.compact(value)
        }
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    static func encode(_ text: String, keep: String = "") -> String {
        var output = ""
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E || keep.unicodeScalars.contains(scalar) {
                output.unicodeScalars.append(scalar)
            } else {
                output.append("%")
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return output
    }

    /// A path parameter's segment text (simple, label or matrix).
    static func path(_ parameter: Parameter, _ value: JSONValue) -> String {
        if !parameter.content.isEmpty { return encode(JSONWriter.compact(value)) }
        let name = encode(parameter.name)
        switch parameter.style {
        case .label:
            return "." + joined(value, explode: parameter.explode, separator: parameter.explode ? "." : ",", pairSeparator: parameter.explode ? "=" : ",", encoder: { encode($0) })
        case .matrix:
            switch value.kind {
            case .array(let items) where parameter.explode:
                return items.map { ";" + name + "=" + encode(primitive($0)) }.joined()
            case .object(let object) where parameter.explode:
                return object.members.map { ";" + encode($0.key) + "=" + encode(primitive($0.value)) }.joined()
            default:
                let text = joined(value, explode: false, separator: ",", pairSeparator: ",", encoder: { encode($0) })
                return ";" + name + (text.isEmpty && value.arrayValue == nil && value.stringValue == "" ? "" : "=" + text)
            }
        default:
            return joined(value, explode: parameter.explode, separator: ",", pairSeparator: parameter.explode ? "=" : ",", encoder: { encode($0) })
        }
    }

    /// A header value (simple style, no percent-encoding).
    static func header(_ parameter: Parameter, _ value: JSONValue) -> String {
        if !parameter.content.isEmpty { return JSONWriter.compact(value) }
        return joined(value, explode: parameter.explode, separator: ",", pairSeparator: parameter.explode ? "=" : ",", encoder: { $0 })
    }

    /// `name=value` pairs for a cookie parameter.
    static func cookie(_ parameter: Parameter, _ value: JSONValue) -> [(String, String)] {
        if !parameter.content.isEmpty { return [(parameter.name, encode(JSONWriter.compact(value)))] }
        switch value.kind {
        case .object(let object) where parameter.explode:
            return object.members.map { ($0.key, encode(primitive($0.value))) }
        case .array(let items) where parameter.explode:
            return items.map { (parameter.name, encode(primitive($0))) }
        default:
            return [(parameter.name, joined(value, explode: false, separator: ",", pairSeparator: ",", encoder: { encode($0) }))]
        }
    }

    /// Encoded `name=value` query pairs for a query parameter.
    static func query(_ parameter: Parameter, _ value: JSONValue) -> [String] {
        let name = encode(parameter.name)
        if !parameter.content.isEmpty { return [name + "=" + encode(JSONWriter.compact(value))] }
        switch parameter.style {
        case .deepObject:
            guard let object = value.objectValue else { return [name + "=" + encode(primitive(value))] }
            return object.members.map { name + "%5B" + encode($0.key) + "%5D=" + encode(primitive($0.value)) }
        case .spaceDelimited, .pipeDelimited:
            // Encoded delimiters: a raw `|` is not a URL character, and HTTP clients re-encode whole URLs that contain one.
            let separator = parameter.style == .spaceDelimited ? "%20" : "%7C"
            if let items = value.arrayValue, !parameter.explode {
                return [name + "=" + items.map { encode(primitive($0)) }.joined(separator: separator)]
            }
            fallthrough
        default:
            switch value.kind {
            case .array(let items) where parameter.explode:
                return items.map { name + "=" + encode(primitive($0)) }
            case .object(let object) where parameter.explode:
                return object.members.map { encode($0.key) + "=" + encode(primitive($0.value)) }
            default:
                return [name + "=" + joined(value, explode: false, separator: ",", pairSeparator: ",", encoder: { encode($0) })]
            }
        }
    }

    private static func joined(_ value: JSONValue, explode: Bool, separator: String, pairSeparator: String,
                               encoder: (String) -> String) -> String {
        switch value.kind {
        case .array(let items):
            return items.map { encoder(primitive($0)) }.joined(separator: separator)
        case .object(let object):
            return object.members.map { encoder($0.key) + pairSeparator + encoder(primitive($0.value)) }.joined(separator: separator)
        default:
            return encoder(primitive(value))
        }
    }
}
