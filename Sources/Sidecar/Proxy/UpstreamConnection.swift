import NIOCore
import Validation

/// Why an upstream exchange failed.
enum UpstreamFailure: Error, Sendable {
    /// Could not connect (refused, unreachable, connect timeout, TLS handshake).
    case unavailable(String)
    /// No complete response within the request timeout.
    case timeout
    /// The connection broke.
    case broken(String)
    /// The answer is not one the proxy relays (bad framing, a head it cannot read, `101`, not HTTP/1.x): a 502, retried
    /// only as a broken connection is (an idempotent request, a reused connection, no head yet).
    case malformed(String)

    /// Whether an idempotent request whose reused connection failed so, before any head, is sent once more on a new one.
    var mayRetryOnANewConnection: Bool {
        switch self {
        case .broken, .malformed: return true
        case .unavailable, .timeout: return false
        }
    }
}

/// The head of an upstream response, read by our own HTTP/1 reader (`HTTPMessageParser.readHead`).
struct UpstreamResponseHead {
    var status: Int
    var reason: String
    /// HTTP/1.0 or HTTP/1.1 as sent.
    var version: String
    var headers: Validation.HTTPHeaders
    /// The body's length when the head frames it by `Content-Length` (a repeated equal value read as one), else nil.
    var contentLength: Int?
}

/// Receives one upstream response, on the event loop of the client connection.
protocol UpstreamResponseSink: AnyObject {
    func upstreamHead(_ head: UpstreamResponseHead)
    func upstreamBody(_ buffer: ByteBuffer)
    func upstreamEnd()
    func upstreamFailed(_ failure: UpstreamFailure)
}

