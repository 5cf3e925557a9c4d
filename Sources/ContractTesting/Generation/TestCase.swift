import Documents
import OpenAPIModel

/// What a case is meant to show, which decides the checks that judge its response.
public enum CaseKind: String, Sendable, Hashable, CaseIterable {
    /// Built from the spec's own examples (valid input).
    case example
    /// Valid input generated from the schemas.
    case valid
    /// Input breaking one constraint (must be refused with 4xx).
    case invalid
    /// Valid input with missing, malformed or wrong-scheme credentials (must be refused with 401/403).
    case security
    /// A method the path does not declare (must get 405 with `Allow`).
    case unsupportedMethod
    /// A valid request whose parameters came from an earlier response (`links`, `Location`).
    case stateful
    /// A GET of a resource right after a DELETE of it succeeded (must not answer 2xx).
    case afterDelete

    /// True for cases whose input the service must accept.
    public var isPositive: Bool { self == .example || self == .valid || self == .stateful }
}

/// How credentials are put on a case.
public enum CredentialMode: Sendable, Hashable {
    /// The configured credentials (or well-formed placeholders when none fit).
    case configured
    /// No credentials at all.
    case none
    /// Credentials of the right scheme but malformed.
    case malformed
    /// Well-formed credentials of a scheme the operation does not accept.
    case wrongScheme
}

/// One parameter's value in a case; nil `value` leaves the parameter out.
public struct ParameterValue: Sendable, Hashable {
    public var name: String
    public var location: OpenAPIModel.ParameterLocation
    public var value: JSONValue?
}

/// One request to send, described structurally so it can be shrunk and rendered again.
public struct TestCase: Sendable {
    /// Index of the operation in `OpenAPIDocument.operations`.
    public var operationIndex: Int
    public var kind: CaseKind
    /// What the case does, e.g. `example shoe` or `body /name maxLength`.
    public var label: String
    public var parameters: [ParameterValue]
    /// The body value (nil: no body).
    public var body: JSONValue?
    /// The media type the body is sent as.
    public var mediaType: String?
    public var credentials: CredentialMode
    /// Replaces the operation's method (unsupported-method cases).
    public var methodOverride: String?
    /// True when the request cannot reach the operation at all (a required path parameter left out, so
    /// the path no longer matches its template): the answer is judged as a refusal only, not against
    /// the operation's declared responses, which it is not one of.
    public var leavesOperation: Bool = false
    /// For after-delete cases: the DELETE operation whose effect the request checks. Failures are
    /// reported against it (the DELETE is what did not remove the resource).
    public var checkedOperationIndex: Int?

    /// The operation a failure of this case is reported against.
    public var reportedOperationIndex: Int { checkedOperationIndex ?? operationIndex }

    public init(operationIndex: Int, kind: CaseKind, label: String, parameters: [ParameterValue], body: JSONValue?,
                mediaType: String?, credentials: CredentialMode = .configured, methodOverride: String? = nil) {
        self.operationIndex = operationIndex
        self.kind = kind
        self.label = label
        self.parameters = parameters
        self.body = body
        self.mediaType = mediaType
        self.credentials = credentials
        self.methodOverride = methodOverride
    }

    /// The case with one parameter's value replaced (or removed with nil).
    func replacing(_ name: String, in location: OpenAPIModel.ParameterLocation, with value: JSONValue?) -> TestCase {
        var copy = self
        if let index = copy.parameters.firstIndex(where: { $0.name == name && $0.location == location }) {
            copy.parameters[index].value = value
        } else {
            copy.parameters.append(ParameterValue(name: name, location: location, value: value))
        }
        return copy
    }
}
