import NIOCore
import NIOHTTP1
import Validation

extension ExchangeHandler {
    /// Sends a problem document as the complete answer.
    func writeProblem(_ problem: ProblemDocument, extraHeaders: [(String, String)]) {
        var headers = NIOHTTP1.HTTPHeaders([("Content-Type", ProblemDocument.mediaType)])
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        writeComplete(status: problem.status, headers: headers, body: problem.body)
    }

    /// Sends a complete response with a `Content-Length` body, then ends the exchange.
    func writeComplete(status: Int, headers: NIOHTTP1.HTTPHeaders, body: [UInt8]) {
        guard let context else { return }
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        writeComplete(status: HTTPResponseStatus(statusCode: status), headers: headers, body: buffer)
    }

    func writeComplete(status: HTTPResponseStatus, headers: NIOHTTP1.HTTPHeaders, body: ByteBuffer) {
        guard let context else { return }
        var headers = headers
        if status.mayHaveResponseBody {
            headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        }
        writeHead(HTTPResponseHead(version: .http1_1, status: status, headers: headers))
        if body.readableBytes > 0 && status.mayHaveResponseBody {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        writeEnd()
    }

    /// Writes a response head, adding `Connection: close` when the connection will close.
    func writeHead(_ head: HTTPResponseHead) {
        guard let context else { return }
        var head = head
        if closeAfterResponse || draining {
            closeAfterResponse = true
            head.headers.replaceOrAdd(name: "Connection", value: "close")
        }
        if let quota = rateLimitQuota {
            rateLimitQuota = nil
            quota.addQuotaHeaders(to: &head.headers)
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
    }

    /// Writes a body part; streamed parts are flushed at once, buffered ones go out with the end.
    func writeBody(_ buffer: ByteBuffer, flush: Bool) {
        if flush {
            context?.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        } else {
            context?.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
    }

    /// Ends the response; closes the connection when asked to, otherwise the next pipelined request follows.
    func writeEnd() {
        guard let context else { return }
        responseInProgress = false
        exchange = nil
        if closeAfterResponse || draining {
            let channel = context.channel
            let promise = context.eventLoop.makePromise(of: Void.self)
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
        } else {
            responseEndedKeepingConnection()
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
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
