import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A test upstream: records the raw bytes it receives and answers each request with `respond`.
final class RecordingUpstream: Sendable {
    struct Answer: Sendable {
        var status: Int = 200
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        var body: String = "{}"
        /// Raw body bytes; when set, they replace `body`.
        var bodyBytes: [UInt8]? = nil
        var delayMilliseconds: Int64 = 0
        /// Close the connection after answering, without saying so (a server dropping idle keep-alive connections).
        var closeSilently = false
    }

    typealias Recorded = (head: HTTPRequestHead, body: [UInt8])

    private let channel: Channel
    private let receivedBox: NIOLockedValueBox<[UInt8]>
    private let requestsBox: NIOLockedValueBox<[Recorded]>
    let port: Int

    var rawBytes: [UInt8] { receivedBox.withLockedValue { $0 } }
    var rawText: String { String(decoding: rawBytes, as: UTF8.self) }
    var requestCount: Int { requestsBox.withLockedValue { $0.count } }
    var lastRequest: Recorded? { requestsBox.withLockedValue { $0.last } }
    /// Every request received, in order.
    var requests: [Recorded] { requestsBox.withLockedValue { $0 } }

    /// Connections accepted and closed so far.
    private let connectionsBox: NIOLockedValueBox<(opened: Int, closed: Int)>
    var connectionCount: Int { connectionsBox.withLockedValue { $0.opened } }
    var closedConnectionCount: Int { connectionsBox.withLockedValue { $0.closed } }

    private init(channel: Channel, received: NIOLockedValueBox<[UInt8]>, requests: NIOLockedValueBox<[Recorded]>,
                 connections: NIOLockedValueBox<(opened: Int, closed: Int)>) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.receivedBox = received
        self.requestsBox = requests
        self.connectionsBox = connections
    }

    static func start(group: EventLoopGroup, tls: NIOSSLContext? = nil, respond: @escaping @Sendable (HTTPRequestHead, [UInt8]) -> Answer = { _, _ in Answer() }) async throws -> RecordingUpstream {
        let received = NIOLockedValueBox<[UInt8]>([])
        let requests = NIOLockedValueBox<[Recorded]>([])
        let connections = NIOLockedValueBox<(opened: Int, closed: Int)>((0, 0))
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.withLockedValue { $0.opened += 1 }
                channel.closeFuture.whenComplete { _ in connections.withLockedValue { $0.closed += 1 } }
                do {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(ByteTap(received: received))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Responder(requests: requests, respond: respond))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return RecordingUpstream(channel: channel, received: received, requests: requests, connections: connections)
    }

    func stop() async {
        try? await channel.close()
    }

    private final class ByteTap: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        let received: NIOLockedValueBox<[UInt8]>
        init(received: NIOLockedValueBox<[UInt8]>) { self.received = received }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            received.withLockedValue { $0.append(contentsOf: buffer.readableBytesView) }
            context.fireChannelRead(data)
        }
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let requests: NIOLockedValueBox<[Recorded]>
        let respond: @Sendable (HTTPRequestHead, [UInt8]) -> Answer
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(requests: NIOLockedValueBox<[Recorded]>, respond: @escaping @Sendable (HTTPRequestHead, [UInt8]) -> Answer) {
            self.requests = requests
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let received): head = received; body = []
            case .body(let buffer): body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                let body = self.body
                requests.withLockedValue { $0.append((head, body)) }
                let answer = respond(head, body)
                if answer.delayMilliseconds > 0 {
                    context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(answer.delayMilliseconds)) { [self] in
                        self.write(answer, context: context)
                    }
                } else {
                    write(answer, context: context)
                }
            }
        }

        private func write(_ answer: Answer, context: ChannelHandlerContext) {
            var headers = HTTPHeaders(answer.headers)
            let bytes = answer.bodyBytes ?? Array(answer.body.utf8)
            headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            if answer.closeSilently {
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            } else {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