/// One keep-alive HTTP/1.1 connection to the upstream; carries one exchange at a time. Speaks HTTP/1 itself
/// on the channel's bytes: the request goes out as one buffer serialized by `ForwardedRequest`, the response
/// is read with the strict wire readers of `Validation` (so what the proxy validates is framed exactly as the
/// response that reaches the client), with no HTTP codec in the pipeline.
final class UpstreamConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let channel: Channel
    /// Strong, and cleared when the exchange ends or fails (no weak reference: see `ProxyExchange.handler`).
    private var sink: UpstreamResponseSink?
    private var exchangeActive = false
    /// A flush is waiting for the end of the event loop's round (`flushAtEndOfTick`).
    private var flushScheduled = false
    /// When the current exchange times out.
    private var deadline = NIODeadline.distantFuture
    /// One timer per connection, not per exchange: when it fires before the current deadline (set by a later
    /// exchange) it re-arms for it, so a kept-alive connection schedules about once per timeout period.
    private var deadlineTimer: Scheduled<Void>?
    /// False once the upstream asked to close or anything went wrong.
    private(set) var reusable = true
    /// When the connection went back to the pool (meaningful while idle there).
    var idleSince = NIODeadline.distantFuture
    /// The pool to tell when the connection closes while idle (pools live as long as the server).
    var pool: UpstreamPool?

    private var context: ChannelHandlerContext?

    /// Where the response being read is.
    private enum ReadState {
        case head
        case length(remaining: Int)
        case chunked(HTTPChunkedDecoder)
        case toEnd
    }
    private var readState = ReadState.head
    /// Bytes received and not yet consumed (a head that is still incomplete).
    private var pending: ByteBuffer?
    /// The request of the current exchange was `HEAD`: its response has no body whatever its headers say.
    private var requestIsHead = false
    /// Largest response head accepted.
    static let maximumHeadBytes = 64 * 1024
    private static let headParser = HTTPMessageParser(options: HTTPMessageParser.Options(
        allowBareLineFeed: false, unframedRequestBodyToEnd: false, maximumHeaderCount: 200, maximumHeaderBytes: maximumHeadBytes))

    init(channel: Channel) {
        self.channel = channel
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    var isActive: Bool { channel.isActive && reusable }

    /// Sends one serialized request; the response (or failure) goes to `sink`.
    func send(_ request: ByteBuffer, isHeadRequest: Bool, timeoutMilliseconds: Int64, sink: UpstreamResponseSink) {
        self.sink = sink
        exchangeActive = true
        requestIsHead = isHeadRequest
        readState = .head
        guard let context, channel.isActive else { fail(.broken("connection closed")); return }
        deadline = .now() + .milliseconds(timeoutMilliseconds)
        if deadlineTimer == nil { armDeadlineTimer() }
        // No write promise: a write that fails closes the channel, and `channelInactive` fails the exchange.
        context.write(wrapOutboundOut(request), promise: nil)
        flushAtEndOfTick(context)
    }

    /// Flushes once the event loop has handled this round of ready sockets rather than now: the writes a busy loop
    /// makes to its connections then go out together, and the upstream is woken for a batch instead of once per
    /// exchange. Measured with `scripts/bench-proxy`
    /// (32 connections, interleaved): ~25.7 against ~27 µs of proxy CPU per exchange, p99 1.2-1.3 against 1.5-1.9 ms.
    private func flushAtEndOfTick(_ context: ChannelHandlerContext) {
        guard !flushScheduled else { return }
        flushScheduled = true
        context.eventLoop.assumeIsolated().execute { [self] in
            flushScheduled = false
            self.context?.flush()
        }
    }

    private func armDeadlineTimer() {
        // Holds the connection until it fires or is cancelled (on close), no longer.
        deadlineTimer = channel.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            deadlineTimer = nil
            guard exchangeActive else { return }
            if NIODeadline.now() >= deadline { fail(.timeout) } else { armDeadlineTimer() }
        }
    }

    private func fail(_ failure: UpstreamFailure) {
        reusable = false
        deadlineTimer?.cancel()
        deadlineTimer = nil
        pending = nil
        guard exchangeActive else { channel.close(promise: nil); return }
        exchangeActive = false
        let sink = self.sink
        self.sink = nil
        channel.close(promise: nil)
        sink?.upstreamFailed(failure)
    }

    /// The response is complete; `leftover` bytes after it mean the connection cannot be reused (decided
    /// before the sink hears of the end, since the sink returns the connection to the pool).
    private func finish(leftover: Bool = false) {
        if leftover { reusable = false }
        exchangeActive = false
        readState = .head
        let sink = self.sink
        self.sink = nil
        sink?.upstreamEnd()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard exchangeActive else {
            // Bytes with no exchange waiting for them: the connection's framing can no longer be trusted.
            reusable = false
            context.close(promise: nil)
            return
        }
        if var earlier = pending {
            pending = nil
            earlier.writeBuffer(&buffer)
            buffer = earlier
        }
        consume(&buffer)
    }

    static let versionPrefix: [UInt8] = Array("HTTP/".utf8)

    /// Reads as much of the response as `buffer` holds.
    private func consume(_ buffer: inout ByteBuffer) {
        while buffer.readableBytes > 0 {
            guard exchangeActive, let sink else {
                // Bytes after the end of the response: not a connection to reuse.
                reusable = false
                return
            }
            switch readState {
            case .head:
                // Empty lines before a status line are skipped (RFC 9112 §2.2), as the client side skips them before a
                // request line: `\r\n\r\n` ahead of a whole answer read as an empty head that never completed (504).
                if let first = buffer.readableBytesView.first, first == UInt8(ascii: "\r") || first == UInt8(ascii: "\n") {
                    buffer.moveReaderIndex(forwardBy: 1)
                    continue
                }
                // An answer starts with `HTTP/`: anything else (`SSH-2.0-...`) is refused at once instead of waiting for
                // the end of a head that will never come (a 504 after the request timeout).
                let startsAsHTTP = buffer.withUnsafeReadableBytes { bytes in
                    (0..<min(5, bytes.count)).allSatisfy { bytes[$0] == Self.versionPrefix[$0] }
                }
                if !startsAsHTTP {
                    fail(.malformed("the answer does not start with HTTP/"))
                    return
                }
                switch WireHead.read(buffer, parser: Self.headParser, maximumBytes: Self.maximumHeadBytes) {
                case .needMore:
                    pending = buffer
                    return
                case .tooLarge:
                    fail(.malformed("response head over \(Self.maximumHeadBytes) bytes"))
                    return
                case .failed(let error):
                    fail(.malformed("malformed response: \(error.description)"))
                    return
                case .read(let head):
                    guard case .response(let version, let status, let reason) = head.startLine else {
                        fail(.malformed("the upstream sent a request line"))
                        return
                    }
                    // Only HTTP/1.0 and 1.1 are read here (`HTTP/2.0 200` was relayed as an HTTP/1.1 answer), and a
                    // `101` would switch the connection to another protocol, which the proxy does not relay.
                    guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
                        fail(.malformed("the upstream answered in \(version.prefix(16))"))
                        return
                    }
                    guard status != 101 else {
                        fail(.malformed("the upstream switched protocols (101), which the proxy does not relay"))
                        return
                    }
                    buffer.moveReaderIndex(forwardBy: head.length)
                    if status < 200 { continue }  // 1xx: wait for the final answer
                    let minor = version.utf8.last.map { Int($0) - 0x30 } ?? 0
                    if !HopByHopHeaders.keepsAlive(minorVersion: minor, headers: head.headers) { reusable = false }
                    var length: Int?
                    if case .length(let declared) = head.framing { length = declared }
                    sink.upstreamHead(UpstreamResponseHead(status: status, reason: reason, version: version, headers: head.headers,
                                                           contentLength: length))
                    let framing = requestIsHead ? .none : head.framing
                    switch framing {
                    case .none, .length(0):
                        finish(leftover: buffer.readableBytes > 0)
                        return
                    case .length(let length):
                        readState = .length(remaining: length)
                    case .chunked:
                        readState = .chunked(HTTPChunkedDecoder(maximumBodyBytes: Int.max))
                    case .toEnd:
                        reusable = false
                        readState = .toEnd
                    }
                }
            case .length(let remaining):
                let take = min(remaining, buffer.readableBytes)
                if let slice = buffer.readSlice(length: take) { sink.upstreamBody(slice) }
                if take == remaining { finish(leftover: buffer.readableBytes > 0); return }
                readState = .length(remaining: remaining - take)
            case .chunked(var decoder):
                var events: [HTTPChunkedDecoder.Event] = []
                let failure = buffer.withUnsafeReadableBytes { bytes -> HTTPFramingError? in
                    do throws(HTTPFramingError) { try decoder.feed(bytes, events: &events) } catch { return error }
                    return nil
                }
                if let failure { fail(.malformed("malformed chunked response: \(failure.description)")); return }
                readState = .chunked(decoder)
                var consumed = buffer.readableBytes
                var ended = false
                for event in events {
                    switch event {
                    case .data(let offset, let count):
                        if let slice = buffer.getSlice(at: buffer.readerIndex + offset, length: count) { sink.upstreamBody(slice) }
                    case .end(let upTo):
                        consumed = upTo
                        ended = true
                    }
                }
                buffer.moveReaderIndex(forwardBy: consumed)
                if ended { finish(leftover: buffer.readableBytes > 0); return }
            case .toEnd:
                if let slice = buffer.readSlice(length: buffer.readableBytes) { sink.upstreamBody(slice) }
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        reusable = false
        deadlineTimer?.cancel()
        deadlineTimer = nil
        if exchangeActive, case .toEnd = readState {
            finish()  // a body delimited by the end of the connection is complete now
        } else if exchangeActive {
            fail(.broken("upstream closed the connection"))
        }
        pool?.connectionClosed(self)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(.broken("\(error)"))
    }
}
