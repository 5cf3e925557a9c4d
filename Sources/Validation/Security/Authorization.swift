/// The `Authorization` header split into its scheme and the rest (RFC 9110 §11.4).
public struct Authorization: Sendable, Hashable {
    /// The scheme as sent (compare case-insensitively).
    public var scheme: String
    /// Everything after the scheme and its spaces (token68 or auth-params).
    public var credentials: Secret

    /// The single `Authorization` header of `headers`.
    public static func from(_ headers: HTTPHeaders) -> Result<Authorization, CredentialError> {
        let values = headers.values("Authorization")
        guard let value = values.first else { return .failure(CredentialError(.missing)) }
        guard values.count == 1 else { return .failure(CredentialError(.multipleAuthorizationHeaders)) }
        return parse(value)
    }

    /// Splits `Scheme credentials`.
    public static func parse(_ value: String) -> Result<Authorization, CredentialError> {
        let text = trimmedWhitespace(Substring(value))
        guard let space = text.utf8.firstIndex(where: { $0 == 0x20 }) else {
            guard !text.isEmpty, text.utf8.allSatisfy(isTokenCharacter) else { return .failure(CredentialError(.malformedAuthorization)) }
            return .success(Authorization(scheme: String(text), credentials: Secret("")))
        }
        let scheme = text[..<space]
        guard !scheme.isEmpty, scheme.utf8.allSatisfy(isTokenCharacter) else { return .failure(CredentialError(.malformedAuthorization)) }
        let rest = trimmedWhitespace(text[space...])
        return .success(Authorization(scheme: String(scheme), credentials: Secret(String(rest))))
    }

    /// True when the scheme is `name` (case-insensitive).
    public func isScheme(_ name: String) -> Bool { asciiCaseInsensitiveEquals(scheme, name) }

    /// The credentials of scheme `name`, or `.wrongScheme`.
    func credentials(ofScheme name: String) -> Result<String, CredentialError> {
        guard isScheme(name) else { return .failure(CredentialError(.wrongScheme, field: name)) }
        return .success(credentials.value)
    }
}

/// `token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
func isToken68(_ text: Substring) -> Bool {
    var sawPadding = false
    var count = 0
    for byte in text.utf8 {
        if byte == UInt8(ascii: "=") {
            sawPadding = true
            continue
        }
        guard !sawPadding else { return false }
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            count += 1
        default:
            return false
        }
    }
    return count > 0
}
