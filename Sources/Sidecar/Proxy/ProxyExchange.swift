import NIOCore
import Validation

/// One forwarded exchange: sends the request upstream, buffers and validates the response (or streams
/// it when over the response limit), and answers the client. Lives on the client's event loop.
final class ProxyExchange: UpstreamResponseSink {
    /// Strong: the handler drops the exchange when its answer ends (`writeEnd`) and the exchange drops the handler
    /// when the client goes (`clientGone`), which breaks the cycle. Weak references would give both objects a
    /// side table and make every retain and release of them take the runtime's slow path.
    private var handler: ExchangeHandler?
    private let state: SpecState
    private let verdict: RequestVerdict
    private let requestMethod: String
    private let request: HTTPRequest
    private let reported: Bool
    private var forwarded: ForwardedRequest?
    private var pool: UpstreamPool?
    private var connection: UpstreamConnection?
    private var connectionReused = false
    private var retried = false
    private var responseHead: UpstreamResponseHead?
    private var responseBody: ByteBuffer?
    private var streaming = false
    private var started = NIODeadline.uptimeNanoseconds(0)  // set when the exchange starts

    init(handler: ExchangeHandler, state: SpecState, verdict: RequestVerdict, requestMethod: String, request: HTTPRequest, reported: Bool) {
        self.handler = handler
        self.state = state
        self.verdict = verdict
        self.requestMethod = requestMethod
        self.request = request
        self.reported = reported
    }

    private var services: SidecarServices? { handler?.services }

    /// Sends the request; `now` is the time the upstream latency counts from (the caller's last clock reading).
    func start(forwarded: ForwardedRequest, pool: UpstreamPool, at now: NIODeadline) {
        self.forwarded = forwarded
        self.pool = pool
        started = now
        send()
    }

    private func send() {
        guard let pool, let forwarded, let services else { return }
        let timeout = services.settings.requestTimeoutMilliseconds
        if let idle = pool.takeIdle() {
            connection = idle
            connectionReused = true
            idle.send(forwarded.bytes, isHeadRequest: forwarded.isHead, timeoutMilliseconds: timeout, sink: self)
            return
        }
        pool.connectNew { [self] result in
            switch result {
            case .success(let fresh):
                connection = fresh
                connectionReused = false
                fresh.send(forwarded.bytes, isHeadRequest: forwarded.isHead, timeoutMilliseconds: timeout, sink: self)
            case .failure(let failure):
                upstreamFailed(failure)
            }
        }
    }

    /// The client closed its connection: stop the upstream exchange.
    func clientGone() {
        handler = nil
        connection?.channel.close(promise: nil)
    }

    // MARK: UpstreamResponseSink

    func upstreamHead(_ head: UpstreamResponseHead) {
        responseHead = head
        responseBody = nil
        guard let services else { return }
        if !services.settings.validateResponses || verdict.operationIndex == nil {
            startStreaming(countAsSkipped: false)
        }
    }

    func upstreamBody(_ buffer: ByteBuffer) {
        if streaming { handler?.writeBody(buffer, flush: true); return }
        var buffer = buffer
        if responseBody == nil { responseBody = buffer } else { responseBody?.writeBuffer(&buffer) }
        if let services, let size = responseBody?.readableBytes, size > services.settings.maximumResponseBodyBytes {
            startStreaming(countAsSkipped: true)
        }
    }

    func upstreamEnd() {
        guard let services else { releaseConnection(); return }
        let upstreamNanoseconds = max(0, (NIODeadline.now() - started).nanoseconds)
        services.metrics.recordUpstream(nanoseconds: UInt64(upstreamNanoseconds))
        releaseConnection()
        guard let handler, let head = responseHead else { return }
        if services.settings.accessLog { handler.access.upstreamMicroseconds = Int(upstreamNanoseconds / 1_000) }
        let outcome: ExchangeOutcome = reported ? .reported : .forwarded
        if streaming {
            handler.countExchange(verdict, state: state, outcome: outcome)
            handler.recordCoverage(state: state, verdict: verdict, status: head.status)
            handler.writeEnd()
            return
        }
        var bodyBytes: [UInt8] = responseBody.map { $0.readableArray() } ?? []
        // The fields the client gets: those `Connection` lists are dropped when the head is written, so they are not
        // validated either (`Connection: Content-Type` left a body checked as JSON to reach the client without a type).
        let clientHeaders = HopByHopHeaders.withoutListedFields(head.headers)
        var codingViolation: Violation?
        if verdict.operationIndex != nil, !bodyBytes.isEmpty, clientHeaders.contains(.contentEncoding) {
            // Validate the body the client will read; the coded bytes are what gets sent. A body that inflates past the
            // response limits passes unvalidated, like a body over the limit; one that cannot be decoded (an unknown
            // coding such as `br`, raw deflate, bytes after the stream) is a violation: clients may well read it.
            let settings = services.settings
            switch ContentDecoding.codings(clientHeaders.values(.contentEncoding), allowingEmpty: true).flatMap({
                ContentDecoding.decode(bodyBytes, codings: $0, maximumBytes: settings.maximumResponseBodyBytes,
                                       maximumRatio: settings.maximumDecompressionRatio)
            }) {
            case .success(let decoded):
                bodyBytes = decoded
            case .failure(.tooLarge), .failure(.ratioExceeded):
                services.metrics.recordSkippedResponse()
                handler.countExchange(verdict, state: state, outcome: outcome)
                handler.recordCoverage(state: state, verdict: verdict, status: head.status)
                writeBuffered(head: head, handler: handler)
                return
            case .failure(let failure):
                codingViolation = Violation(location: .header, name: "Content-Encoding", keyword: "content-encoding",
                                            message: "the response body cannot be decoded for validation: \(failure.violation.message)")
            }
        }
        if let index = verdict.operationIndex {
            let response = HTTPResponse(status: head.status, reason: head.reason, headers: clientHeaders, body: bodyBytes)
            let validationStarted = NIODeadline.now()
            let violations = codingViolation.map { [$0] }
                ?? state.validator.validate(response: response, operationIndex: index, requestMethod: requestMethod)
            services.metrics.recordValidation(nanoseconds: UInt64(max(0, (NIODeadline.now() - validationStarted).nanoseconds)))
            handler.recordCoverage(state: state, verdict: verdict, status: response.status)
            if !violations.isEmpty {
                for violation in violations { services.metrics.recordViolation(rule: violation.keyword, direction: "response") }
                let enforce = services.settings.mode == .enforce
                handler.logViolations(event: enforce ? "response-replaced" : "response-violation", request: request,
                                      operation: verdict.operationLabel, status: response.status, violations: violations)
                if enforce {
                    handler.countExchange(verdict, state: state, outcome: .invalidResponse)
                    handler.writeProblem(ProblemDocument(responseViolations: violations), extraHeaders: [])
                    return
                }
                handler.countExchange(verdict, state: state, outcome: .reported)
                writeBuffered(head: head, handler: handler)
                return
            }
        }
        handler.countExchange(verdict, state: state, outcome: outcome)
        writeBuffered(head: head, handler: handler)
    }

