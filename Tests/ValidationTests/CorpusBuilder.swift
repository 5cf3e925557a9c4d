import Documents
import OpenAPIModel
@testable import Validation

/// Builds valid requests (and responses) from a spec's examples: each operation with all its example
/// parameters, with only the required ones, with each body example of each media type; the
/// operation's first security alternative is satisfied in form.
struct CorpusBuilder {
    let document: OpenAPIDocument
    let basePath: String

    struct Case {
        var label: String
        var request: HTTPRequest
        var operationIndex: Int
    }

    struct ResponseCase {
        var label: String
        var response: HTTPResponse
        var operationIndex: Int
        var method: String
    }

    func requests() -> [Case] {
        var cases: [Case] = []
        for (index, operation) in document.operations.enumerated() {
            let params = operation.parameters.filter { $0.location != .querystring }
            var parameterSets: [(String, [OpenAPIModel.Parameter])] = [("all", params)]
            let required = params.filter { $0.required || $0.location == .path }
            if required.count != params.count { parameterSets.append(("required", required)) }
            for optional in params where !(optional.required || optional.location == .path) {
                parameterSets.append(("only \(optional.name)", required + [optional]))
            }
            let bodies = bodyVariants(operation)
            for (setName, set) in parameterSets {
                guard let (target, headers) = build(operation, set) else { continue }
                let bodyList: [(String, String?, [UInt8])] = bodies.isEmpty ? [("no body", nil, [])] : (setName == "all" ? bodies : [bodies[0]])
                for (bodyName, contentType, body) in bodyList {
                    var fields = HTTPHeaders()
                    for (name, value) in headers { fields.append(name: name, value: value) }
                    if let contentType { fields.append(name: "Content-Type", value: contentType) }
                    var certificate: ClientCertificate?
                    for (name, value) in security(operation, target: target) {
                        if name == "<tls>" { certificate = ClientCertificate(subject: "CN=client", issuer: "CN=ca", serialNumber: "01") }
                        else if name == "<query>" { continue }
                        else { fields.append(name: name, value: value) }
                    }
                    var finalTarget = target
                    for (name, value) in security(operation, target: target) where name == "<query>" {
                        finalTarget += (finalTarget.contains("?") ? "&" : "?") + value
                    }
                    let label = "\(operation.method.name) \(operation.path) [\(setName), \(bodyName)]"
                    cases.append(Case(label: label, request: HTTPRequest(method: operation.method.name, target: finalTarget, headers: fields, body: body, clientCertificate: certificate), operationIndex: index))
                }
            }
        }
        return cases
    }

    /// Each case plus equivalent spellings a service reads the same way: header names in lower case,
    /// query pairs in reverse order, and `charset=utf-8` on JSON bodies.
    func requestsWithVariants() -> [Case] {
        var result: [Case] = []
        for item in requests() {
            result.append(item)
            var lower = item
            var headers = HTTPHeaders()
            for field in item.request.headers { headers.append(name: field.name.lowercased(), value: field.value) }
            lower.request.headers = headers
            lower.label += " (lower-case header names)"
            result.append(lower)
            if let mark = item.request.target.firstIndex(of: "?") {
                let pairs = item.request.target[item.request.target.index(after: mark)...].split(separator: "&")
                if pairs.count > 1 {
                    var reversed = item
                    reversed.request.target = String(item.request.target[..<mark]) + "?" + pairs.reversed().joined(separator: "&")
                    reversed.label += " (query reversed)"
                    result.append(reversed)
                }
            }
            if item.request.contentType?.hasSuffix("json") == true {
                var charset = item
                var fields = HTTPHeaders()
                for field in item.request.headers {
                    fields.append(name: field.name, value: field.name.lowercased() == "content-type" ? field.value + "; charset=utf-8" : field.value)
                }
                charset.request.headers = fields
                charset.label += " (charset)"
                result.append(charset)
            }
        }
        return result
    }

    func responses() -> [ResponseCase] {
        var cases: [ResponseCase] = []
        for (index, operation) in document.operations.enumerated() {
            for response in operation.responses {
                let status: Int
                switch response.key {
                case .status(let code): status = code
                case .range(let digit): status = digit * 100
                case .default: status = 599
                }
                var fields = HTTPHeaders()
                for header in response.headers {
                    guard let example = header.example ?? header.examples.first?.value else { continue }
                    fields.append(name: header.name, value: Self.plain(example))
                }
                if response.content.isEmpty {
                    cases.append(ResponseCase(label: "\(operation.method.name) \(operation.path) → \(status)", response: HTTPResponse(status: status, headers: fields), operationIndex: index, method: operation.method.name))
                }
                for media in response.content {
                    let examples = ([media.example].compactMap { $0 }) + media.examples.compactMap(\.value)
                    for example in examples {
                        var withType = fields
                        withType.append(name: "Content-Type", value: media.contentType)
                        let body = media.contentType.contains("json") ? JSONWriter.compact(example) : Self.plain(example)
                        cases.append(ResponseCase(label: "\(operation.method.name) \(operation.path) → \(status) \(media.contentType)",
                                                  response: HTTPResponse(status: status, headers: withType, body: Array(body.utf8)), operationIndex: index, method: operation.method.name))
                    }
                }
            }
        }
        return cases
    }

