/// HTTP Digest credentials (RFC 7616 §3.4), checked for shape; the response hash is checked elsewhere.
public struct DigestCredentials: Sendable, Hashable {
    /// `username`, or the decoded `username*` (RFC 8187).
    public var username: String
    public var realm: String
    public var nonce: Secret
    public var uri: String
    public var response: Secret
    /// `algorithm`, default `MD5`.
    public var algorithm: String
    public var qop: String?
    public var cnonce: Secret?
    /// `nc`, the nonce count (8 hex digits).
    public var nonceCount: String?
    public var opaque: String?
    /// `userhash=true`: `username` is a hash.
    public var userhash: Bool

    static let algorithms = ["md5", "md5-sess", "sha-256", "sha-256-sess", "sha-512-256", "sha-512-256-sess"]

    /// Reads `Digest k=v, ...`; when `requestTarget` is given, `uri` must equal it.
    public static func parse(_ authorization: Authorization, requestTarget: String? = nil) -> Result<DigestCredentials, CredentialError> {
        authorization.credentials(ofScheme: "Digest").flatMap { parse(parameters: $0, requestTarget: requestTarget) }
    }

    /// Reads the auth-params after `Digest `.
    public static func parse(parameters text: String, requestTarget: String? = nil) -> Result<DigestCredentials, CredentialError> {
        let fields: [String: String]
        switch authParameters(text) {
        case .success(let parsed): fields = parsed
        case .failure(let error): return .failure(error)
        }
        func required(_ name: String) -> Result<String, CredentialError> {
            guard let value = fields[name], !value.isEmpty else { return .failure(CredentialError(.digestMissingField, field: name)) }
            return .success(value)
        }
        let username: String
        if let plain = fields["username"] {
            guard fields["username*"] == nil else { return .failure(CredentialError(.digestInvalidField, field: "username*")) }
            username = plain
        } else if let extended = fields["username*"] {
            guard let decoded = ContentDisposition.decodeExtended(extended) else { return .failure(CredentialError(.digestInvalidField, field: "username*")) }
            username = decoded
        } else {
            return .failure(CredentialError(.digestMissingField, field: "username"))
        }
        guard case .success(let realm) = required("realm") else { return .failure(CredentialError(.digestMissingField, field: "realm")) }
        guard case .success(let nonce) = required("nonce") else { return .failure(CredentialError(.digestMissingField, field: "nonce")) }
        guard case .success(let uri) = required("uri") else { return .failure(CredentialError(.digestMissingField, field: "uri")) }
        guard case .success(let response) = required("response") else { return .failure(CredentialError(.digestMissingField, field: "response")) }
        let algorithm = fields["algorithm"] ?? "MD5"
        guard algorithms.contains(algorithm.lowercased()) else { return .failure(CredentialError(.digestInvalidField, field: "algorithm")) }
        let hexLength = algorithm.lowercased().hasPrefix("md5") ? 32 : 64
        guard response.utf8.count == hexLength, response.utf8.allSatisfy(isHexDigit) else {
            return .failure(CredentialError(.digestInvalidField, field: "response"))
        }
        let qop = fields["qop"]
        if let qop {
            guard qop == "auth" || qop == "auth-int" else { return .failure(CredentialError(.digestInvalidField, field: "qop")) }
            guard fields["cnonce"].map({ !$0.isEmpty }) == true else { return .failure(CredentialError(.digestMissingField, field: "cnonce")) }
            guard let count = fields["nc"] else { return .failure(CredentialError(.digestMissingField, field: "nc")) }
            guard count.utf8.count == 8, count.utf8.allSatisfy(isHexDigit) else { return .failure(CredentialError(.digestInvalidField, field: "nc")) }
        }
        let userhash: Bool
        switch fields["userhash"]?.lowercased() {
        case nil, "false": userhash = false
        case "true": userhash = true
        default: return .failure(CredentialError(.digestInvalidField, field: "userhash"))
        }
        if let requestTarget, uri != requestTarget { return .failure(CredentialError(.digestURIMismatch)) }
        return .success(DigestCredentials(
            username: username, realm: realm, nonce: Secret(nonce), uri: uri, response: Secret(response),
            algorithm: algorithm, qop: qop, cnonce: fields["cnonce"].map(Secret.init), nonceCount: fields["nc"],
            opaque: fields["opaque"], userhash: userhash))
    }

    /// `name=token` or `name="quoted"` pairs separated by commas; names lowercased; repeats are errors.
    static func authParameters(_ text: String) -> Result<[String: String], CredentialError> {
        var scanner = TokenScanner(Array(text.utf8))
        var fields: [String: String] = [:]
        while true {
            scanner.skipWhitespace()
            if scanner.atEnd { break }
            guard let name = scanner.token() else { return .failure(CredentialError(.malformedAuthorization)) }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: "=")) else { return .failure(CredentialError(.malformedAuthorization)) }
            scanner.skipWhitespace()
            guard let value = scanner.quotedString() ?? scanner.token() else { return .failure(CredentialError(.malformedAuthorization)) }
            let key = name.lowercased()
            guard fields[key] == nil else { return .failure(CredentialError(.digestDuplicateField, field: key)) }
            fields[key] = value
            scanner.skipWhitespace()
            if scanner.atEnd { break }
            guard scanner.consume(UInt8(ascii: ",")) else { return .failure(CredentialError(.malformedAuthorization)) }
        }
        return .success(fields)
    }
}

@inline(__always)
func isHexDigit(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
}
