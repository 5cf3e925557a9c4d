import Logging
import NIOCore
import Validation

/// Refusals decided before a request's body is read: they answer and then close the connection, since
/// the rest of the request is never read.
extension ExchangeHandler {
    /// Refuses the request being received before its body is read, then closes the connection.
    func refuseEarly(_ problem: ProblemDocument) {
        logRefusal(problem)
        access.outcome = .rejected
        refusedEarly = true
        bodyEnded()
        let method = metricsMethod(requestHead?.method ?? "?")
        requestHead = nil
        requestBody = nil
        for violation in problem.errors { services.metrics.recordViolation(rule: violation.keyword, direction: "request") }
        services.metrics.recordExchange(operation: method + " ?", outcome: .rejected)
        closeAfterResponse = true
        writeProblem(problem, extraHeaders: [])
    }

    func refuseEarly(status: Int, title: String, keyword: String, message: String) {
        let violation = Violation(location: .request, keyword: keyword, message: message)
        refuseEarly(ProblemDocument(type: "urn:specguard:problem:" + keyword, title: title, status: status, detail: message, errors: [violation]))
    }

    /// The one log line of a request refused before validation (framing, head or body limits, timeouts): the
    /// client, the method and path when the head was read (never the query or header values), the status and the
    /// problem's keywords. Validated requests are logged by `logViolations`.
    func logRefusal(_ problem: ProblemDocument) {
        let list: [Logger.MetadataValue] = problem.errors.prefix(20).map { violation in
            .dictionary(["in": .string(violation.location.rawValue), "keyword": .string(violation.keyword)])
        }
        var metadata: Logger.Metadata = [
            "event": .string("request-refused"), "request_id": .string(requestID(requestHead?.headers)), "client": .string(clientAddress),
            "status": .stringConvertible(problem.status),
            "violations": .array(list),
        ]
        metadata["detail"] = .string(String(problem.detail.prefix(300)))
        if let head = requestHead {
            metadata["method"] = .string(String(head.method.prefix(32)))
            metadata["path"] = .string(String(head.uri.prefix { $0 != "?" && $0 != "#" }.prefix(256)))
        }
        services.logger.warning("request-refused", metadata: metadata)
    }

    /// A body stalled past the body idle timeout or slower than the minimum rate: 408, then close.
    func refuseTimedOutBody(reason: String) {
        refuseEarly(status: 408, title: "Request body timeout", keyword: "body-timeout", message: reason)
    }

    /// For `Expect: 100-continue`: what the head alone shows is wrong (route, method, headers, security,
    /// parameters, media type, coding), so the client gets its error instead of an invitation to send the body.
    func headOnlyProblem(_ head: RequestHead) -> ProblemDocument? {
        let state = services.spec.current
        var violations = RequestGuards.violations(head, sensitiveHeaderNames: state.sensitiveHeaderNames)
        if case .failure(let failure) = ContentDecoding.codings(head.headers.values(.contentEncoding)) { violations.append(failure.violation) }
        let request = HTTPRequest(method: head.method, target: head.uri, headers: head.headers,
                                  body: [], clientCertificate: verifiedClientCertificate())
        let verdict = state.validator.validate(request: request)
        violations += verdict.violations.filter { $0.location != .body }
        if let index = verdict.operationIndex {
            violations += RequestGuards.queryAliases(query: request.query, declared: state.bracketableQueryNames[index])
        }
        violations += RequestScreen.upstreamRoutingViolations(request, operationIndex: verdict.operationIndex, state: state, settings: services.screenSettings)
        return violations.isEmpty ? nil : ProblemDocument(requestViolations: violations)
    }
}
