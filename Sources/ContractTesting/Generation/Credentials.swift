/// Credentials given on the command line or in the config file, one per scheme type.
public struct Credentials: Sendable, Hashable {
    public var basic: (user: String, password: String)? {
        get { basicUser.map { ($0, basicPassword ?? "") } }
        set { basicUser = newValue?.user; basicPassword = newValue?.password }
    }
    var basicUser: String?
    var basicPassword: String?
    /// A bearer token (used for `http bearer`, `oauth2` and `openIdConnect` schemes).
    public var bearer: String?
    /// API key values by the key's parameter name (`X-API-Key`).
    public var apiKeys: [String: String] = [:]
    /// PEM files for mutual TLS.
    public var clientCertificateFile: String?
    public var clientKeyFile: String?

    public init() {}

    /// The problem with an `--auth` value.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var value: String
        public var description: String {
            "invalid --auth \(value.split(separator: ":").first.map(String.init) ?? ""): expected basic:USER:PASSWORD, bearer:TOKEN or apikey:NAME=VALUE"
        }
    }

    /// Adds one `--auth` value: `basic:user:pass`, `bearer:TOKEN` or `apikey:NAME=VALUE`.
    public mutating func add(_ text: String) throws(ParseError) {
        guard let colon = text.firstIndex(of: ":") else { throw ParseError(value: text) }
        let kind = text[..<colon].lowercased()
        let rest = String(text[text.index(after: colon)...])
        switch kind {
        case "basic":
            guard let separator = rest.firstIndex(of: ":") else { throw ParseError(value: text) }
            basicUser = String(rest[..<separator])
            basicPassword = String(rest[rest.index(after: separator)...])
        case "bearer":
            guard !rest.isEmpty else { throw ParseError(value: text) }
            bearer = rest
        case "apikey":
            guard let equals = rest.firstIndex(of: "="), equals > rest.startIndex else { throw ParseError(value: text) }
            apiKeys[String(rest[..<equals])] = String(rest[rest.index(after: equals)...])
        default:
            throw ParseError(value: text)
        }
    }

    /// Every secret value, for masking in reports.
    public var secrets: [String] {
        var values: [String] = []
        if let basicPassword, !basicPassword.isEmpty { values.append(basicPassword) }
        if let bearer { values.append(bearer) }
        values += apiKeys.values.filter { !$0.isEmpty }
        return values
    }

    public static func == (lhs: Credentials, rhs: Credentials) -> Bool {
        lhs.basicUser == rhs.basicUser && lhs.basicPassword == rhs.basicPassword && lhs.bearer == rhs.bearer
            && lhs.apiKeys == rhs.apiKeys && lhs.clientCertificateFile == rhs.clientCertificateFile
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(basicUser); hasher.combine(bearer); hasher.combine(apiKeys)
    }

    /// A well-formed JWT-shaped token used when the operation wants a bearer token and none was given.
    static let placeholderJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzcGVjZ3VhcmQiLCJleHAiOjQxMDI0NDQ4MDB9.c3BlY2d1YXJkLXNpZ25hdHVyZQ"
}
