import Crypto
import CryptoExtras
import Documents

/// Verifies JWTs: the signature against a key set (JWKS or an HMAC secret), then `exp`, `nbf`,
/// `iss` and `aud`. The scopes granted are the `scope` (space-separated) or `scp` claim.
///
/// Algorithms: HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512. `none` is never accepted,
/// and a key is used only with the algorithm family it is for (no RSA key as an HMAC secret).
public struct JWTVerifier: TokenVerifier {
    /// The keys tokens may be signed with.
    public var keys: JWTKeySet
    /// The `iss` a token must carry, when set.
    public var issuer: String?
    /// One of these must be in `aud`, when not empty.
    public var audiences: [String]
    /// Clock skew tolerated on `exp` and `nbf`, in seconds.
    public var leeway: Double
    /// Whether a token without `exp` is refused.
    public var requiresExpiry: Bool

    /// A verifier over `keys`, with the claim checks to apply.
    public init(keys: JWTKeySet, issuer: String? = nil, audiences: [String] = [], leeway: Double = 30, requiresExpiry: Bool = true) {
        self.keys = keys
        self.issuer = issuer
        self.audiences = audiences
        self.leeway = leeway
        self.requiresExpiry = requiresExpiry
    }

    /// Signature first, then `exp`/`nbf` (with `leeway`), `iss` and `aud`; the granted scopes when all hold.
    public func verify(token: Secret, now: Double) -> VerificationResult {
        let jwt: JWT
        switch JWT.parse(token.value) {
        case .success(let parsed): jwt = parsed
        case .failure: return .invalid(reason: "token is not a well-formed JWT")
        }
        guard !jwt.isUnsecured else { return .invalid(reason: "unsigned tokens (alg none) are not accepted") }
        guard keys.verifies(jwt) else { return .invalid(reason: "token signature does not verify") }
        let claims = jwt.claims
        if let expiry = claims.expiresAt {
            guard now < expiry + leeway else { return .invalid(reason: "token expired") }
        } else if requiresExpiry {
            return .invalid(reason: "token has no exp claim")
        }
        if let notBefore = claims.notBefore, now + leeway < notBefore { return .invalid(reason: "token not yet valid (nbf)") }
        // Issued in the future: PyJWT, Authlib and joserfc refuse it (a clock or a forged `iat`; found by an audit).
        if let issuedAt = claims.issuedAt, now + leeway < issuedAt { return .invalid(reason: "token issued in the future (iat)") }
        if let issuer, claims.issuer != issuer { return .invalid(reason: "token issuer is not the expected one") }
        if !audiences.isEmpty, !claims.audience.contains(where: audiences.contains) {
            return .invalid(reason: "token audience is not the expected one")
        }
        return .valid(scopes: claims.scopes)
    }
}

/// Keys for JWT signatures: HMAC secrets and public keys from a JWKS.
public struct JWTKeySet: Sendable {
    enum Key: Sendable {
        case hmac(SymmetricKey)
        case rsa(_RSA.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
        case p521(P521.Signing.PublicKey)
    }

    var keys: [(id: String?, algorithm: String?, key: Key)] = []

    /// An empty set (verifies nothing).
    public init() {}

    /// A set holding one HMAC secret (for HS256/384/512 tokens).
    public static func hmac(secret: [UInt8], keyID: String? = nil) -> JWTKeySet {
        var set = JWTKeySet()
        set.keys.append((keyID, nil, .hmac(SymmetricKey(data: secret))))
        return set
    }

    /// Why a JWKS could not be read.
    public struct JWKSError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a JWKS document (`{"keys": [...]}`); RSA (`n`, `e`) and EC (`crv`, `x`, `y`) public keys and
    /// `oct` secrets (`k`) are kept, other key types skipped. Throws when the document has no usable key.
    public static func jwks(_ bytes: [UInt8]) throws(JWKSError) -> JWTKeySet {
        let root: JSONValue
        do { root = try JSONReader.read(bytes).value } catch { throw JWKSError(description: "JWKS is not JSON: \(error.message)") }
        guard let list = root["keys"]?.arrayValue else { throw JWKSError(description: "JWKS has no \"keys\" array") }
        var set = JWTKeySet()
        for entry in list {
            let id = entry["kid"]?.stringValue
            let algorithm = entry["alg"]?.stringValue
            if let use = entry["use"]?.stringValue, use != "sig" { continue }
            func field(_ name: String) -> [UInt8]? { entry[name]?.stringValue.flatMap { Base64.decode(Array($0.utf8), alphabet: .urlSafeUnpadded) } }
            switch entry["kty"]?.stringValue {
            case "RSA":
                guard let n = field("n"), let e = field("e"), let key = try? _RSA.Signing.PublicKey(n: n, e: e) else { continue }
                set.keys.append((id, algorithm, .rsa(key)))
            case "EC":
                guard let x = field("x"), let y = field("y") else { continue }
                let raw = x + y
                switch entry["crv"]?.stringValue {
                case "P-256": if let key = try? P256.Signing.PublicKey(rawRepresentation: raw) { set.keys.append((id, algorithm, .p256(key))) }
                case "P-384": if let key = try? P384.Signing.PublicKey(rawRepresentation: raw) { set.keys.append((id, algorithm, .p384(key))) }
                case "P-521": if let key = try? P521.Signing.PublicKey(rawRepresentation: raw) { set.keys.append((id, algorithm, .p521(key))) }
                default: continue
                }
            case "oct":
                guard let secret = field("k") else { continue }
                set.keys.append((id, algorithm, .hmac(SymmetricKey(data: secret))))
            default:
                continue
            }
        }
        guard !set.keys.isEmpty else { throw JWKSError(description: "JWKS has no usable signing key") }
        return set
    }

