/// HTTP Basic credentials (RFC 7617): base64 of `user-id:password`.
public struct BasicCredentials: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: Secret

    /// Reads `Basic <base64>` from an `Authorization` value.
    public static func parse(_ authorization: Authorization) -> Result<BasicCredentials, CredentialError> {
        authorization.credentials(ofScheme: "Basic").flatMap { parse(token: $0) }
    }

    /// Reads the base64 part.
    public static func parse(token: String) -> Result<BasicCredentials, CredentialError> {
        guard let decoded = Base64.decode(token.utf8, alphabet: .standard), !token.isEmpty else {
            return .failure(CredentialError(.invalidBase64))
        }
        guard let text = String(validating: decoded, as: UTF8.self) else { return .failure(CredentialError(.invalidUTF8)) }
        guard let colon = text.firstIndex(of: ":") else { return .failure(CredentialError(.missingColon)) }
        return .success(BasicCredentials(user: String(text[..<colon]), password: Secret(String(text[text.index(after: colon)...]))))
    }

    /// Shows the user only.
    public var description: String { "Basic(user: \(user), password: <redacted>)" }
}

/// A bearer token (RFC 6750): `Bearer <token68>`.
public struct BearerToken: Sendable, Hashable {
    public var token: Secret

    public static func parse(_ authorization: Authorization) -> Result<BearerToken, CredentialError> {
        authorization.credentials(ofScheme: "Bearer").flatMap { value in
            guard isToken68(Substring(value)) else { return .failure(CredentialError(value.isEmpty ? .missing : .invalidToken)) }
            return .success(BearerToken(token: Secret(value)))
        }
    }

    /// The token read as a JWT (for `bearerFormat: JWT`).
    public var jwt: Result<JWT, CredentialError> { JWT.parse(token.value) }
}
