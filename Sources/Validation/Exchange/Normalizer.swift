import Documents
import OpenAPIModel

/// Builds the cleaned request a sidecar forwards: JSON and form bodies lose properties their schema does
/// not declare (mass assignment) and gain declared defaults; query parameters are written back in
/// canonical form (typed values, defaults added). Headers stay as sent, except `Content-Length`.
enum Normalizer {
    static func normalize(_ request: HTTPRequest, plan: OperationPlan, match: RouteMatch, query: QueryString,
                          values: ParameterValues, body: ReadBody) -> HTTPRequest {
        var result = request
        switch body {
        case .json(let value, let media):
            let cleaned = clean(value, media.outline, media.outline.root)
            if cleaned != value { result.body = Array(JSONWriter.compact(cleaned).utf8) }
        case .form(let value, let media):
            let cleaned = clean(value, media.outline, media.outline.root)
            if cleaned != value { result.body = Array(formEncode(cleaned).utf8) }
        case .none, .other:
            break
        }
        if result.body.count != request.body.count, request.headers.contains("Content-Length") {
            var headers = HTTPHeaders()
            for field in request.headers {
                if field.name.lowercased() == "content-length" { headers.append(name: field.name, value: String(result.body.count)) }
                else { headers.append(name: field.name, value: field.value) }
            }
            result.headers = headers
        }
        if !values.missingWithDefault.isEmpty || !values.query.isEmpty {
            result.target = rebuildTarget(match.path, plan: plan, query: query, values: values)
        }
        return result
    }

    /// Drops undeclared properties where the schema declares its properties and keeps no extras; adds defaults.
    static func clean(_ value: JSONValue, _ outline: SchemaOutline, _ index: Int?) -> JSONValue {
        guard let node = outline.node(index) else { return value }
        switch value.kind {
        case .object(let object):
            var members: [JSONMember] = []
            for member in object.members {
                if let child = node.properties[member.key] {
                    members.append(JSONMember(key: member.key, value: clean(member.value, outline, child)))
                } else if let extra = node.additional {
                    members.append(JSONMember(key: member.key, value: clean(member.value, outline, extra)))
                } else if !node.declaresProperties || node.keepsExtraProperties {
                    members.append(member)
                }
            }
            for (name, defaultValue) in node.defaults where !members.contains(where: { $0.key == name }) {
                members.append(JSONMember(key: name, value: defaultValue))
            }
            return JSONValue(.object(JSONObject(members)), location: value.location)
        case .array(let items):
            return JSONValue(.array(items.enumerated().map { position, item in
                clean(item, outline, position < node.prefixItems.count ? node.prefixItems[position] : node.items)
            }), location: value.location)
        default:
            return value
        }
    }

    /// The path as sent plus a query rebuilt from the typed declared values, defaults and undeclared pairs as sent.
    private static func rebuildTarget(_ path: String, plan: OperationPlan, query: QueryString, values: ParameterValues) -> String {
        var pairs: [String] = []
        let typed = values.query + values.missingWithDefault
        for (name, value) in typed {
            guard let parameter = plan.parameters.first(where: { $0.location == .query && $0.name == name }) else { continue }
            pairs += serialize(name, value, parameter.descriptor)
        }
        for pair in query.pairs {
            guard case .success(let name) = pair.name else { continue }
            if plan.queryNames.contains(name) || plan.explodedObjectProperties.contains(name) { continue }
            if let bracket = name.firstIndex(of: "["), plan.deepObjectNames.contains(String(name[..<bracket])) { continue }
            pairs.append(pair.hasValue ? "\(pair.rawName)=\(pair.rawValue)" : String(pair.rawName))
        }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    private static func serialize(_ name: String, _ value: JSONValue, _ descriptor: ParameterDescriptor) -> [String] {
        let key = encode(name)
        switch value.kind {
        case .array(let items):
            let texts = items.map { encode(text($0)) }
            if descriptor.explode && descriptor.style == .form { return texts.map { "\(key)=\($0)" } }
            let delimiter = descriptor.style == .spaceDelimited ? "%20" : descriptor.style == .pipeDelimited ? "|" : ","
            return ["\(key)=\(texts.joined(separator: delimiter))"]
        case .object(let object):
            if descriptor.style == .deepObject {
                return object.members.map { "\(key)%5B\(encode($0.key))%5D=\(encode(text($0.value)))" }
            }
            if descriptor.explode { return object.members.map { "\(encode($0.key))=\(encode(text($0.value)))" } }
            return ["\(key)=" + object.members.map { "\(encode($0.key)),\(encode(text($0.value)))" }.joined(separator: ",")]
        default:
            return ["\(key)=\(encode(text(value)))"]
        }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value.kind {
        case .string(let text): return text
        case .null: return ""
        default: return JSONWriter.compact(value)
        }
    }

    /// Percent-encodes everything but unreserved characters.
    static func encode(_ text: String) -> String { PercentEncoding.encode(text) }

    private static func formEncode(_ value: JSONValue) -> String {
        guard let object = value.objectValue else { return "" }
        var pairs: [String] = []
        for member in object.members {
            if let items = member.value.arrayValue {
                pairs += items.map { "\(encode(member.key))=\(encode(text($0)))" }
            } else {
                pairs.append("\(encode(member.key))=\(encode(text(member.value)))")
            }
        }
        return pairs.joined(separator: "&")
    }
}
