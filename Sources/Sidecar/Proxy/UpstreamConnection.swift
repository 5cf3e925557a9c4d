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
    private var timeout: Scheduled<Void>?
    /// False once the upstream asked to close or anything went wrong.
    private(set) var reusable = true
    /// Set while the connection waits in the pool.
    var idleTimeout: Scheduled<Void>?
    var onClose: ((UpstreamConnection) -> Void)?

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
        timeout = channel.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(timeoutMilliseconds)) { [weak self] in
            self?.fail(.timeout)
        }
        guard let context else { fail(.broken("connection closed")); return }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenFailure { [weak self] error in
            self?.fail(.broken("write failed: \(error)"))
        }
    }

    private func fail(_ failure: UpstreamFailure) {
        reusable = false
        guard exchangeActive else { channel.close(promise: nil); return }
        exchangeActive = false
        timeout?.cancel()
        timeout = nil
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
            timeout?.cancel()
            timeout = nil
            self.sink = nil
            sink.upstreamEnd()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        reusable = false
        idleTimeout?.cancel()
        if exchangeActive { fail(.broken("upstream closed the connection")) }
        onClose?(self)
        onClose = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(.broken("\(error)"))
    }
}