    func upstreamFailed(_ failure: UpstreamFailure) {
        connection = nil
        if failure.mayRetryOnANewConnection, connectionReused, !retried, responseHead == nil, Self.isIdempotent(requestMethod) {
            // A kept-alive connection the upstream closed while idle, or one that answered with something unreadable
            // before any head (bytes left of an earlier answer, such as a 204's body sent late): try once on a new one.
            retried = true
            connectionReused = false
            send()
            return
        }
        guard let handler, let services else { return }
        if streaming {
            handler.abortConnection()
            return
        }
        let problem: ProblemDocument
        let outcome: ExchangeOutcome
        switch failure {
        case .timeout:
            outcome = .upstreamTimeout
            problem = ProblemDocument(type: "urn:specguard:problem:upstream-timeout", title: "Upstream timed out", status: 504,
                                      detail: "The upstream did not answer within \(services.settings.requestTimeoutMilliseconds) ms.", errors: [])
        case .unavailable, .broken:
            outcome = .upstreamUnavailable
            problem = ProblemDocument(type: "urn:specguard:problem:upstream-unavailable", title: "Upstream unavailable", status: 502,
                                      detail: "The upstream could not be reached or broke off the exchange.", errors: [])
        case .malformed:
            outcome = .upstreamUnavailable
            problem = ProblemDocument(type: "urn:specguard:problem:upstream-unavailable", title: "Upstream unavailable", status: 502,
                                      detail: "The upstream's answer was not a well-formed HTTP/1.1 response.", errors: [])
        }
        handler.countExchange(verdict, state: state, outcome: outcome)
        services.logger.warning("upstream-failed", metadata: [
            "event": "upstream-failed", "request_id": .string(handler.requestID(request.headers)), "operation": .string(verdict.operationLabel),
            "status": .stringConvertible(problem.status),
            "reason": .string(Self.reason(failure)),
        ])
        handler.writeProblem(problem, extraHeaders: [])
    }

    // MARK: Writing

    private func releaseConnection() {
        if let connection, let pool { pool.release(connection) }
        connection = nil
    }

    /// Answers up to this many body bytes are copied into the head's buffer rather than written after it.
    static let bodyInHeadBufferLimit = 4096

    private func writeBuffered(head: UpstreamResponseHead, handler: ExchangeHandler) {
        let body = responseBody ?? ByteBuffer()
        let isHead = requestMethod == "HEAD"
        if isHead || head.status < 200 || head.status == 204 || head.status == 304 {
            handler.writeHead(status: head.status, reason: head.reason, upstreamHeaders: head.headers, contentLength: nil)
            handler.writeEnd()
            return
        }
        // A small body goes out in the head's buffer (one write through the pipeline and one buffer to the socket).
        if body.readableBytes <= Self.bodyInHeadBufferLimit {
            handler.writeHead(status: head.status, reason: head.reason, upstreamHeaders: head.headers, contentLength: body.readableBytes, body: body)
        } else {
            handler.writeHead(status: head.status, reason: head.reason, upstreamHeaders: head.headers, contentLength: body.readableBytes)
            handler.writeBody(body, flush: false)
        }
        handler.writeEnd()
    }

    private func startStreaming(countAsSkipped: Bool) {
        guard !streaming, let head = responseHead, let handler else { return }
        streaming = true
        if countAsSkipped { services?.metrics.recordSkippedResponse() }
        // The upstream's length goes on as one value of our own (`Content-Length: 100, 100` is 100 to the reader here and an
        // error to strict clients); without one the body is chunked. A HEAD answer's length stays as sent.
        handler.writeHead(status: head.status, reason: head.reason, upstreamHeaders: head.headers,
                          contentLength: requestMethod == "HEAD" ? nil : head.contentLength)
        if let body = responseBody, body.readableBytes > 0 { handler.writeBody(body, flush: true) }
        responseBody = nil
    }

    private static func isIdempotent(_ method: String) -> Bool {
        ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"].contains(method)
    }

    private static func reason(_ failure: UpstreamFailure) -> String {
        switch failure {
        case .timeout: return "timeout"
        case .unavailable(let text): return "unavailable: " + text
        case .broken(let text): return "broken: " + text
        case .malformed(let text): return "malformed: " + text
        }
    }
}
