import NIOCore
import NIOHTTP1
import NIOPosix
import Validation

/// A small HTTP/1.1 server on 127.0.0.1 (port 0: the system picks) that answers with a responder.
public final class FixtureServer: Sendable {
    private let channel: any Channel
    /// The port the server listens on.
    public let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Starts listening; `respond` runs on the event loop for every complete request.
    public static func start(port: Int = 0, respond: @escaping @Sendable (HTTPRequest) -> FixtureReply) async throws -> FixtureServer {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FixtureHTTPHandler(respond: respond))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        return FixtureServer(channel: channel, port: channel.localAddress?.port ?? 0)
    }

    /// The base URL of the server.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func stop() async {
        try? await channel.close()
    }
}

final class FixtureHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let respond: @Sendable (HTTPRequest) -> FixtureReply
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(respond: @escaping @Sendable (HTTPRequest) -> FixtureReply) {
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let value):
            head = value
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            var headers = Validation.HTTPHeaders()
            for (name, value) in head.headers { headers.append(name: name, value: value) }
            let request = HTTPRequest(method: head.method.rawValue, target: head.uri, headers: headers, body: body)
            let reply = respond(request)
            let keepAlive = head.isKeepAlive
            let isHead = head.method == .HEAD
            if reply.delayMilliseconds > 0 {
                let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
                let boundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(reply.delayMilliseconds))) {
                    boundSelf.value.write(reply, keepAlive: keepAlive, isHead: isHead, context: boundContext.value)
                }
            } else {
                write(reply, keepAlive: keepAlive, isHead: isHead, context: context)
            }
            self.head = nil
        }
    }

    private func write(_ reply: FixtureReply, keepAlive: Bool, isHead: Bool, context: ChannelHandlerContext) {
        var headers = NIOHTTP1.HTTPHeaders()
        for (name, value) in reply.headers { headers.add(name: name, value: value) }
        let bodyless = reply.status == 204 || reply.status == 304 || reply.status / 100 == 1
        if !bodyless { headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.count)) }
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let responseHead = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if !bodyless, !isHead, !reply.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: reply.body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        if !keepAlive { context.close(promise: nil) }
    }
}
