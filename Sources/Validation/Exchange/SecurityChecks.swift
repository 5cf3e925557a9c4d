import Documents
import OpenAPIModel

/// How one scheme of a requirement fared.
enum SchemeOutcome {
    case satisfied
    /// Missing or malformed or not genuine (401).
    case unauthenticated(Violation)
    /// Genuine but without the scopes needed (403).
    case forbidden(Violation)
}

extension ExchangeValidator {
    /// Security requirements are an OR of ANDs: the request passes when every scheme of one alternative
    /// is satisfied. Otherwise: 403 when some alternative failed only on scopes, else 401 with a
    /// `WWW-Authenticate` challenge for each scheme the operation declares.
    func checkSecurity(_ request: HTTPRequest, _ plan: OperationPlan, query: QueryString, into verdict: inout RequestVerdict) {
        let security = plan.security
        if security.isOpen { return }
        var unauthenticated: [Violation] = []
        var forbidden: [Violation] = []
        var scratch = SecurityScratch()
        for alternative in security.alternatives {
            var allSatisfied = true
            var onlyScopes = true
            var local401: [Violation] = []
            var local403: [Violation] = []
            for scheme in alternative {
                switch check(scheme, request, query: query, scratch: &scratch) {
                case .satisfied: continue
                case .unauthenticated(let violation):
                    allSatisfied = false
                    onlyScopes = false
                    local401.append(violation)
                case .forbidden(let violation):
                    allSatisfied = false
                    local403.append(violation)
                }
            }
            if allSatisfied {
                verdict.verifiedTokenSubject = scratch.verifiedSubject
                return
            }
            if onlyScopes { forbidden += local403 } else { unauthenticated += local401 }
        }
        if !forbidden.isEmpty {
            verdict.violations += Self.unique(forbidden)
            return
        }
        verdict.violations += Self.unique(unauthenticated)
        for challenge in challenges(security) { verdict.responseHeaders.append(name: "WWW-Authenticate", value: challenge) }
    }

    /// What the scheme checks of one request share: the clock read once, and the subject of a token the
    /// verifier accepted.
    private struct SecurityScratch {
        var now: Double?
        var verifiedSubject: String?
    }

    private static func unique(_ violations: [Violation]) -> [Violation] {
        var seen: Set<Violation> = []
        return violations.filter { seen.insert($0).inserted }
    }

    private func check(_ scheme: SchemeCheck, _ request: HTTPRequest, query: QueryString, scratch: inout SecurityScratch) -> SchemeOutcome {
        guard let kind = scheme.kind else {
            return .unauthenticated(Violation(location: .security, name: scheme.name, keyword: "undeclared-scheme",
                                              message: "security scheme is not declared in components", kind: .unauthenticated))
        }
        switch kind {
        case .apiKey(let name, let location):
            let place: APIKeyLocation
            switch location {
            case .header: place = .header
            case .query: place = .query
            case .cookie: place = .cookie
            }
            switch APIKey.extract(named: name, in: place, from: request) {
            case .failure(let error): return .unauthenticated(error.violation(scheme: scheme.name))
            case .success(let key):
                if let verifier = options.verifiers.apiKeys, !verifier.isKnown(key: key, scheme: scheme.name) {
                    return .unauthenticated(Violation(location: .security, name: scheme.name, keyword: "unknown-api-key",
                                                      message: "API key is not a known key", kind: .unauthenticated))
                }
                return .satisfied
            }
        case .http(let httpScheme, let bearerFormat):
            return checkHTTP(scheme, httpScheme: httpScheme, bearerFormat: bearerFormat, request, scratch: &scratch)
        case .oauth2, .openIdConnect:
            return checkBearer(scheme, request, requireJWT: false, scratch: &scratch)
        case .mutualTLS:
            if request.clientCertificate != nil { return .satisfied }
            return .unauthenticated(Violation(location: .security, name: scheme.name, keyword: "missing-client-certificate",
                                              message: "no verified client certificate was presented", kind: .unauthenticated))
        }
    }

