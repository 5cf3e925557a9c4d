import Documents
import OpenAPIModel

/// The outcome of validating one request.
public struct RequestVerdict: Sendable {
    /// Index of the matched operation in `OpenAPIDocument.operations`, nil when routing failed.
    public var operationIndex: Int?
    /// The matched operation's path template and method, for reports.
    public var pathTemplate: String?
    public var method: String
    public var operationId: String?
    /// Every violation found, in processing order (routing, headers, security, parameters, body).
    public var violations: [Violation]
    /// Headers the rejection must carry: `Allow` on 405, `WWW-Authenticate` on 401.
    public var responseHeaders: HTTPHeaders
    /// The cleaned request (when normalization is on and the request is valid).
    public var normalized: HTTPRequest?
    /// The `sub` of the bearer token the configured token verifier accepted while the operation's security
    /// was satisfied; nil without a verifier, for open operations, or when no token verified.
    public var verifiedTokenSubject: String?

    /// True when nothing is wrong.
    public var isValid: Bool { violations.isEmpty }

    /// The HTTP status a rejecting proxy answers with (0 when the request is valid).
    public var status: Int { isValid ? 0 : problem?.status ?? 400 }

    /// The RFC 9457 problem document for the rejection, nil when valid.
    public var problem: ProblemDocument? {
        isValid ? nil : ProblemDocument(requestViolations: violations)
    }

    /// A short label such as `POST /products` (or the method and `?` when the route is unknown).
    public var operationLabel: String {
        "\(method) \(pathTemplate ?? "?")"
    }
}
