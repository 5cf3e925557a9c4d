import Documents
import OpenAPIModel
import Validation

/// A case turned into bytes: what goes on the wire, relative to the base URL.
public struct RenderedRequest: Sendable, Hashable {
    public var method: String
    /// The expanded path and query (`/products/7?q=a`), without the base URL's path.
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// True when the operation's chosen security needs the client certificate.
    public var usesClientCertificate: Bool

    public init(method: String, target: String, headers: HTTPHeaders, body: [UInt8], usesClientCertificate: Bool = false) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.usesClientCertificate = usesClientCertificate
    }
}

/// Renders cases into requests: parameters in their styles, bodies in their media types, credentials.
struct RequestRenderer: Sendable {
    let document: OpenAPIDocument
    let credentials: Credentials
    /// Extra headers sent with every request (`--header`).
    let extraHeaders: [(String, String)]
    /// The base path the API is served under, for credentials that sign the request target (Digest `uri`).
    var basePaths: [String] = []

    func render(_ testCase: TestCase) -> RenderedRequest {
        guard document.operations.indices.contains(testCase.operationIndex) else {
            return RenderedRequest(method: testCase.methodOverride ?? "GET", target: "/", headers: HTTPHeaders(), body: [])
        }
        let operation = document.operations[testCase.operationIndex]
        var path = operation.path
        var query: [String] = []
        var headers = HTTPHeaders()
        var cookies: [(String, String)] = []
        for value in testCase.parameters {
            guard let parameter = operation.parameters.first(where: { $0.name == value.name && $0.location == value.location }) else { continue }
            switch parameter.location {
            case .path:
                path = path.replacingAll("{" + parameter.name + "}", with: value.value.map { ParameterSerializer.path(parameter, $0) } ?? "")
            case .query:
                if let item = value.value { query += ParameterSerializer.query(parameter, item) }
            case .header:
                if let item = value.value { headers.append(name: parameter.name, value: ParameterSerializer.header(parameter, item)) }
            case .cookie:
                if let item = value.value { cookies += ParameterSerializer.cookie(parameter, item) }
            case .querystring:
                if let item = value.value { query.append(ParameterSerializer.encode(ParameterSerializer.primitive(item), keep: "=&")) }
            }
        }
        var body: [UInt8] = []
        if let value = testCase.body, let mediaType = testCase.mediaType {
            let encoded = BodyEncoder.encode(value, mediaType: mediaType, encodings: operation.requestBody?.content.first(where: { $0.contentType == mediaType })?.encoding ?? [])
            body = encoded.bytes
            headers.append(name: "Content-Type", value: encoded.contentType)
        }
        for (name, value) in extraHeaders { headers.append(name: name, value: value) }
        var target = path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let usesCertificate = applyCredentials(operation, testCase.credentials, target: (basePaths.indices.contains(testCase.operationIndex) ? basePaths[testCase.operationIndex] : "") + target, headers: &headers, query: &query, cookies: &cookies)
        target = path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        if !cookies.isEmpty { headers.append(name: "Cookie", value: cookies.map { $0.0 + "=" + $0.1 }.joined(separator: "; ")) }
        let method = testCase.methodOverride ?? operation.method.name
        return RenderedRequest(method: method, target: target, headers: headers, body: body, usesClientCertificate: usesCertificate)
    }

    // MARK: Credentials

    private func scheme(_ name: String) -> SecurityScheme? {
        document.components.securitySchemes.first(where: { $0.name == name })
    }

    /// Whether configured credentials (not placeholders) cover every scheme of a requirement.
    private func isConfigured(_ requirement: SecurityRequirement) -> Bool {
        requirement.schemes.allSatisfy { entry in
            guard let scheme = scheme(entry.scheme) else { return false }
            switch scheme.kind {
            case .apiKey(let name, _): return credentials.apiKeys[name] != nil
            case .http(let httpScheme, _):
                return httpScheme == "basic" ? credentials.basic != nil : httpScheme == "bearer" ? credentials.bearer != nil : false
            case .oauth2, .openIdConnect: return credentials.bearer != nil
            case .mutualTLS: return credentials.clientCertificateFile != nil
            }
        }
    }

