import NIOCore
import NIOHTTP1
import Validation

/// Writing answers: heads and bodies are serialized here (HTTP/1.1 status line, fields, chunked framing when no
/// length is known), with no HTTP encoder in the pipeline. `NIOHTTP1.HTTPHeaders` serves only as a field list.
extension ExchangeHandler {
    /// Sends a problem document as the complete answer.
    func writeProblem(_ problem: ProblemDocument, extraHeaders: [(String, String)]) {
        var problem = problem
        let id = requestID(requestHead?.headers)
        problem.requestID = id
        var headers = NIOHTTP1.HTTPHeaders([("Content-Type", ProblemDocument.mediaType), (services.settings.requestIDHeader, id)])
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        writeComplete(status: problem.status, headers: headers, body: problem.body)
    }

    /// Sends a complete response with a `Content-Length` body, then ends the exchange.
    func writeComplete(status: Int, headers: NIOHTTP1.HTTPHeaders, body: [UInt8]) {
        guard context != nil else { return }
        var buffer = allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        writeComplete(status: HTTPResponseStatus(statusCode: status), headers: headers, body: buffer)
    }

    /// The head and the body go out in one buffer; a status that may have a body gets our `Content-Length` (a
    /// `Content-Length` in `headers` is then left out), one that may not keeps the fields as given.
    func writeComplete(status: HTTPResponseStatus, headers: NIOHTTP1.HTTPHeaders, body: ByteBuffer) {
        guard context != nil else { return }
        let length = status.mayHaveResponseBody ? body.readableBytes : nil
        writeHead(status: Int(status.code), reason: status.reasonPhrase, fieldCount: headers.count + 1, body: body, contentLength: length) { emit in
            for (name, value) in headers {
                let known = HeaderNameClass(name).exact
                if length != nil, known == .contentLength { continue }
                emit(name, value, known, false)
            }
        }
        writeEnd()
    }

    /// Writes the head of an upstream's answer: its fields less the hop-by-hop ones (skipped in place through
    /// `HopByHopHeaders.listedNames` and `isDropped`), with `Content-Length` set to `contentLength` when given, and
    /// `body` (the whole body, `contentLength` bytes) in the same write: one write through the pipeline instead of
    /// two for a small buffered answer.
    func writeHead(status: Int, reason: String, upstreamHeaders headers: Validation.HTTPHeaders, contentLength: Int?, body: ByteBuffer? = nil) {
        let listed = HopByHopHeaders.listedNames(headers)
        writeHead(status: status, reason: reason, fieldCount: headers.count + 1, body: body, contentLength: contentLength) { emit in
            headers.withFields { fields in
                for index in fields.indices {
                    let known = fields[index].nameClass.exact
                    if HopByHopHeaders.isDropped(known, name: fields[index].name, listed: listed) { continue }
                    if contentLength != nil, known == .contentLength { continue }
                    emit(fields[index].name, fields[index].value, known, fields[index].valueIsLatin1)
                }
            }
        }
    }

