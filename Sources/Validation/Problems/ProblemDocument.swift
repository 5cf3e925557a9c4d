import Documents

/// An RFC 9457 problem document (`application/problem+json`) describing a rejected exchange.
public struct ProblemDocument: Sendable, Hashable {
    /// The media type to send it with.
    public static let mediaType = "application/problem+json"

    /// A URI reference naming the problem type.
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var errors: [Violation]
    /// The exchange's correlation ID (an extension member, RFC 9457 §3.2), when the answering server set one: the
    /// sidecar's `X-Request-Id` of the exchange, the same as in its log line.
    public var requestID: String?

    public init(type: String, title: String, status: Int, detail: String, errors: [Violation]) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    /// The document for a set of request violations: the status comes from the kind with the
    /// highest precedence (404, 405, 429, 413, 401, 403, 415, then 400).
    public init(requestViolations violations: [Violation], typeBase: String = "urn:specguard:problem:") {
        var winner = ViolationKind.invalid
        for violation in violations where violation.kind.precedence > winner.precedence {
            winner = violation.kind
        }
        let (slug, title) = Self.describe(winner)
        let count = violations.count
        self.init(
            type: typeBase + slug,
            title: title,
            status: winner.status,
            detail: count == 1 ? "The request violates the API contract in 1 place." : "The request violates the API contract in \(count) places.",
            errors: violations
        )
    }

    /// The document for response violations in enforce mode: always `502`.
    public init(responseViolations violations: [Violation], typeBase: String = "urn:specguard:problem:") {
        let count = violations.count
        self.init(
            type: typeBase + "invalid-response",
            title: "Upstream response violates the API contract",
            status: 502,
            detail: count == 1 ? "The upstream response violates the API contract in 1 place." : "The upstream response violates the API contract in \(count) places.",
            errors: violations
        )
    }

    private static func describe(_ kind: ViolationKind) -> (String, String) {
        switch kind {
        case .invalid: return ("invalid-request", "Request violates the API contract")
        case .unauthenticated: return ("unauthenticated", "Missing or malformed credentials")
        case .forbidden: return ("forbidden", "Credentials do not grant access")
        case .notFound: return ("not-found", "No operation matches the request path")
        case .methodNotAllowed: return ("method-not-allowed", "Method not allowed for this path")
        case .payloadTooLarge: return ("payload-too-large", "Request body too large")
        case .unsupportedMediaType: return ("unsupported-media-type", "Unsupported media type")
        case .tooManyRequests: return ("too-many-requests", "Too many requests")
        }
    }

    /// The document as a JSON value: `type`, `title`, `status`, `detail`, `requestId` when set, `errors`
    /// (each `in`, `name` or `pointer`, `keyword`, `message`, and `schemaPath` when known).
    public var jsonValue: JSONValue {
        var errorValues: [JSONValue] = []
        errorValues.reserveCapacity(errors.count)
        for violation in errors {
            var members: [(String, JSONValue)] = [("in", .string(violation.location.rawValue))]
            if let name = violation.name { members.append(("name", .string(name))) }
            if let pointer = violation.pointer { members.append(("pointer", .string(pointer.description))) }
            members.append(("keyword", .string(violation.keyword)))
            members.append(("message", .string(violation.message)))
            if let schemaPath = violation.schemaPath { members.append(("schemaPath", .string(schemaPath))) }
            errorValues.append(.object(members))
        }
        var members: [(String, JSONValue)] = [
            ("type", .string(type)),
            ("title", .string(title)),
            ("status", .integer(status)),
            ("detail", .string(detail)),
        ]
        if let requestID { members.append(("requestId", .string(requestID))) }
        members.append(("errors", .array(errorValues)))
        return .object(members)
    }

    /// Compact JSON text of the document.
    public var json: String { String(decoding: body, as: UTF8.self) }

    /// The UTF-8 body bytes to send: `JSONWriter.compactBytes(jsonValue)`, written straight from the fields (a refused
    /// request's answer built a `JSONValue` object per violation first, each indexing its keys: about a third of
    /// writing the document, which is the proxy's work for every request it refuses).
    public var body: [UInt8] {
        var bytes = ByteSink(capacity: 256 + errors.count * 192)
        bytes.append("{\"type\":")
        JSONWriter.writeString(type, into: &bytes)
        bytes.append(",\"title\":")
        JSONWriter.writeString(title, into: &bytes)
        bytes.append(",\"status\":")
        bytes.append(String(status))
        bytes.append(",\"detail\":")
        JSONWriter.writeString(detail, into: &bytes)
        if let requestID {
            bytes.append(",\"requestId\":")
            JSONWriter.writeString(requestID, into: &bytes)
        }
        bytes.append(",\"errors\":[")
        for index in errors.indices {
            let violation = errors[index]
            bytes.append(index > 0 ? ",{\"in\":" as StaticString : "{\"in\":")
            JSONWriter.writeString(violation.location.rawValue, into: &bytes)
            if let name = violation.name {
                bytes.append(",\"name\":")
                JSONWriter.writeString(name, into: &bytes)
            }
            if let pointer = violation.pointer {
                bytes.append(",\"pointer\":")
                JSONWriter.writeString(pointer.description, into: &bytes)
            }
            bytes.append(",\"keyword\":")
            JSONWriter.writeString(violation.keyword, into: &bytes)
            bytes.append(",\"message\":")
            JSONWriter.writeString(violation.message, into: &bytes)
            if let schemaPath = violation.schemaPath {
                bytes.append(",\"schemaPath\":")
                JSONWriter.writeString(schemaPath, into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append("]}")
        return bytes.bytes()
    }
}
