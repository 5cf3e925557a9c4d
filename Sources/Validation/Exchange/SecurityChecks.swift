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
                if let copy = credentialCopy(alternative, request, query: query) {
                    verdict.violations.append(copy)
                    return
                }
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

    /// A second copy of a credential the satisfied alternative was checked with, somewhere the service may read it
    /// instead: the proxy checks one copy and forwards the rest, so a service reading another place got another key or
    /// token (found by an audit of security schemes: Go's `r.FormValue("api_key")` takes a form body's `api_key` over
    /// the query's checked one; FastAPI's "query, else header" pattern read `?X-API-Key=` over the checked header;
    /// Flask-JWT-Extended read a cookie token of another audience over the verified `Authorization` one). For an API key:
    /// its name (any case) in another of header, query and cookie, or as a form or multipart field. For a bearer token
    /// the proxy verifies: an `access_token` query or form field, or a JWT-shaped value other than the verified token in
    /// another header, a query value or a cookie.
    func credentialCopy(_ alternative: [SchemeCheck], _ request: HTTPRequest, query: QueryString) -> Violation? {
        var keys: [(name: String, location: APIKeyLocation)] = []
        var verifiedBearer = false
        for scheme in alternative {
            switch scheme.kind {
            case .apiKey(let name, let location)?:
                if let place = APIKeyLocation(rawValue: location.rawValue) { keys.append((name, place)) }
            case .http(let httpScheme, _)? where httpScheme == "bearer":
                verifiedBearer = verifiedBearer || options.verifiers.tokens != nil
            case .oauth2?, .openIdConnect?:
                verifiedBearer = verifiedBearer || options.verifiers.tokens != nil
            default:
                continue
            }
        }
        guard !keys.isEmpty || verifiedBearer else { return nil }
        func copy(_ name: String, _ place: String) -> Violation {
            Violation(location: .security, name: name, keyword: "second-credential",
                      message: "the credential \(name) is sent again in \(place): the proxy checks one copy and a service reading the other gets another credential")
        }
        let cookies = Cookies(request.headers)
        let formNames = Self.formFieldNames(request)
        for key in keys {
            let dashed = dashedLowercase(key.name)
            if key.location != .header, request.headers.fields.contains(where: { dashedLowercase($0.name) == dashed }) { return copy(key.name, "a header") }
            if key.location != .query, query.pairs.contains(where: { (try? $0.name.get()).map { asciiCaseInsensitiveEquals($0, key.name) } == true }) {
                return copy(key.name, "the query")
            }
            if key.location != .cookie, cookies.pairs.contains(where: { asciiCaseInsensitiveEquals(String($0.name), key.name) }) {
                return copy(key.name, "a cookie")
            }
            if formNames.contains(where: { asciiCaseInsensitiveEquals($0, key.name) }) { return copy(key.name, "the body") }
        }
        if verifiedBearer {
            // The verified token itself elsewhere (a single-page app's cookie holding the same JWT) is no other credential.
            let verified = (try? Authorization.from(request.headers).flatMap(BearerToken.parse).get())?.token.value
            func otherToken(_ value: Substring) -> Bool {
                let bare = value.count > 7 && asciiCaseInsensitiveEquals(String(value.prefix(7)), "bearer ") ? value.dropFirst(7) : value
                return Self.looksLikeJWT(bare) && verified != String(bare)
            }
            if query.pairs.contains(where: { pair in
                (try? pair.name.get()).map { asciiCaseInsensitiveEquals($0, "access_token") } == true
                    || otherToken(Substring(pair.decodedValue ?? String(pair.rawValue)))
            }) {
                return copy("bearer token", "the query")
            }
            if formNames.contains(where: { asciiCaseInsensitiveEquals($0, "access_token") }) { return copy("bearer token", "the body") }
            if cookies.pairs.contains(where: { otherToken($0.value) }) { return copy("bearer token", "a cookie") }
            for field in request.headers.fields where !asciiCaseInsensitiveEquals(field.name, "authorization") && !asciiCaseInsensitiveEquals(field.name, "cookie") {
                if otherToken(Substring(field.value)) { return copy("bearer token", "the header \(field.name)") }
            }
        }
        return nil
    }

    /// The field names of a form or multipart body (for multipart, the `name` of each part head that spells one), read
    /// leniently: these are where a service may find a second credential, not a validation of the body.
    static func formFieldNames(_ request: HTTPRequest) -> [String] {
        guard !request.body.isEmpty, let type = request.contentType.map({ $0.lowercased() }) else { return [] }
        if type.hasPrefix("application/x-www-form-urlencoded") {
            return QueryString(Substring(String(decoding: request.body, as: UTF8.self))).pairs.compactMap { try? $0.name.get() }
        }
        guard type.hasPrefix("multipart/") else { return [] }
        var names: [String] = []
        let text = String(decoding: request.body, as: UTF8.self)
        var rest = Substring(text)
        while let range = rest.firstRange(of: "name=") {
            var value = rest[range.upperBound...]
            if value.first == "\"" { value = value.dropFirst() }
            names.append(String(value.prefix { $0 != "\"" && $0 != ";" && $0 != "\r" && $0 != "\n" }))
            rest = rest[range.upperBound...]
        }
        return names
    }

    /// A compact JWS: `eyJ` (a JSON object's base64url), then base64url characters with exactly two dots.
    static func looksLikeJWT(_ text: Substring) -> Bool {
        guard text.utf8.count >= 20, text.hasPrefix("eyJ") else { return false }
        var dots = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") { dots += 1; continue }
            guard (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "=") else { return false }
        }
        return dots == 2
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
