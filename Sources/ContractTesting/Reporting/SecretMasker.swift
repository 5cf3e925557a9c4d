import OpenAPIModel
import Validation

/// Hides credentials in everything a report shows: credential headers, API keys in headers, query
/// strings and cookies, and any configured secret wherever it appears.
public struct SecretMasker: Sendable {
    public static let mask = "***"
    let headerNames: Set<String>
    let queryNames: Set<String>
    let secrets: [String]

    public init(document: OpenAPIDocument, credentials: Credentials) {
        var headers: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
        var query: Set<String> = []
        for scheme in document.components.securitySchemes {
            if case .apiKey(let name, let location) = scheme.kind {
                if location == .header { headers.insert(name.lowercased()) }
                if location == .query { query.insert(name) }
            }
        }
        self.headerNames = headers
        self.queryNames = query
        self.secrets = credentials.secrets.filter { $0.count >= 3 }
    }

    public func header(_ name: String, _ value: String) -> String {
        headerNames.contains(name.lowercased()) ? Self.mask : text(value)
    }

    /// A target or URL with API key query values hidden.
    public func target(_ target: String) -> String {
        guard let question = target.firstIndex(of: "?") else { return text(target) }
        let pairs = target[target.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return queryNames.contains(name) ? name + "=" + Self.mask : String(pair)
        }
        return text(String(target[...question]) + pairs.joined(separator: "&"))
    }

    /// Free text with configured secrets replaced.
    public func text(_ value: String) -> String {
        var result = value
        for secret in secrets { result = result.replacingAll(secret, with: Self.mask) }
        return result
    }
}
