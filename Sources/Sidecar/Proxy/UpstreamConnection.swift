import NIOCore
import NIOHTTP1

/// Why an upstream exchange failed.
enum UpstreamFailure: Error, Sendable {
    /// Could not connect (refused, unreachable, connect timeout, TLS handshake).
    case unavailable(String)
    /// No complete response within the request timeout.
    case timeout
    /// The connection broke or the response was malformed.
    case broken(String)
}

/// Receives one upstream response, on the event loop of the client connection.
protocol UpstreamResponseSink: AnyObject {
    func upstreamHead(_ head: HTTPResponseHead)
    func upstreamBody(_ buffer: ByteBuffer)
    func upstreamEnd()
    func upstreamFailed(_ failure: UpstreamFailure)
}

/// One keep-alive HTTP/1.1 connection to the upstream; carries one exchange at a time.
final class UpstreamConnection: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let channel: Channel
    private weak var sink: UpstreamResponseSink?
    private var exchangeActive = false
    /// When the current exchange times out.
    private var deadline = NIODeadline.distantFuture
    /// One timer per connection, not per exchange: when it fires before the current deadline (set by a later
    /// exchange) it re-arms for it, so a kept-alive connection schedules about once per timeout period.
    private var deadlineTimer: Scheduled<Void>?
    /// False once the upstream asked to close or anything went wrong.
    private(set) var reusable = true
    /// When the connection went back to the pool (meaningful while idle there).
    var idleSince = NIODeadline.distantFuture
    /// The pool to tell when the connection closes while idle.
    weak var pool: UpstreamPool?

    private var context: ChannelHandlerContext?

    init(channel: Channel) {
        self.channel = channel
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    var isActive: Bool { channel.isActive && reusable }

    /// Sends one request; the response (or failure) goes to `sink`.
    func send(head: HTTPRequestHead, body: ByteBuffer?, timeoutMilliseconds: Int64, sink: UpstreamResponseSink) {
        self.sink = sink
        exchangeActive = true
        if !head.isKeepAlive { reusable = false }
        guard let context, channel.isActive else { fail(.broken("connection closed")); return }
        deadline = .now() + .milliseconds(timeoutMilliseconds)
        if deadlineTimer == nil { armDeadlineTimer() }
        // No write promise: a write that fails closes the channel, and `channelInactive` fails the exchange.
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func armDeadlineTimer() {
        deadlineTimer = channel.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            guard let self else { return }
            deadlineTimer = nil
            guard exchangeActive else { return }
            if NIODeadline.now() >= deadline { fail(.timeout) } else { armDeadlineTimer() }
        }
    }

    private func fail(_ failure: UpstreamFailure) {
        reusable = false
        deadlineTimer?.cancel()
        deadlineTimer = nil
        guard exchangeActive else { channel.close(promise: nil); return }
        exchangeActive = false
        let sink = self.sink
        self.sink = nil
        channel.close(promise: nil)
        sink?.upstreamFailed(failure)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard exchangeActive, let sink else { reusable = false; context.close(promise: nil); return }
        switch part {
        case .head(let head):
            if head.status.code < 200 { return }  // 1xx: wait for the final answer
            if !head.isKeepAlive { reusable = false }
            sink.upstreamHead(head)
        case .body(let buffer):
            sink.upstreamBody(buffer)
        case .end:
            exchangeActive = false
            self.sink = nil
            sink.upstreamEnd()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        reusable = false
        deadlineTimer?.cancel()
        deadlineTimer = nil
        if exchangeActive { fail(.broken("upstream closed the connection")) }
        pool?.connectionClosed(self)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(.broken("\(error)"))
    }
}
