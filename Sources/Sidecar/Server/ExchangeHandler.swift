import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Prometheus
import Validation
import X509

/// One client connection: reads each request with our own HTTP/1 reader (`HTTP1RequestReader`), validates
/// it on the event loop, then rejects it, forwards it (proxy) or answers it (mock), writing the answer as
/// bytes itself. Pipelined requests are answered in order: while a response is in progress the bytes of the
/// next requests wait in the reader (and reading pauses once some have arrived), so this handler sees one
/// exchange at a time. There is no HTTP codec in the pipeline: the bytes validated are the bytes framed.
final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let services: SidecarServices
    let isTLS: Bool
    var context: ChannelHandlerContext?
    /// The channel's allocator, kept when the handler is added (`context.channel.allocator` counts references to
    /// the channel on every answer).
    var allocator = ByteBufferAllocator()
    var clientAddress = "unknown"
    /// The client is one of `trusted-forwarders` (see `ForwardedRequest.make`).
    var clientIsTrustedForwarder = false
    private var clientCertificate: ClientCertificate??

    /// The connection's bytes, read as requests.
    private var reader: HTTP1RequestReader
    /// Inside `readRequests` (a response written synchronously must not re-enter it).
    private var readingRequests = false
    /// When bytes last arrived, and the timer that closes the connection after the client idle timeout.
    var lastRead = NIODeadline.now()
    var idleTimer: Scheduled<Void>?
    /// A read was asked for while reads were paused; issued when the response ends.
    private var readHeld = false
    /// After a framing error nothing more is read; the connection closes once the problem is sent.
    private var framingFailed = false
    /// The connection may read ahead while a response is in progress (plain TCP with half-closure allowed).
    private let readAhead: Bool

    // The request being received.
    var requestHead: RequestHead?
    var requestBody: ByteBuffer?
    /// A 413 was sent before the body arrived; the rest of the request is ignored and the connection closes.
    var refusedEarly = false

    // Slow-client deadlines (see ExchangeHandler+Deadlines).
    /// When waiting for a head began (connection opened or first byte of a request); nil when not waiting.
    var headWaitStarted: NIODeadline?
    var headTimer: Scheduled<Void>?
    /// When the body last made progress; nil when no body is awaited.
    var bodyProgress: NIODeadline?
    /// When the current request's head arrived (for the minimum body rate).
    var bodyStarted: NIODeadline?
    var bodyTimer: Scheduled<Void>?
    /// Bytes of a pipelined request arrived while a response was in progress.
    var bytesDuringResponse = false

    // The exchange being answered.
    var exchange: ProxyExchange?
    var responseInProgress = false
    var closeAfterResponse = false
    var draining = false
    /// The client shut down its sending side: answer what it sent, then close. A client that closed completely
    /// looks the same until a write to it fails, so its upstream exchange runs to its end (or the request timeout)
    /// instead of being cut off when the end of input is read.
    var inputClosed = false
    /// The answer being written has a chunked body (no `Content-Length`, HTTP/1.1 client).
    var responseChunked = false
    /// The request being answered is `HEAD` (its answer has no body).
    var answeringHead = false
    /// The client spoke HTTP/1.0 (no chunked answers: a body without length ends with the connection).
    var clientIsHTTP10 = false
    /// Something was written to the client and not flushed yet; `channelReadComplete` flushes only then (a flush
    /// with nothing pending still costs a trip through the pipeline and the channel's checks).
    var hasUnflushedWrites = false
    /// The rate limit quota of the exchange being answered (rate-limited operations only), added to its answer's head.
    var rateLimitQuota: RateLimitDecision?
    /// The exchange's correlation ID once something needed it (`requestID(_:)`); cleared when its answer ends.
    var currentRequestID: String?
    /// Whether `currentRequestID` is the client's own (it then goes on in the request as it came).
    var requestIDIsClients = false
    /// Made at the first ID this connection needs.
    private var requestIDGenerator: CorrelationIDGenerator?
    /// With `settings.accessLog`, what its line about the exchange says (`logAccess`): set as the exchange goes on.
    var access = AccessRecord()
    /// `specguard_requests_total` counters of matched operations, by spec generation, operation and outcome,
    /// so a kept-alive connection does not build label strings per request.
    private var exchangeCounters: [Int: Counter] = [:]
    /// The upstream pool of this connection's event loop, looked up once per connection.
    private var upstreamPool: UpstreamPool?

    /// Largest request head read (RFC 6585 §5: 431 over it), as NIO's decoder had.
    static let maximumHeadBytes = 80 * 1024

    init(services: SidecarServices, isTLS: Bool, readAhead: Bool) {
        self.services = services
        self.isTLS = isTLS
        self.readAhead = readAhead
        reader = HTTP1RequestReader(maximumHeadBytes: Self.maximumHeadBytes, maximumHeaderCount: max(services.settings.maximumHeaderCount, 1),
                                    maximumBodyBytes: max(services.settings.maximumRequestBodyBytes, 0))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        allocator = context.channel.allocator
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if let address = context.remoteAddress?.ipAddress {
            clientAddress = address
            clientIsTrustedForwarder = AddressRange.anyContains(services.settings.trustedForwarders, peer: address)
        }
        services.connections.add(context.channel)
        headWaitStarted = .now()
        armHeadTimer()
        lastRead = .now()
        armIdleTimer(at: lastRead + .milliseconds(services.settings.clientIdleTimeoutMilliseconds))
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        services.connections.remove(context.channel)
        headTimer?.cancel()
        headTimer = nil
        idleTimer?.cancel()
        idleTimer = nil
        bodyEnded()
        exchange?.clientGone()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let channelEvent = event as? ChannelEvent, channelEvent == .inputClosed {
            // Requests already received are answered first (see `closeIfInputDone`).
            inputClosed = true
            closeIfInputDone()
            return
        }
        if event is DrainRequest {
            draining = true
            if !responseInProgress && requestHead == nil { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After a framing error or an early refusal the connection is closing: what still arrives is dropped,
        // not buffered.
        guard !framingFailed, !refusedEarly else { return }
        lastRead = .now()
        requestBytesArrived()
        reader.append(unwrapInboundIn(data))
        readRequests()
    }

    /// Hands the parts of the requests received to `receive` until a response is in progress or more bytes are
    /// needed; a framing error answers 400 (431 for a head too large) and closes.
    func readRequests() {
        guard !readingRequests else { return }
        readingRequests = true
        readAvailableParts()
        readingRequests = false
        closeIfInputDone()
    }

    private func readAvailableParts() {
        while !responseInProgress, !framingFailed, !refusedEarly || requestHead != nil, context != nil {
            let part: RequestPart?
            do throws(RequestReadFailure) {
                part = try reader.next()
            } catch {
                // A chunk size that takes the body over the limit: 413 at once, as for a declared length (waiting
                // for data that will not come ended in a 408 after the body timeout).
                if case .framing(let framing) = error, framing.kind == .bodyTooLarge, requestHead != nil {
                    refuseTooLarge(declared: nil)
                } else {
                    refuseFraming(error)
                }
                return
            }
            guard let part else { return }
            receive(part)
        }
    }

    /// With the client's input closed, close once every complete request it sent is answered: what is left in
    /// the reader then (a partial request) can never complete.
    private func closeIfInputDone() {
        guard inputClosed, !responseInProgress, !readingRequests, let context else { return }
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        // Back-pressure: while a response is in progress, read on only until bytes of a next request arrive
        // (without read-ahead, not at all), so pipelined requests wait in the socket, not in memory.
        if responseInProgress && (bytesDuringResponse || !readAhead) {
            readHeld = true
            return
        }
        context.read()
    }

    /// The response ended on a kept-alive connection: read the requests that came meanwhile, resume reading.
    func resumeAfterResponse() {
        responseEndedKeepingConnection()
        readRequests()
        if readHeld, !responseInProgress, let context {
            readHeld = false
            context.read()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        armDeadlines()
        if hasUnflushedWrites { flushClient(context) }
        context.fireChannelReadComplete()
    }

    /// One part of the request being received.
    private func receive(_ part: RequestPart) {
        switch part {
        case .head(let head):
            refusedEarly = false
            currentRequestID = nil
            if services.settings.accessLog { access.begin(head, requestID: requestID(head.headers)) }
            requestHead = head
            requestBody = nil
            answeringHead = head.method == "HEAD"
            clientIsHTTP10 = head.versionMinor == 0
            headArrived()
            // The reader accepts Transfer-Encoding only as exactly `chunked`, so its framing tells.
            if head.versionMinor == 0, head.framing == .chunked {
                // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means faulty framing; refuse and close.
                refuseEarly(status: 400, title: "Malformed request framing", keyword: "framing",
                            message: "Transfer-Encoding in an HTTP/1.0 request")
                return
            }
            if case .length(let length) = head.framing, length > services.settings.maximumRequestBodyBytes {
                refuseTooLarge(declared: length)
                return
            }
            if let expect = head.headers.first(.expect), asciiCaseInsensitiveEquals(expect, "100-continue"), head.versionMinor >= 1 {
                // Answer what the head alone shows is wrong before the client sends the body.
                if services.settings.mode == .enforce, let problem = headOnlyProblem(head) {
                    refuseEarly(problem)
                    return
                }
                writeRaw(staticString: "HTTP/1.1 100 Continue\r\n\r\n", flush: true)
            }
        case .body(var buffer):
            guard !refusedEarly, requestHead != nil else { return }
            bodyProgress = lastRead
            if requestBody == nil {
                requestBody = buffer
            } else {
                requestBody?.writeBuffer(&buffer)
            }
            if let size = requestBody?.readableBytes, size > services.settings.maximumRequestBodyBytes {
                refuseTooLarge(declared: nil)
            }
        case .end:
            bodyEnded()
            guard !refusedEarly, let head = requestHead else { return }
            let body = requestBody
            requestHead = nil
            requestBody = nil
            handle(head: head, body: body)
        }
    }

    /// A request that cannot be framed: 400 (431 for an oversized head) with a problem document, then close;
    /// nothing after it is read, since where the next request would start is unknown.
    private func refuseFraming(_ failure: RequestReadFailure) {
        framingFailed = true
        bodyEnded()
        let problem: ProblemDocument
        switch failure {
        case .headTooLarge(let limit):
            services.metrics.recordFramingError(kind: "header-section-too-large")
            let violation = Violation(location: .request, keyword: "max-header-size", message: "the request head is too large")
            problem = ProblemDocument(type: "urn:specguard:problem:max-header-size", title: "Request header fields too large", status: 431,
                                      detail: "The request head exceeds \(limit / 1024) KiB; the connection is closed.", errors: [violation])
        case .tooManyFields(let limit):
            services.metrics.recordFramingError(kind: "too-many-headers")
            let message = "the request has more than \(limit) header fields"
            let violation = Violation(location: .request, keyword: "max-header-count", message: message)
            problem = ProblemDocument(type: "urn:specguard:problem:max-header-count", title: "Request header fields too large", status: 431,
                                      detail: message, errors: [violation])
        case .framing(let error):
            services.metrics.recordFramingError(kind: error.kind.rawValue)
            let violation = Violation(location: .request, keyword: "framing", message: "malformed HTTP/1.1 message: \(error.kind.rawValue)")
            problem = ProblemDocument(type: "urn:specguard:problem:bad-framing", title: "Malformed request framing", status: 400,
                                      detail: "The request cannot be framed unambiguously (\(error.kind.rawValue)); the connection is closed.",
                                      errors: [violation])
        }
        logRefusal(problem)
        access.outcome = .rejected
        requestHead = nil
        requestBody = nil
        responseInProgress = true
        closeAfterResponse = true
        answeringHead = false
        clientIsHTTP10 = false
        writeProblem(problem, extraHeaders: [])
    }

    /// Answers 413 without reading the rest of the body, then closes.
    private func refuseTooLarge(declared: Int?) {
        let limit = services.settings.maximumRequestBodyBytes
        let message = declared.map { "the body of \($0) bytes exceeds the limit of \(limit) bytes" }
            ?? "the body exceeds the limit of \(limit) bytes"
        let violation = Violation(location: .body, keyword: "max-body-size", message: message, kind: .payloadTooLarge)
        let problem = ProblemDocument(requestViolations: [violation])
        logRefusal(problem)
        access.outcome = .rejected
        refusedEarly = true
        bodyEnded()
        let method = metricsMethod(requestHead?.method ?? "?")
        requestHead = nil
        requestBody = nil
        services.metrics.recordExchange(operation: method + " ?", outcome: .rejected)
        services.metrics.recordViolation(rule: "max-body-size", direction: "request")
        closeAfterResponse = true
        writeProblem(problem, extraHeaders: [])
    }

    /// The verified client certificate of a mutual-TLS connection (read once per connection).
    func verifiedClientCertificate() -> ClientCertificate? {
        if let known = clientCertificate { return known }
        var found: ClientCertificate?
        if isTLS, let context,
           let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
           let peer = handler.peerCertificate, let der = try? peer.toDERBytes(),
           let certificate = try? Certificate(derEncoded: der) {
            found = ClientCertificate(subject: certificate.subject.description, issuer: certificate.issuer.description,
                                      serialNumber: certificate.serialNumber.description, der: der)
        }
        clientCertificate = .some(found)
        return found
    }

    /// Validates a complete request and dispatches it.
    private func handle(head: RequestHead, body: ByteBuffer?) {
        responseInProgress = true
        closeAfterResponse = !head.isKeepAlive || draining
        rateLimitQuota = nil
        let bodyBytes: [UInt8] = body.map { $0.readableArray() } ?? []
        let state = services.spec.current
        let started = NIODeadline.now()
        let (request, verdict, validatedBody, bodyWasDecoded) = RequestScreen.screen(
            head: head, body: bodyBytes, clientCertificate: verifiedClientCertificate(), state: state, settings: services.screenSettings)
        let validated = NIODeadline.now()
        services.metrics.recordValidation(nanoseconds: UInt64(max(0, (validated - started).nanoseconds)))
        let mode = services.settings.mode

        if !verdict.isValid {
            for violation in verdict.violations { services.metrics.recordViolation(rule: violation.keyword, direction: "request") }
            if verdict.operationIndex == nil, verdict.violations.contains(where: { $0.kind == .notFound }) {
                services.coverage.recordUndeclared(method: request.method, path: request.path)
            }
            let problem = verdict.problem ?? ProblemDocument(requestViolations: verdict.violations)
            logViolations(event: mode == .enforce ? "request-rejected" : "request-violation", request: request,
                          operation: verdict.metricsLabel, status: problem.status, violations: verdict.violations)
            if mode == .enforce {
                countExchange(verdict, state: state, outcome: .rejected)
                recordCoverage(state: state, verdict: verdict, status: problem.status)
                var extra: [(String, String)] = []
                for field in verdict.responseHeaders { extra.append((field.name, field.value)) }
                writeProblem(problem, extraHeaders: extra)
                return
            }
        }

        if let decision = checkRateLimit(state: state, verdict: verdict, request: request) {
            // Whatever answers this exchange (upstream, mock, or a 502/504 of ours) tells the client its quota.
            rateLimitQuota = decision
        }
        if let decision = rateLimitQuota, !decision.allowed {
            let violation = Violation(location: .request, keyword: "rate-limit",
                                      message: "more than \(decision.limit) requests in the current window", kind: .tooManyRequests)
            services.metrics.recordViolation(rule: "rate-limit", direction: "request")
            logViolations(event: mode == .enforce ? "request-rejected" : "request-violation", request: request,
                          operation: verdict.metricsLabel, status: 429, violations: [violation])
            if mode == .enforce {
                countExchange(verdict, state: state, outcome: .rateLimited)
                recordCoverage(state: state, verdict: verdict, status: 429)
                rateLimitQuota = nil
                writeProblem(ProblemDocument(requestViolations: [violation]), extraHeaders: decision.headers)
                return
            }
        }

        switch services.role {
        case .mock:
            let answer = MockResponder.answer(request: request, verdict: verdict, state: state, seed: services.settings.mockSeed,
                                              deletions: services.mockDeletions)
            countExchange(verdict, state: state, outcome: verdict.isValid ? .mocked : .reported)
            recordCoverage(state: state, verdict: verdict, status: answer.status)
            writeComplete(status: answer.status, headers: answer.headers, body: answer.body)
        case .proxy(let address):
            guard let context else { return }
            var addedRequestID: (name: String, value: String)?
            if services.settings.forwardRequestID {
                let id = requestID(request.headers)
                if !requestIDIsClients { addedRequestID = (services.settings.requestIDHeader, id) }
            }
            let forwarded = ForwardedRequest.make(method: request.method, target: request.target, headers: request.headers, body: body,
                                                  verdict: verdict, normalize: services.settings.normalize, forwardedHeaders: services.settings.forwardedHeaders,
                                                  clientAddress: clientAddress, isTLS: isTLS, trustedForwarder: clientIsTrustedForwarder,
                                                  decodedBody: bodyWasDecoded ? validatedBody : nil,
                                                  decodableCodingsOnly: services.settings.validateResponses, requestID: addedRequestID,
                                                  allocator: allocator)
            let exchange = ProxyExchange(handler: self, state: state, verdict: verdict, requestMethod: request.method,
                                         request: request, reported: !verdict.isValid)
            self.exchange = exchange
            let pool = upstreamPool ?? services.pool(for: context.eventLoop, address: address)
            upstreamPool = pool
            exchange.start(forwarded: forwarded, pool: pool, at: validated)
        }
    }

    private func checkRateLimit(state: SpecState, verdict: RequestVerdict, request: HTTPRequest) -> RateLimitDecision? {
        let perOperation = verdict.operationIndex.flatMap { state.operationRateLimits[$0] }
        guard let settings = perOperation ?? services.settings.rateLimit else { return nil }
        let scope = perOperation != nil ? "op\(verdict.operationIndex ?? -1)|" : "all|"
        let key = RateLimiter.key(for: request, kind: settings.key, clientAddress: clientAddress, apiKey: state.apiKey,
                                  verifiedSubject: verdict.verifiedTokenSubject)
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        return services.rateLimiter.take(key: scope + key, settings: settings, now: now)
    }

    /// The exchange's correlation ID (see `RequestID`): the client's well-formed one from `headers` (the request's, when
    /// read), else a new one; the same for every later call until the exchange's answer ends. Never a credential: with
    /// `request-id-header` naming a field that carries one (`SpecState.credentialHeaderNames`), an ID is always made.
    func requestID(_ headers: Validation.HTTPHeaders?) -> String {
        if let currentRequestID { return currentRequestID }
        let id: String
        let name = services.settings.requestIDHeader
        if let headers, !services.spec.current.credentialHeaderNames.contains(name.lowercased()),
           let client = RequestID.fromClient(headers, name: name) {
            id = client
            requestIDIsClients = true
        } else {
            if requestIDGenerator == nil { requestIDGenerator = CorrelationIDGenerator() }
            id = requestIDGenerator?.next() ?? ""
            requestIDIsClients = false
        }
        currentRequestID = id
        return id
    }

    /// Counts one finished exchange in `specguard_requests_total`.
    func countExchange(_ verdict: RequestVerdict, state: SpecState, outcome: ExchangeOutcome) {
        if services.settings.accessLog { access.end(outcome, operation: verdict.metricsLabel) }
        guard let index = verdict.operationIndex, let outcomeIndex = ExchangeOutcome.allCases.firstIndex(of: outcome) else {
            services.metrics.recordExchange(operation: verdict.metricsLabel, outcome: outcome)
            return
        }
        let key = (state.generation << 40) | (index << 8) | outcomeIndex
        if let counter = exchangeCounters[key] { counter.increment(); return }
        if exchangeCounters.count > 256 { exchangeCounters.removeAll() }
        let counter = services.metrics.exchangeCounter(operation: verdict.metricsLabel, outcome: outcome)
        exchangeCounters[key] = counter
        counter.increment()
    }

    func recordCoverage(state: SpecState, verdict: RequestVerdict, status: Int) {
        guard let index = verdict.operationIndex, index >= 0, index < state.coverageSlots.count else { return }
        services.coverage.record(slot: state.coverageSlots[index], status: status)
    }

    /// One JSON log line: method, path without query, operation, status and each violation's place and
    /// keyword. Values, messages and headers are left out so no credential can leak.
    func logViolations(event: String, request: HTTPRequest, operation: String, status: Int, violations: [Violation]) {
        // Fields in key order (`Logger.logFields`): a refused request's line cost more than the rest of refusing it
        // through `Logger.Metadata`.
        let list: [[(key: String, value: String)]] = violations.prefix(20).map { violation in
            var entry: [(key: String, value: String)] = [("in", violation.location.rawValue), ("keyword", violation.keyword)]
            if let name = violation.name { entry.append(("name", name)) }
            if let pointer = violation.pointer { entry.append(("pointer", pointer.description)) }
            return entry
        }
        services.logger.logFields(.warning, event, [
            ("client", .text(clientAddress)), ("event", .text(event)), ("method", .text(request.method)), ("operation", .text(operation)),
            ("path", .text(String(request.path.prefix(256)))), ("request_id", .text(requestID(request.headers))), ("status", .number(status)),
            ("violations", .objects(list)),
        ])
    }
}