    // MARK: Parameters

    private func build(_ operation: OpenAPIModel.Operation, _ parameters: [OpenAPIModel.Parameter]) -> (String, [(String, String)])? {
        var path = operation.path
        var query: [String] = []
        var headers: [(String, String)] = []
        var cookies: [String] = []
        for parameter in operation.parameters where parameter.location == .path {
            guard let value = Self.example(parameter) else { return nil }
            path = path.replacingOccurrences("{\(parameter.name)}", with: Self.pathText(parameter, value))
        }
        for parameter in parameters where parameter.location != .path {
            guard let value = Self.example(parameter) else {
                if parameter.required { return nil }
                continue
            }
            switch parameter.location {
            case .query: query += Self.queryPairs(parameter, value)
            case .header: headers.append((parameter.name, Self.simple(value, explode: parameter.explode, encode: false)))
            case .cookie: cookies.append("\(parameter.name)=\(Self.simple(value, explode: false, encode: true))")
            default: continue
            }
        }
        if !cookies.isEmpty { headers.append(("Cookie", cookies.joined(separator: "; "))) }
        let target = basePath + path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        return (target, headers)
    }

    static func example(_ parameter: OpenAPIModel.Parameter) -> JSONValue? {
        if let value = parameter.example ?? parameter.examples.first?.value ?? parameter.extensions["x-example"] { return value }
        if let media = parameter.content.first, let value = media.example ?? media.examples.first?.value { return value }
        if let schema = parameter.schema?.value {
            if let value = schema["default"] ?? schema["enum"]?.arrayValue?.first { return value }
            switch schema["type"]?.stringValue {
            case "integer", "number": return JSONValue(.number(JSONNumber(schema["minimum"]?.intValue ?? 1)))
            case "string": return .string("x")
            case "boolean": return .bool(true)
            default: return nil
            }
        }
        return nil
    }

    static func plain(_ value: JSONValue) -> String {
        if case .string(let text) = value.kind { return text }
        return JSONWriter.compact(value)
    }

    static func encode(_ text: String) -> String { Normalizer.encode(text) }

    static func items(_ value: JSONValue) -> [String]? { value.arrayValue?.map(plain) }

    static func members(_ value: JSONValue) -> [(String, String)]? { value.objectValue?.members.map { ($0.key, plain($0.value)) } }

    static func simple(_ value: JSONValue, explode: Bool, encode: Bool) -> String {
        func e(_ text: String) -> String { encode ? Self.encode(text) : text }
        if let list = items(value) { return list.map { e($0) }.joined(separator: ",") }
        if let pairs = members(value) {
            return pairs.map { pair -> String in explode ? e(pair.0) + "=" + e(pair.1) : e(pair.0) + "," + e(pair.1) }.joined(separator: ",")
        }
        return e(plain(value))
    }

    static func pathText(_ parameter: OpenAPIModel.Parameter, _ value: JSONValue) -> String {
        switch parameter.style {
        case .label:
            if let list = items(value) { return "." + list.map(encode).joined(separator: parameter.explode ? "." : ",") }
            return "." + simple(value, explode: parameter.explode, encode: true)
        case .matrix:
            let name = parameter.name
            if let list = items(value) {
                return parameter.explode ? list.map { ";\(name)=\(encode($0))" }.joined() : ";\(name)=" + list.map(encode).joined(separator: ",")
            }
            if let pairs = members(value), parameter.explode { return pairs.map { ";\(encode($0.0))=\(encode($0.1))" }.joined() }
            return ";\(name)=" + simple(value, explode: false, encode: true)
        default:
            return simple(value, explode: parameter.explode, encode: true)
        }
    }

    static func queryPairs(_ parameter: OpenAPIModel.Parameter, _ value: JSONValue) -> [String] {
        let name = encode(parameter.name)
        if !parameter.content.isEmpty { return ["\(name)=\(encode(JSONWriter.compact(value)))"] }
        switch parameter.style {
        case .deepObject:
            return (members(value) ?? []).map { "\(name)%5B\(encode($0.0))%5D=\(encode($0.1))" }
        case .spaceDelimited:
            return ["\(name)=" + (items(value) ?? []).map(encode).joined(separator: "%20")]
        case .pipeDelimited:
            return ["\(name)=" + (items(value) ?? []).map(encode).joined(separator: "|")]
        default:
            if let list = items(value) {
                return parameter.explode ? list.map { "\(name)=\(encode($0))" } : ["\(name)=" + list.map(encode).joined(separator: ",")]
            }
            if let pairs = members(value) {
                return parameter.explode ? pairs.map { "\(encode($0.0))=\(encode($0.1))" } : ["\(name)=" + pairs.map { "\(encode($0.0)),\(encode($0.1))" }.joined(separator: ",")]
            }
            return ["\(name)=\(encode(plain(value)))"]
        }
    }

    // MARK: Bodies