    /// Whether some key (the one named by `kid` when the token names one) verifies the token's signature.
    func verifies(_ jwt: JWT) -> Bool {
        let input = Array(jwt.signingInput.value.utf8)
        let algorithm = jwt.algorithm
        for entry in keys {
            if let kid = jwt.keyID, let id = entry.id, kid != id { continue }
            if let declared = entry.algorithm, declared != algorithm { continue }
            if Self.verify(jwt.signature, input, algorithm: algorithm, key: entry.key) { return true }
        }
        return false
    }

    static func verify(_ signature: [UInt8], _ input: [UInt8], algorithm: String, key: Key) -> Bool {
        switch (algorithm, key) {
        case ("HS256", .hmac(let secret)): return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: input, using: secret)
        case ("HS384", .hmac(let secret)): return HMAC<SHA384>.isValidAuthenticationCode(signature, authenticating: input, using: secret)
        case ("HS512", .hmac(let secret)): return HMAC<SHA512>.isValidAuthenticationCode(signature, authenticating: input, using: secret)
        case ("RS256", .rsa(let key)): return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5)
        case ("RS384", .rsa(let key)): return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA384.hash(data: input), padding: .insecurePKCS1v1_5)
        case ("RS512", .rsa(let key)): return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA512.hash(data: input), padding: .insecurePKCS1v1_5)
        case ("PS256", .rsa(let key)): return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: input), padding: .PSS)
        case ("PS384", .rsa(let key)): return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA384.hash(data: input), padding: .PSS)
        case ("PS512", .rsa(let key)): return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA512.hash(data: input), padding: .PSS)
        case ("ES256", .p256(let key)):
            guard let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA256.hash(data: input))
        case ("ES384", .p384(let key)):
            guard let parsed = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA384.hash(data: input))
        case ("ES512", .p521(let key)):
            guard let parsed = try? P521.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA512.hash(data: input))
        default:
            return false
        }
    }
}

/// API keys checked against SHA-256 hashes (a file of lowercase hex digests, one a line; `#` starts a comment),
/// so the key file holds no usable key.
public struct APIKeyHashes: APIKeyVerifier {
    /// Digests accepted for every scheme.
    private let digests: Set<[UInt8]>
    /// Digests accepted for one scheme only (`scheme:hex` lines), by the scheme's name in `securitySchemes`.
    private let digestsByScheme: [String: Set<[UInt8]>]

    /// Reads the file: per line a hex SHA-256 (64 digits, any case) for every API key scheme, or `SCHEME:HEX` for
    /// the scheme of that name only; blank lines and `#` comments are allowed. Other lines are skipped here (see
    /// `problem(in:)`, which the commands run first so that a typo stops them instead).
    public init(fileContents: String) {
        var digests: Set<[UInt8]> = []
        var byScheme: [String: Set<[UInt8]>] = [:]
        for line in fileContents.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard case .digest(let scheme, let bytes)? = Self.read(line) else { continue }
            if let scheme { byScheme[scheme, default: []].insert(bytes) } else { digests.insert(bytes) }
        }
        self.digests = digests
        self.digestsByScheme = byScheme
    }

    /// The first line that is neither blank, a comment, nor a digest (as "line N: ..."); nil when every line is.
    public static func problem(in fileContents: String) -> String? {
        let lines = fileContents.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" })
        for (offset, line) in lines.enumerated() where read(line) == nil {
            return "line \(offset + 1) is neither a SHA-256 in hex (64 digits) nor SCHEME:HEX"
        }
        return nil
    }

    private enum Line: Equatable {
        case empty
        case digest(scheme: String?, bytes: [UInt8])
    }

    /// One line: empty (blank or comment), a digest with its scheme, or nil when malformed.
    private static func read(_ line: Substring) -> Line? {
        func trimmed(_ text: Substring) -> Substring {
            var result = text
            while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
            while let last = result.last, last == " " || last == "\t" { result.removeLast() }
            return result
        }
        let text = trimmed(line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        if text.isEmpty { return .empty }
        var scheme: String?
        var hexText = text
        if let colon = text.lastIndex(of: ":") {
            let name = trimmed(text[..<colon])
            guard !name.isEmpty else { return nil }
            scheme = String(name)
            hexText = text[text.index(after: colon)...]
        }
        let hex = Array(hexText.utf8).filter { $0 != 0x20 && $0 != 0x09 }
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < 64 {
            guard let high = hexValue(hex[index]), let low = hexValue(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return .digest(scheme: scheme, bytes: bytes)
    }

    /// The lowercase hex SHA-256 of a key, as the hash file holds it.
    public static func digest(of key: String) -> String {
        SHA256.hash(data: Array(key.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
        }.joined()
    }

    /// Whether the key's SHA-256 is in the file for every scheme, or for `scheme` (its name in `securitySchemes`).
    public func isKnown(key: Secret, scheme: String) -> Bool {
        let digest = Array(SHA256.hash(data: key.bytes))
        return digests.contains(digest) || digestsByScheme[scheme]?.contains(digest) == true
    }

    /// How many digests were read.
    public var count: Int { digests.count + digestsByScheme.values.reduce(0) { $0 + $1.count } }
}
