import Documents
import OpenAPIModel
import Validation

/// One exchange as sent and received.
public struct Exchange: Sendable {
    public var request: RenderedRequest
    /// The full URL the request went to.
    public var url: String
    /// The response, nil when the request failed (connection refused, timeout).
    public var response: HTTPResponse?
    /// Why no response arrived.
    public var transportError: String?
    /// No response arrived before the request's deadline (the transport gave up waiting).
    public var timedOut: Bool
    public var elapsedMilliseconds: Double

    public init(request: RenderedRequest, url: String, response: HTTPResponse?, transportError: String? = nil, timedOut: Bool = false,
                elapsedMilliseconds: Double) {
        self.request = request
        self.url = url
        self.response = response
        self.transportError = transportError
        self.timedOut = timedOut
        self.elapsedMilliseconds = elapsedMilliseconds
    }

    /// The request got no response by the `max_response_time` threshold and was abandoned there: a finding
    /// of that check, not a transport error.
    public func abandonedAtThreshold(_ threshold: Double?) -> Bool {
        guard response == nil, timedOut, let threshold else { return false }
        return elapsedMilliseconds >= threshold - 1
    }
}

/// A check that failed on one exchange.
public struct CheckFailure: Sendable, Hashable {
    public var check: CheckName
    public var message: String
    /// The spec location the response or behaviour violates.
    public var specLocation: NodeSource
}

/// Judges exchanges with the selected checks. Response conformance goes through the project's
/// `ExchangeValidator`, so contract tests and the proxy agree on what a valid response is.
public struct CheckEvaluator: Sendable {
    public let document: OpenAPIDocument
    let validator: ExchangeValidator
    public let enabled: Set<CheckName>
    public let maximumResponseMilliseconds: Double?

    public init(document: OpenAPIDocument, validator: ExchangeValidator, enabled: Set<CheckName>, maximumResponseMilliseconds: Double? = nil) {
        self.document = document
        self.validator = validator
        self.enabled = enabled
        self.maximumResponseMilliseconds = maximumResponseMilliseconds
    }

    /// The failed checks for one exchange of a case of `kind` on the operation at `operationIndex`.
    /// With `leavesOperation` (the request's path cannot match the operation's template), only the refusal
    /// itself is checked: the answer is not one of the operation's responses.
    /// `context` says what preceded the request (for after-delete cases: the DELETE and its answer).
    public func evaluate(kind: CaseKind, operationIndex: Int, exchange: Exchange, leavesOperation: Bool = false,
                         context: String? = nil) -> [CheckFailure] {
        guard operationIndex >= 0, operationIndex < document.operations.count else { return [] }
        let operation = document.operations[operationIndex]
        var failures: [CheckFailure] = []
        func fail(_ check: CheckName, _ message: String, _ source: NodeSource) {
            if enabled.contains(check) { failures.append(CheckFailure(check: check, message: message, specLocation: source)) }
        }
        guard let response = exchange.response else {
            if let limit = maximumResponseMilliseconds, exchange.abandonedAtThreshold(limit) {
                fail(.maxResponseTime, "no response within \(Int(limit)) ms; the request was given up after \(Int(exchange.elapsedMilliseconds)) ms", operation.source)
            }
            return failures
        }
        if let limit = maximumResponseMilliseconds, exchange.elapsedMilliseconds > limit {
            fail(.maxResponseTime, "response took \(Int(exchange.elapsedMilliseconds)) ms, more than \(Int(limit)) ms", operation.source)
        }
        if response.status >= 500 {
            fail(.notAServerError, "server error \(response.status)", operation.source)
            // A 5xx answer is still one of the operation's responses (usually `default`): its content type,
            // headers and body are held to what the spec declares for it; its status is the finding above.
            if !leavesOperation, kind != .unsupportedMethod {
                checkResponse(operation, operationIndex, exchange, response, tolerated: true, fail: fail)
            }
            return failures
        }
        if kind == .unsupportedMethod {
            checkUnsupportedMethod(operation, exchange, response, fail: fail)
            return failures
        }
        let status = response.status
        switch kind {
        case .afterDelete:
            if (200..<300).contains(status) {
                fail(.useAfterFree, "\(exchange.request.method) \(exchange.request.target) answered \(status) \(context ?? "after a successful DELETE of the resource")", operation.source)
            }
        case .example, .valid, .stateful:
            if status >= 400, status < 500, ![401, 403, 404, 409].contains(status) {
                fail(.positiveDataAcceptance, "valid input was refused with \(status)", operation.requestBody?.source ?? operation.source)
            }
        case .invalid:
            if status < 400 {
                fail(.negativeDataRejection, "invalid input was accepted with \(status)", operation.requestBody?.source ?? operation.source)
            }
        case .security:
            if status < 400 {
                fail(.ignoredAuth, "request with bad or missing credentials was accepted with \(status)", operation.source)
            }
        case .unsupportedMethod:
            break
        }
        if leavesOperation { return failures }
        checkResponse(operation, operationIndex, exchange, response, tolerated: toleratedUndeclaredStatus(kind, status), fail: fail)
        return failures
    }