    private func bodyVariants(_ operation: OpenAPIModel.Operation) -> [(String, String?, [UInt8])] {
        guard let body = operation.requestBody else { return [] }
        var variants: [(String, String?, [UInt8])] = []
        for media in body.content {
            var examples = [media.example].compactMap { $0 } + media.examples.compactMap(\.value)
            if examples.isEmpty, let generated = schemaExample(media.schema) { examples = [generated] }
            for (number, example) in examples.enumerated() {
                let label = "\(media.contentType) #\(number)"
                if media.contentType.contains("json") {
                    variants.append((label, media.contentType, Array(JSONWriter.compact(example).utf8)))
                } else if media.contentType == "application/x-www-form-urlencoded" {
                    var pairs: [String] = []
                    for member in example.objectValue?.members ?? [] {
                        if let list = Self.items(member.value) { pairs += list.map { "\(Self.encode(member.key))=\(Self.encode($0))" } }
                        else { pairs.append("\(Self.encode(member.key))=\(Self.encode(Self.plain(member.value)))") }
                    }
                    variants.append((label, media.contentType, Array(pairs.joined(separator: "&").utf8)))
                } else if media.contentType.hasPrefix("multipart/") {
                    variants.append((label, "multipart/form-data; boundary=XyZ", Self.multipart(example, media)))
                } else {
                    variants.append((label, media.contentType, Array(Self.plain(example).utf8)))
                }
            }
        }
        return variants
    }

    /// The schema's own `example` (through a local `$ref`), else an object of its string properties.
    private func schemaExample(_ source: SchemaSource?) -> JSONValue? {
        guard let source else { return nil }
        var schema = source.value
        if let reference = schema["$ref"]?.stringValue, let fragment = reference.split(separator: "#").last,
           let pointer = JSONPointer(String(fragment)), let root = document.sourceDocuments[source.file], let target = pointer.evaluate(in: root) {
            schema = target
        }
        if let example = schema["example"] { return example }
        guard let properties = schema["properties"]?.objectValue else { return nil }
        var members: [JSONMember] = []
        for member in properties.members {
            let type = member.value["type"]?.stringValue
            if type == "string" || type == "file" { members.append(JSONMember(key: member.key, value: .string("data"))) }
        }
        return members.isEmpty ? nil : JSONValue(.object(JSONObject(members)))
    }

    static func multipart(_ example: JSONValue, _ media: OpenAPIModel.MediaType) -> [UInt8] {
        var text = ""
        for member in example.objectValue?.members ?? [] {
            let encoding = media.encoding.first(where: { $0.property == member.key })
            text += "--XyZ\r\n"
            if let type = encoding?.contentType, !type.contains("json") {
                let first = type.split(separator: ",").first.map { String($0).trimmingSpaces } ?? type
                text += "Content-Disposition: form-data; name=\"\(member.key)\"; filename=\"\(member.key).bin\"\r\nContent-Type: \(first)\r\n"
                for header in encoding?.headers ?? [] {
                    if let value = header.example { text += "\(header.name): \(plain(value))\r\n" }
                }
                text += "\r\n\(plain(member.value))\r\n"
            } else if member.value.objectValue != nil || encoding?.contentType?.contains("json") == true {
                text += "Content-Disposition: form-data; name=\"\(member.key)\"\r\nContent-Type: application/json\r\n\r\n\(JSONWriter.compact(member.value))\r\n"
            } else {
                text += "Content-Disposition: form-data; name=\"\(member.key)\"\r\n\r\n\(plain(member.value))\r\n"
            }
        }
        text += "--XyZ--\r\n"
        return Array(text.utf8)
    }

    // MARK: Security

    /// Header (or `<query>`/`<tls>`) pairs satisfying the first alternative, in form.
    private func security(_ operation: OpenAPIModel.Operation, target: String) -> [(String, String)] {
        guard let first = operation.effectiveSecurity.first else { return [] }
        var result: [(String, String)] = []
        var cookies: [String] = []
        for entry in first.schemes {
            guard let scheme = document.components.securityScheme(named: entry.scheme) else { continue }
            switch scheme.kind {
            case .apiKey(let name, let location):
                switch location {
                case .header: result.append((name, "k-12345"))
                case .query: result.append(("<query>", "\(name)=k-12345"))
                case .cookie: cookies.append("\(name)=k-12345")
                }
            case .http(let httpScheme, _):
                switch httpScheme {
                case "basic": result.append(("Authorization", "Basic YWRhOnNlY3JldA=="))
                case "digest":
                    let response = String(repeating: "ab", count: 32)
                    result.append(("Authorization", "Digest username=\"ada\", realm=\"api\", nonce=\"n1\", uri=\"\(target)\", response=\"\(response)\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"c1\""))
                default: result.append(bearer)
                }
            case .oauth2, .openIdConnect: result.append(bearer)
            case .mutualTLS: result.append(("<tls>", ""))
            }
        }
        if !cookies.isEmpty { result.append(("Cookie", cookies.joined(separator: "; "))) }
        return result
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }

    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        guard !target.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) { return index..<self.index(index, offsetBy: target.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
