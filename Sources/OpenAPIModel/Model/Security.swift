/// A security scheme from `components.securitySchemes` (or 2.0 `securityDefinitions`).
public struct SecurityScheme: Sendable, Hashable {
    /// The scheme's key in components.
    public var name: String
    public var kind: Kind
    public var description: String?
    public var deprecated: Bool
    public var source: NodeSource

    /// The scheme type with its settings.
    public enum Kind: Sendable, Hashable {
        /// An API key carried in a header, query parameter or cookie named `name`.
        case apiKey(name: String, location: APIKeyLocation)
        /// HTTP authentication: `scheme` lowercased (`basic`, `bearer`, `digest`, ...).
        case http(scheme: String, bearerFormat: String?)
        case oauth2(OAuthFlows)
        case openIdConnect(url: String)
        case mutualTLS
    }

    public init(name: String, kind: Kind, description: String? = nil, deprecated: Bool = false, source: NodeSource = .synthesized) {
        self.name = name
        self.kind = kind
        self.description = description
        self.deprecated = deprecated
        self.source = source
    }

    /// The `type` field text: apiKey, http, oauth2, openIdConnect, mutualTLS.
    public var typeName: String {
        switch kind {
        case .apiKey: return "apiKey"
        case .http: return "http"
        case .oauth2: return "oauth2"
        case .openIdConnect: return "openIdConnect"
        case .mutualTLS: return "mutualTLS"
        }
    }

    /// A short human summary such as `http bearer (JWT)` or `apiKey in header X-API-Key`.
    public var summary: String {
        switch kind {
        case .apiKey(let name, let location): return "apiKey in \(location.rawValue) \(name)"
        case .http(let scheme, let format): return "http \(scheme)" + (format.map { " (\($0))" } ?? "")
        case .oauth2(let flows): return "oauth2 " + flows.names.joined(separator: ", ")
        case .openIdConnect(let url): return "openIdConnect \(url)"
        case .mutualTLS: return "mutualTLS"
        }
    }
}

/// Where an API key is carried.
public enum APIKeyLocation: String, Sendable, Hashable {
    case header, query, cookie
}

/// The OAuth 2 flows a scheme supports.
public struct OAuthFlows: Sendable, Hashable {
    public var implicit: OAuthFlow?
    public var password: OAuthFlow?
    public var clientCredentials: OAuthFlow?
    public var authorizationCode: OAuthFlow?
    /// OpenAPI 3.2: the device authorization flow.
    public var deviceAuthorization: OAuthFlow?

    public init(implicit: OAuthFlow? = nil, password: OAuthFlow? = nil, clientCredentials: OAuthFlow? = nil,
                authorizationCode: OAuthFlow? = nil, deviceAuthorization: OAuthFlow? = nil) {
        self.implicit = implicit
        self.password = password
        self.clientCredentials = clientCredentials
        self.authorizationCode = authorizationCode
        self.deviceAuthorization = deviceAuthorization
    }

    /// Names of the flows present, in a fixed order.
    public var names: [String] {
        var names: [String] = []
        if implicit != nil { names.append("implicit") }
        if password != nil { names.append("password") }
        if clientCredentials != nil { names.append("clientCredentials") }
        if authorizationCode != nil { names.append("authorizationCode") }
        if deviceAuthorization != nil { names.append("deviceAuthorization") }
        return names
    }

    /// Every scope any flow declares, without repeats.
    public var allScopes: [String] {
        var result: [String] = []
        for flow in [implicit, password, clientCredentials, authorizationCode, deviceAuthorization].compactMap({ $0 }) {
            for scope in flow.scopes where !result.contains(scope.name) { result.append(scope.name) }
        }
        return result
    }
}

/// One OAuth 2 flow.
public struct OAuthFlow: Sendable, Hashable {
    public var authorizationURL: String?
    public var tokenURL: String?
    public var refreshURL: String?
    /// OpenAPI 3.2 device flow endpoint.
    public var deviceAuthorizationURL: String?
    /// Scopes in document order.
    public var scopes: [OAuthScope]

    public init(authorizationURL: String? = nil, tokenURL: String? = nil, refreshURL: String? = nil,
                deviceAuthorizationURL: String? = nil, scopes: [OAuthScope] = []) {
        self.authorizationURL = authorizationURL
        self.tokenURL = tokenURL
        self.refreshURL = refreshURL
        self.deviceAuthorizationURL = deviceAuthorizationURL
        self.scopes = scopes
    }
}

/// A scope name and its description.
public struct OAuthScope: Sendable, Hashable {
    public var name: String
    public var description: String

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }
}

/// One alternative of a `security` list: every scheme named must be satisfied.
/// An empty requirement (`{}`) allows anonymous access.
public struct SecurityRequirement: Sendable, Hashable {
    public var schemes: [Entry]
    public var source: NodeSource

    /// A scheme name and the scopes (or roles) it must carry.
    public struct Entry: Sendable, Hashable {
        public var scheme: String
        public var scopes: [String]

        public init(scheme: String, scopes: [String] = []) {
            self.scheme = scheme
            self.scopes = scopes
        }
    }

    public init(schemes: [Entry], source: NodeSource = .synthesized) {
        self.schemes = schemes
        self.source = source
    }

    /// True for `{}`: no credentials needed.
    public var isAnonymous: Bool { schemes.isEmpty }

    /// `a+b` style text (`{}` for anonymous).
    public var summary: String {
        if schemes.isEmpty { return "{}" }
        return schemes.map { $0.scopes.isEmpty ? $0.scheme : "\($0.scheme)[\($0.scopes.joined(separator: " "))]" }
            .joined(separator: "+")
    }
}
