/// Why a credential is missing or malformed.
///
/// Messages are fixed text chosen by the kind alone, so no part of a credential can
/// reach a problem document or a log through them.
public struct CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case missing = "missing"
        case multipleAuthorizationHeaders = "multiple-authorization-headers"
        case wrongScheme = "wrong-scheme"
        case malformedAuthorization = "malformed-authorization"
        case invalidBase64 = "invalid-base64"
        case invalidUTF8 = "invalid-utf8"
        case missingColon = "missing-colon"
        case invalidToken = "invalid-token"
        case jwtNotThreeParts = "jwt-not-three-parts"
        case jwtInvalidBase64URL = "jwt-invalid-base64url"
        case jwtHeaderNotObject = "jwt-header-not-object"
        case jwtPayloadNotObject = "jwt-payload-not-object"
        case jwtMissingAlgorithm = "jwt-missing-alg"
        case jwtInvalidClaim = "jwt-invalid-claim"
        case digestMissingField = "digest-missing-field"
        case digestDuplicateField = "digest-duplicate-field"
        case digestInvalidField = "digest-invalid-field"
        case digestURIMismatch = "digest-uri-mismatch"
        case repeatedAPIKey = "repeated-api-key"
        case paddedAPIKey = "padded-api-key"
    }

    public var kind: Kind
    /// The field or claim concerned (a name from the scheme, never a value).
    public var field: String?

    public init(_ kind: Kind, field: String? = nil) {
        self.kind = kind
        self.field = field
    }

    public var message: String {
        let suffix = field.map { " (\($0))" } ?? ""
        switch kind {
        case .missing: return "credentials are missing"
        case .multipleAuthorizationHeaders: return "more than one Authorization header"
        case .wrongScheme: return "Authorization header uses a different scheme" + suffix
        case .malformedAuthorization: return "Authorization header is malformed"
        case .invalidBase64: return "credentials are not valid base64"
        case .invalidUTF8: return "decoded credentials are not UTF-8"
        case .missingColon: return "basic credentials lack the \"user:password\" colon"
        case .invalidToken: return "bearer token has characters outside token68"
        case .jwtNotThreeParts: return "JWT must have three dot-separated parts"
        case .jwtInvalidBase64URL: return "JWT part is not unpadded base64url" + suffix
        case .jwtHeaderNotObject: return "JWT header is not a JSON object"
        case .jwtPayloadNotObject: return "JWT payload is not a JSON object"
        case .jwtMissingAlgorithm: return "JWT header has no \"alg\""
        case .jwtInvalidClaim: return "JWT claim has the wrong type" + suffix
        case .digestMissingField: return "digest credentials lack a required field" + suffix
        case .digestDuplicateField: return "digest credentials repeat a field" + suffix
        case .digestInvalidField: return "digest credentials have an invalid field" + suffix
        case .digestURIMismatch: return "digest uri does not match the request target"
        case .repeatedAPIKey: return "API key sent more than once" + suffix
        case .paddedAPIKey: return "API key cookie is quoted or has white space around its value; services read it with them" + suffix
        }
    }

    public var description: String { message }

    /// The violation: missing or malformed credentials are a 401.
    public func violation(scheme: String) -> Violation {
        Violation(location: .security, name: scheme, keyword: kind.rawValue, message: message, kind: .unauthenticated)
    }
}
