import Documents
import OpenAPIModel

/// Encodes a body value for a media type: JSON, form, multipart, text, or raw bytes of a string.
enum BodyEncoder {
    static let boundary = "specguard-boundary-7d1f"

    static func encode(_ value: JSONValue, mediaType: String, encodings: [Encoding]) -> (bytes: [UInt8], contentType: String) {
        let essence = mediaType.split(separator: ";").first.map { $0.trimmingSpaces.lowercased() } ?? mediaType
        if essence == "application/x-www-form-urlencoded", let object = value.objectValue {
            var pairs: [String] = []
            for member in object {
                let encoding = encodings.first(where: { $0.property == member.key })
                let explode = encoding?.explode ?? true
                switch member.value.kind {
                case .array(let items) where explode:
                    pairs += items.map { ParameterSerializer.encode(member.key) + "=" + ParameterSerializer.encode(ParameterSerializer.primitive($0)) }
                case .array(let items):
                    pairs.append(ParameterSerializer.encode(member.key) + "=" + items.map { ParameterSerializer.encode(ParameterSerializer.primitive($0)) }.joined(separator: ","))
                default:
                    pairs.append(ParameterSerializer.encode(member.key) + "=" + ParameterSerializer.encode(ParameterSerializer.primitive(member.value)))
                }
            }
            return (Array(pairs.joined(separator: "&").utf8), essence)
        }
        if essence == "multipart/form-data", let object = value.objectValue {
            var text = ""
            for member in object {
                let encoding = encodings.first(where: { $0.property == member.key })
                var partType = encoding?.contentType?.split(separator: ",").first.map { $0.trimmingSpaces } ?? (member.value.objectValue != nil || member.value.arrayValue != nil ? "application/json" : "text/plain")
                if partType.contains("*") { partType = "application/octet-stream" }
                text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(member.key)\"\r\nContent-Type: \(partType)\r\n"
                for header in encoding?.headers ?? [] where header.required {
                    text += "\(header.name): \(header.example.map(ParameterSerializer.primitive) ?? "x")\r\n"
                }
                text += "\r\n" + (partType == "application/json" ? JSONWriter.compact(member.value) : ParameterSerializer.primitive(member.value)) + "\r\n"
            }
            text += "--\(boundary)--\r\n"
            return (Array(text.utf8), "multipart/form-data; boundary=\(boundary)")
        }
        if essence.hasSuffix("json") || essence.hasSuffix("+json") || essence == "*/*" {
            return (Array(JSONWriter.compact(value).utf8), essence == "*/*" ? "application/json" : essence)
        }
        if let text = value.stringValue { return (Array(text.utf8), essence.contains("*") ? "application/octet-stream" : essence) }
        return (Array(JSONWriter.compact(value).utf8), essence)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
