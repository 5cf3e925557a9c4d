import Documents

/// Where in an exchange a violation was found (the `in` of a problem document's error).
public enum ViolationLocation: String, Sendable, Hashable {
    case path, query, header, cookie, body, security
    /// The request as a whole: method, route, framing.
    case request
    /// The response as a whole: status, framing.
    case response
}

/// What kind of failure a violation is; it decides the HTTP status of the rejection.
public enum ViolationKind: String, Sendable, Hashable {
    /// Malformed or schema-invalid input (400).
    case invalid
    /// Missing or malformed credentials (401).
    case unauthenticated
    /// Credentials present but not sufficient (403).
    case forbidden
    /// No operation matches the path (404).
    case notFound
    /// The path exists but not for this method (405).
    case methodNotAllowed
    /// Body or part beyond the configured size (413).
    case payloadTooLarge
    /// No declared media type matches the request's `Content-Type` (415).
    case unsupportedMediaType
    /// A rate limit was hit (429).
    case tooManyRequests

    /// The HTTP status for a rejection of this kind.
    public var status: Int {
        switch self {
        case .invalid: return 400
        case .unauthenticated: return 401
        case .forbidden: return 403
        case .notFound: return 404
        case .methodNotAllowed: return 405
        case .payloadTooLarge: return 413
        case .unsupportedMediaType: return 415
        case .tooManyRequests: return 429
        }
    }

    /// Which kind wins when one exchange has several (higher first): a failure found earlier
    /// in processing (routing, rate limit, size, credentials) explains the later ones.
    var precedence: Int {
        switch self {
        case .notFound: return 8
        case .methodNotAllowed: return 7
        case .tooManyRequests: return 6
        case .payloadTooLarge: return 5
        case .unauthenticated: return 4
        case .forbidden: return 3
        case .unsupportedMediaType: return 2
        case .invalid: return 1
        }
    }
}

/// One reason an exchange does not follow the contract.
///
/// Messages are built by the validators from fixed text plus names, types and
/// short excerpts they choose; a credential is never put in a message.
public struct Violation: Sendable, Hashable {
    public var location: ViolationLocation
    /// Parameter, header or part name (for `path`, `query`, `header`, `cookie`, `security`).
    public var name: String?
    /// JSON Pointer into the instance (for bodies and structured parameters).
    public var pointer: JSONPointer?
    /// The schema keyword or check that failed (`type`, `required`, `style`, `sql-injection`).
    public var keyword: String
    public var message: String
    /// JSON Pointer (as text, usually a URI fragment) of the failing schema keyword, when a schema decided.
    public var schemaPath: String?
    public var kind: ViolationKind

    public init(location: ViolationLocation, name: String? = nil, pointer: JSONPointer? = nil, keyword: String, message: String, schemaPath: String? = nil, kind: ViolationKind = .invalid) {
        self.location = location
        self.name = name
        self.pointer = pointer
        self.keyword = keyword
        self.message = message
        self.schemaPath = schemaPath
        self.kind = kind
    }
}