    /// The head: status line, the fields `fields` emits (less `Connection` when closing, less our framing
    /// fields), `Content-Length: contentLength` when given, `Connection: close`, rate limit quota, and
    /// `Transfer-Encoding: chunked` when the body has no length and the client can read chunks (an HTTP/1.0 client
    /// reads to the close instead).
    private func writeHead(status: Int, reason: String, fieldCount: Int, body: ByteBuffer? = nil, contentLength: Int? = nil,
                           fields: ((String, String, KnownHeaderName, _ isLatin1: Bool) -> Void) -> Void) {
        guard let context else { return }
        access.status = status
        if closeAfterResponse || draining { closeAfterResponse = true }
        let closing = closeAfterResponse
        let mayHaveBody = !(status < 200 || status == 204 || status == 304)
        var hasLength = false
        var hasRateLimitField = false
        var buffer = allocator.buffer(capacity: 64 + fieldCount * 48 + (body?.readableBytes ?? 0))
        HTTP1Writing.writeStatusLine(status, reason, to: &buffer)
        fields { name, value, known, isLatin1 in
            switch known {
            case .contentLength:
                // A 1xx or 204 has no content and must not say a length (RFC 9110 §8.6); a 304's tells the representation's.
                if status < 200 || status == 204 { return }
                hasLength = true
            case .transferEncoding: return  // our framing decides
            case .connection where closing: return
            case .rateLimitPrefixed: hasRateLimitField = true
            default: break
            }
            if isLatin1 {
                HTTP1Writing.writeLatin1Field(name, value, to: &buffer)
            } else {
                HTTP1Writing.writeField(name, value, to: &buffer)
            }
        }
        if let contentLength {
            hasLength = true
            HTTP1Writing.writeDecimalField("Content-Length: ", contentLength, to: &buffer)
        }
        if let quota = rateLimitQuota {
            rateLimitQuota = nil
            // The upstream's own RateLimit policy wins (see `addQuotaHeaders`).
            if !hasRateLimitField {
                for (name, value) in quota.quotaHeaders { HTTP1Writing.writeField(name, value, to: &buffer) }
            }
        }
        responseChunked = false
        if mayHaveBody, !hasLength, !answeringHead {
            if clientIsHTTP10 {
                closeAfterResponse = true  // the body ends with the connection
            } else {
                responseChunked = true
                buffer.writeStaticString("Transfer-Encoding: chunked\r\n")
            }
        }
        if closeAfterResponse { buffer.writeStaticString("Connection: close\r\n") }
        buffer.writeStaticString("\r\n")
        if var body, mayHaveBody, !answeringHead, !responseChunked { buffer.writeBuffer(&body) }
        write(buffer, flush: false, context)
    }

    /// Writes a body part; streamed parts are flushed at once, buffered ones go out with the end.
    func writeBody(_ buffer: ByteBuffer, flush: Bool) {
        guard let context, buffer.readableBytes > 0, !answeringHead else { return }
        if responseChunked {
            var size = allocator.buffer(capacity: 20)
            size.writeString(String(buffer.readableBytes, radix: 16))
            size.writeStaticString("\r\n")
            write(size, flush: false, context)
            write(buffer, flush: false, context)
            write(allocator.buffer(staticString: "\r\n"), flush: flush, context)
        } else {
            write(buffer, flush: flush, context)
        }
    }

    /// Writes bytes that are already an HTTP message (an interim `100 Continue`).
    func writeRaw(staticString: StaticString, flush: Bool) {
        guard let context else { return }
        write(allocator.buffer(staticString: staticString), flush: flush, context)
    }

    /// Ends the response; closes the connection when asked to, otherwise the next pipelined request follows.
    func writeEnd() {
        guard let context else { return }
        responseInProgress = false
        exchange = nil
        if services.settings.accessLog { logAccess() }
        currentRequestID = nil
        let terminator: ByteBuffer? = responseChunked ? allocator.buffer(staticString: "0\r\n\r\n") : nil
        responseChunked = false
        if closeAfterResponse || draining {
            let channel = context.channel
            let promise = context.eventLoop.makePromise(of: Void.self)
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
            if let terminator { write(terminator, flush: false, context) }
            hasUnflushedWrites = false
            context.writeAndFlush(wrapOutboundOut(allocator.buffer(capacity: 0)), promise: promise)
        } else {
            if let terminator { write(terminator, flush: false, context) }
            // Flushed now, not at the end of the round as upstream requests are: measured, deferring answers to the
            // clients too was slower (36.9-37.5k against 37.9-38.4k requests/s).
            flushClient(context)
            resumeAfterResponse()
        }
    }

    /// Every write to the client goes through here, so `hasUnflushedWrites` knows whether a flush has work to do.
    private func write(_ buffer: ByteBuffer, flush: Bool, _ context: ChannelHandlerContext) {
        if flush {
            hasUnflushedWrites = false
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        } else {
            hasUnflushedWrites = true
            context.write(wrapOutboundOut(buffer), promise: nil)
        }
    }

    func flushClient(_ context: ChannelHandlerContext) {
        hasUnflushedWrites = false
        context.flush()
    }

    /// Closes the client connection at once (an upstream broke mid-response).
    func abortConnection() {
        responseInProgress = false
        exchange = nil
        context?.close(promise: nil)
    }
}

extension HTTPResponseStatus {
    /// False for 1xx, 204 and 304, which never carry a body.
    var mayHaveResponseBody: Bool {
        !(code < 200 || code == 204 || code == 304)
    }
}
