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
    /// `scope` (space-separated string) and `scp` (string or array) together, in order, without repeats.
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
        if let scope = payload["scope"] {
            guard let text = scope.stringValue else { return .failure(CredentialError(.jwtInvalidClaim, field: "scope")) }
            for item in text.split(separator: " ") where !claims.scopes.contains(String(item)) { claims.scopes.append(String(item)) }
        }
        if let scp = payload["scp"] {
            guard let list = stringList(scp) else { return .failure(CredentialError(.jwtInvalidClaim, field: "scp")) }
            for item in list.flatMap({ $0.split(separator: " ").map(String.init) }) where !claims.scopes.contains(item) {
                claims.scopes.append(item)
            }
        }
        return .success(claims)
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