    private func checkHTTP(_ scheme: SchemeCheck, httpScheme: String, bearerFormat: String?, _ request: HTTPRequest, scratch: inout SecurityScratch) -> SchemeOutcome {
        if httpScheme == "bearer" {
            return checkBearer(scheme, request, requireJWT: bearerFormat?.uppercased() == "JWT", scratch: &scratch)
        }
        let authorization: Authorization
        switch Authorization.from(request.headers) {
        case .failure(let error): return .unauthenticated(error.violation(scheme: scheme.name))
        case .success(let value): authorization = value
        }
        guard authorization.isScheme(httpScheme) else {
            return .unauthenticated(CredentialError(.wrongScheme, field: httpScheme).violation(scheme: scheme.name))
        }
        switch httpScheme {
        case "basic":
            if case .failure(let error) = BasicCredentials.parse(authorization) { return .unauthenticated(error.violation(scheme: scheme.name)) }
        case "digest":
            if case .failure(let error) = DigestCredentials.parse(authorization, requestTarget: request.target) {
                return .unauthenticated(error.violation(scheme: scheme.name))
            }
        default:
            // Other schemes (hoba, mutual, ...) are checked for presence and scheme name only.
            if authorization.credentials.value.isEmpty { return .unauthenticated(CredentialError(.missing).violation(scheme: scheme.name)) }
        }
        return .satisfied
    }

    private func checkBearer(_ scheme: SchemeCheck, _ request: HTTPRequest, requireJWT: Bool, scratch: inout SecurityScratch) -> SchemeOutcome {
        let token: BearerToken
        switch Authorization.from(request.headers).flatMap(BearerToken.parse) {
        case .failure(let error): return .unauthenticated(error.violation(scheme: scheme.name))
        case .success(let value): token = value
        }
        guard let verifier = options.verifiers.tokens else {
            if requireJWT, case .failure(let error) = token.jwt { return .unauthenticated(error.violation(scheme: scheme.name)) }
            return .satisfied
        }
        let time = scratch.now ?? options.verifiers.clock()
        scratch.now = time
        switch verifier.verify(token: token.token, now: time) {
        case .invalid(let reason):
            return .unauthenticated(Violation(location: .security, name: scheme.name, keyword: "invalid-token", message: reason, kind: .unauthenticated))
        case .valid(let granted):
            if case .success(let jwt) = token.jwt { scratch.verifiedSubject = jwt.claims.subject }
            let missing = scheme.scopes.filter { !granted.contains($0) }
            guard missing.isEmpty else {
                return .forbidden(Violation(location: .security, name: scheme.name, keyword: "insufficient-scope",
                                            message: "token lacks the scope\(missing.count == 1 ? "" : "s") \(missing.joined(separator: " "))", kind: .forbidden))
            }
            return .satisfied
        }
    }

    /// One challenge per declared scheme of the operation, in order, without repeats.
    private func challenges(_ security: SecurityPlan) -> [String] {
        var result: [String] = []
        for alternative in security.alternatives {
            for scheme in alternative {
                guard let kind = scheme.kind else { continue }
                let challenge: String
                switch kind {
                case .apiKey(let name, let location):
                    challenge = "APIKey realm=\"api\", name=\"\(Self.quoted(name))\", in=\"\(location.rawValue)\""
                case .http(let httpScheme, _):
                    switch httpScheme {
                    case "basic": challenge = "Basic realm=\"api\", charset=\"UTF-8\""
                    case "bearer": challenge = "Bearer realm=\"api\""
                    case "digest": challenge = "Digest realm=\"api\", qop=\"auth\", algorithm=SHA-256, nonce=\"\(Self.nonce())\""
                    default: challenge = Self.capitalized(httpScheme) + " realm=\"api\""
                    }
                case .oauth2, .openIdConnect:
                    challenge = scheme.scopes.isEmpty ? "Bearer realm=\"api\"" : "Bearer realm=\"api\", scope=\"\(Self.quoted(scheme.scopes.joined(separator: " ")))\""
                case .mutualTLS:
                    continue
                }
                if !result.contains(challenge) { result.append(challenge) }
            }
        }
        return result
    }

    private static func quoted(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\"" && $0 != "\\" && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }

    private static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// A fresh random nonce for Digest challenges (hex of 16 random bytes).
    private static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(generator.next() % 16)] })
    }
}
