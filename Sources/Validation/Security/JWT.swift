import Documents

/// A JSON Web Token read for its shape and claims (RFC 7519); signatures are verified elsewhere.
public struct JWT: Sendable, Hashable {
    public var header: JSONObject
    public var payload: JSONObject
    /// The decoded signature bytes (empty for `alg: none`).
    public var signature: [UInt8]
    /// `base64url(header) "." base64url(payload)`, the bytes a signature covers.
    public var signingInput: Secret
    public var claims: JWTClaims

    /// The `alg` header parameter.
    public var algorithm: String { header["alg"]?.stringValue ?? "" }
    /// The `kid` header parameter.
    public var keyID: String? { header["kid"]?.stringValue }
    /// True for `alg: none` (an unsecured JWT, which a security check should refuse).
    public var isUnsecured: Bool { algorithm.lowercased() == "none" }

    /// Reads a compact JWS: three base64url parts, header and payload JSON objects, `alg` present,
    /// registered claims of the right types.
    public static func parse(_ token: String) -> Result<JWT, CredentialError> {
        let parts = StyleSplitting.split(Substring(token), on: UInt8(ascii: "."))
        guard parts.count == 3 else { return .failure(CredentialError(.jwtNotThreeParts)) }
        guard let headerBytes = Base64.decode(parts[0].utf8, alphabet: .urlSafeUnpadded), !parts[0].isEmpty else {
            return .failure(CredentialError(.jwtInvalidBase64URL, field: "header"))
        }
        guard let payloadBytes = Base64.decode(parts[1].utf8, alphabet: .urlSafeUnpadded), !parts[1].isEmpty else {
            return .failure(CredentialError(.jwtInvalidBase64URL, field: "payload"))
        }
        guard let signature = Base64.decode(parts[2].utf8, alphabet: .urlSafeUnpadded) else {
            return .failure(CredentialError(.jwtInvalidBase64URL, field: "signature"))
        }
        guard let header = (try? JSONReader.read(headerBytes))?.value.objectValue else {
            return .failure(CredentialError(.jwtHeaderNotObject))
        }
        guard let payload = (try? JSONReader.read(payloadBytes))?.value.objectValue else {
            return .failure(CredentialError(.jwtPayloadNotObject))
        }
        guard let algorithm = header["alg"]?.stringValue, !algorithm.isEmpty else {
            return .failure(CredentialError(.jwtMissingAlgorithm))
        }
        // RFC 7515 §4.1.11: a `crit` extension the reader does not understand makes the token invalid, and none is
        // understood here (`b64: false` changes what the signature covers); a `kid` that is not a string names no key.
        // PyJWT, Authlib and joserfc refuse both; the proxy had accepted them (found by an audit of security schemes).
        if header["crit"] != nil || header["b64"] != nil { return .failure(CredentialError(.jwtInvalidClaim, field: "crit")) }
        if let kid = header["kid"], kid.stringValue == nil { return .failure(CredentialError(.jwtInvalidClaim, field: "kid")) }
        return JWTClaims.read(payload).map { claims in
            JWT(header: header, payload: payload, signature: signature,
                signingInput: Secret(String(token[..<parts[1].endIndex])), claims: claims)
        }
    }
}

/// The registered and scope claims of a JWT, typed.
public struct JWTClaims: Sendable, Hashable {
    /// `exp`, `nbf`, `iat` as NumericDate seconds.
    public var expiresAt: Double?
    public var notBefore: Double?
    public var issuedAt: Double?
    public var issuer: String?
    public var subject: String?
    /// `aud` as a list (a single string becomes one item).
    public var audience: [String]
    /// The scopes granted: `scope` (a space-separated string, or an array of strings) or `scp` (the same); when a token
    /// carries both, only the scopes both grant, so a service reading either claim sees each scope checked (a token
    /// with `"scope":"read","scp":["admin"]` passed an `admin` check while Authlib, which reads `scope`, saw only
    /// `read`; found by an audit of security schemes). Array items are whole scopes (`["read admin"]` is one scope).
    public var scopes: [String]

    static func read(_ payload: JSONObject) -> Result<JWTClaims, CredentialError> {
        var claims = JWTClaims(audience: [], scopes: [])
        for (name, keyPath) in [("exp", \JWTClaims.expiresAt), ("nbf", \JWTClaims.notBefore), ("iat", \JWTClaims.issuedAt)] {
            guard let value = payload[name] else { continue }
            guard let number = value.numberValue, number.double.isFinite else { return .failure(CredentialError(.jwtInvalidClaim, field: name)) }
            claims[keyPath: keyPath] = number.double
        }
        for (name, keyPath) in [("iss", \JWTClaims.issuer), ("sub", \JWTClaims.subject)] {
            guard let value = payload[name] else { continue }
            guard let text = value.stringValue else { return .failure(CredentialError(.jwtInvalidClaim, field: name)) }
            claims[keyPath: keyPath] = text
        }
        if let audience = payload["aud"] {
            guard let list = stringList(audience) else { return .failure(CredentialError(.jwtInvalidClaim, field: "aud")) }
            claims.audience = list
        }
        var granted: [[String]] = []
        for name in ["scope", "scp"] {
            guard let value = payload[name] else { continue }
            if case .null = value.kind { continue }
            guard let list = scopeList(value) else { return .failure(CredentialError(.jwtInvalidClaim, field: name)) }
            granted.append(list)
        }
        if let first = granted.first {
            for item in first where !claims.scopes.contains(item) && granted.allSatisfy({ $0.contains(item) }) { claims.scopes.append(item) }
        }
        return .success(claims)
    }

    /// A scope claim's scopes: a string split at spaces, or an array of strings taken whole.
    private static func scopeList(_ value: JSONValue) -> [String]? {
        if let text = value.stringValue { return text.split(separator: " ").map(String.init) }
        return stringList(value)
    }

    private static func stringList(_ value: JSONValue) -> [String]? {
        if let text = value.stringValue { return [text] }
        guard let items = value.arrayValue else { return nil }
        var list: [String] = []
        for item in items {
            guard let text = item.stringValue else { return nil }
            list.append(text)
        }
        return list
    }
}