    /// Statuses a case may get without the spec declaring them: any 4xx refusal of deliberately invalid
    /// input or credentials (that is what those cases ask for, and specs rarely list every error), and
    /// 401/403 for valid input (the credentials at hand were not good enough to go further).
    func toleratedUndeclaredStatus(_ kind: CaseKind, _ status: Int) -> Bool {
        switch kind {
        case .invalid, .security, .unsupportedMethod: return status >= 400 && status < 500
        case .example, .valid, .stateful: return status == 401 || status == 403
        case .afterDelete: return status == 401 || status == 403 || status == 404 || status == 410
        }
    }

    private func checkResponse(_ operation: OpenAPIModel.Operation, _ operationIndex: Int, _ exchange: Exchange, _ response: HTTPResponse,
                               tolerated: Bool, fail: (CheckName, String, NodeSource) -> Void) {
        let violations = validator.validate(response: response, operationIndex: operationIndex, requestMethod: exchange.request.method)
        let documented = operation.response(for: response.status)
        let responseSource = documented?.source ?? operation.source
        var statusMessages: [String] = [], typeMessages: [String] = [], headerMessages: [String] = [], bodyMessages: [String] = []
        for violation in violations {
            let text = describe(violation)
            if violation.keyword == "status", violation.location == .response {
                statusMessages.append(text)
            } else if violation.location == .header, violation.name.map({ asciiCaseInsensitiveEquals($0, "Content-Type") }) ?? false {
                typeMessages.append(text)
            } else if violation.location == .body, violation.keyword == "content" {
                typeMessages.append(text)
            } else if violation.location == .header {
                headerMessages.append(text)
            } else {
                bodyMessages.append(text)
            }
        }
        if tolerated, !statusMessages.isEmpty { return }
        if !statusMessages.isEmpty { fail(.statusCodeConformance, statusMessages.joined(separator: "; "), operation.source) }
        if !typeMessages.isEmpty { fail(.contentTypeConformance, typeMessages.joined(separator: "; "), responseSource) }
        if !headerMessages.isEmpty { fail(.responseHeadersConformance, headerMessages.joined(separator: "; "), responseSource) }
        if !bodyMessages.isEmpty {
            let mediaSource = documented?.content.first?.schema.map { NodeSource(file: $0.file, pointer: $0.pointer, location: $0.value.location) } ?? responseSource
            fail(.responseSchemaConformance, bodyMessages.prefix(5).joined(separator: "; "), mediaSource)
        }
    }

    private func checkUnsupportedMethod(_ operation: OpenAPIModel.Operation, _ exchange: Exchange, _ response: HTTPResponse,
                                        fail: (CheckName, String, NodeSource) -> Void) {
        let declared = Set(document.operations.filter { $0.path == operation.path }.map(\.method.name))
        let source = document.pathItem(operation.path)?.source ?? operation.source
        guard response.status == 405 else {
            fail(.unsupportedMethod, "undeclared method \(exchange.request.method) got \(response.status), expected 405", source)
            return
        }
        guard let allow = response.headers.combinedValue("Allow") else {
            fail(.unsupportedMethod, "405 without an Allow header", source)
            return
        }
        let listed = Set(allow.split(separator: ",").map { $0.trimmingSpaces.uppercased() }.filter { !$0.isEmpty })
        let missing = declared.subtracting(listed).sorted()
        let extra = listed.subtracting(declared).subtracting(["HEAD", "OPTIONS"]).sorted()
        if !missing.isEmpty || !extra.isEmpty {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("undeclared \(extra.joined(separator: ", "))") }
            fail(.unsupportedMethod, "Allow: \(allow) does not list the declared methods (\(parts.joined(separator: "; ")))", source)
        }
    }

    private func describe(_ violation: Violation) -> String {
        var where_ = violation.location.rawValue
        if let name = violation.name { where_ += " " + name }
        if let pointer = violation.pointer, !pointer.isRoot { where_ += " " + pointer.description }
        return "\(where_): \(violation.message)"
    }
}