    /// Puts credentials on the request as `mode` asks; returns whether the client certificate is needed.
    private func applyCredentials(_ operation: OpenAPIModel.Operation, _ mode: CredentialMode, target: String, headers: inout HTTPHeaders,
                                  query: inout [String], cookies: inout [(String, String)]) -> Bool {
        let requirements = operation.effectiveSecurity
        switch mode {
        case .none:
            return false
        case .configured:
            let chosen = requirements.first(where: isConfigured)
                ?? requirements.first(where: \.isAnonymous)
                ?? requirements.first
            guard let chosen else { return false }
            var needsCertificate = false
            for entry in chosen.schemes {
                guard let scheme = scheme(entry.scheme) else { continue }
                if case .mutualTLS = scheme.kind { needsCertificate = true; continue }
                put(wellFormed(scheme, target: target), for: scheme, headers: &headers, query: &query, cookies: &cookies)
            }
            return needsCertificate
        case .malformed:
            guard let first = requirements.first(where: { !$0.isAnonymous }) else { return false }
            for entry in first.schemes {
                guard let scheme = scheme(entry.scheme) else { continue }
                put(malformed(scheme), for: scheme, headers: &headers, query: &query, cookies: &cookies)
            }
            return false
        case .wrongScheme:
            let usesBasic = requirements.contains { $0.schemes.contains { if case .http("basic", _) = scheme($0.scheme)?.kind { return true } else { return false } } }
            headers.append(name: "Authorization", value: usesBasic ? "Bearer " + (credentials.bearer ?? Credentials.placeholderJWT) : "Basic c3BlY2d1YXJkOnNwZWNndWFyZA==")
            return false
        }
    }

    private func wellFormed(_ scheme: SecurityScheme, target: String) -> String {
        switch scheme.kind {
        case .apiKey(let name, _): return credentials.apiKeys[name] ?? "specguard-placeholder-key"
        case .http(let httpScheme, _):
            switch httpScheme {
            case "basic":
                let pair = credentials.basic.map { $0.user + ":" + $0.password } ?? "specguard:specguard"
                return "Basic " + Base64Text.encode(Array(pair.utf8))
            case "bearer": return "Bearer " + (credentials.bearer ?? Credentials.placeholderJWT)
            case "digest":
                return "Digest username=\"specguard\", realm=\"api\", nonce=\"0123456789abcdef\", uri=\"\(target)\", qop=auth, nc=00000001, cnonce=\"abcdef\", response=\"0123456789abcdef0123456789abcdef\""
            default: return httpScheme.prefix(1).uppercased() + httpScheme.dropFirst() + " c3BlY2d1YXJk"
            }
        case .oauth2, .openIdConnect: return "Bearer " + (credentials.bearer ?? Credentials.placeholderJWT)
        case .mutualTLS: return ""
        }
    }

    private func malformed(_ scheme: SecurityScheme) -> String {
        switch scheme.kind {
        case .apiKey: return ""
        case .http(let httpScheme, _):
            switch httpScheme {
            case "basic": return "Basic %%%not-base64%%%"
            case "bearer": return "Bearer not a token"
            case "digest": return "Digest garbage"
            default: return httpScheme
            }
        case .oauth2, .openIdConnect: return "Bearer not a token"
        case .mutualTLS: return ""
        }
    }

    private func put(_ value: String, for scheme: SecurityScheme, headers: inout HTTPHeaders, query: inout [String], cookies: inout [(String, String)]) {
        switch scheme.kind {
        case .apiKey(let name, let location):
            switch location {
            case .header: headers.append(name: name, value: value)
            case .query: query.append(ParameterSerializer.encode(name) + "=" + ParameterSerializer.encode(value))
            case .cookie: cookies.append((name, ParameterSerializer.encode(value)))
            }
        case .mutualTLS: return
        default: headers.append(name: "Authorization", value: value)
        }
    }
}

/// Standard base64 (for Basic credentials).
enum Base64Text {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (chunk.count > 1 ? UInt32(chunk[1]) << 8 : 0) | (chunk.count > 2 ? UInt32(chunk[2]) : 0)
            output.append(alphabet[Int((value >> 18) & 63)])
            output.append(alphabet[Int((value >> 12) & 63)])
            output.append(chunk.count > 1 ? alphabet[Int((value >> 6) & 63)] : "=")
            output.append(chunk.count > 2 ? alphabet[Int(value & 63)] : "=")
            index += 3
        }
        return output
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) { return index..<self.index(index, offsetBy: target.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
