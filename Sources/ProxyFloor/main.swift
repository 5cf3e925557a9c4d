// ProxyFloor: the least an HTTP/1.1 reverse proxy on SwiftNIO can do per exchange, as a yardstick for
// `scripts/bench-proxy` (row (e)). It frames messages by their head end and `Content-Length` only, forwards the
// bytes untouched over one upstream connection per client connection (answers come back in order, so pipelining
// works), and checks nothing: no header parsing, no validation, no metrics. What specguard spends above this
// floor is the cost of its own work, not of NIO or the kernel.
//
// Not a product: it trusts its upstream and its clients (no chunked bodies, no limits beyond a 1 MB message) and
// exists only to be measured. Usage: ProxyFloor LISTEN_PORT UPSTREAM_PORT [THREADS]
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Length of the complete message (head and `Content-Length` body) at the start of `buffer`, nil while incomplete
/// or when the head is not one this tool frames (then the connection is closed).
enum Framing {
    case complete(Int)
    case incomplete
    case unusable

    static let maximumBytes = 1 << 20

    static func of(_ buffer: ByteBuffer) -> Framing {
        buffer.withUnsafeReadableBytes { raw -> Framing in
            let count = raw.count
            var headEnd = -1
            var index = 3
            while index < count {
                if raw[index] == 10, raw[index - 1] == 13, raw[index - 2] == 10, raw[index - 3] == 13 {
                    headEnd = index + 1
                    break
                }
                index += 1
            }
            guard headEnd >= 0 else { return count > maximumBytes ? .unusable : .incomplete }
            var bodyLength = 0
            var lineStart = 0
            let name = Array("content-length:".utf8)
            while lineStart < headEnd {
                var lineEnd = lineStart
                while lineEnd < headEnd, raw[lineEnd] != 13 { lineEnd += 1 }
                if lineEnd - lineStart > name.count,
                   (0..<name.count).allSatisfy({ raw[lineStart + $0] | 0x20 == name[$0] | 0x20 }) {
                    var digit = lineStart + name.count
                    while digit < lineEnd, raw[digit] == 32 { digit += 1 }
                    bodyLength = 0
                    while digit < lineEnd, raw[digit] >= 48, raw[digit] <= 57, bodyLength <= maximumBytes {
                        bodyLength = bodyLength * 10 + Int(raw[digit] - 48)
                        digit += 1
                    }
                }
                lineStart = lineEnd + 2
            }
            guard headEnd + bodyLength <= maximumBytes else { return .unusable }
            return count >= headEnd + bodyLength ? .complete(headEnd + bodyLength) : .incomplete
        }
    }
}

/// Collects bytes and hands out whole messages.
struct MessageCollector {
    private var pending: ByteBuffer?

    /// Appends `incoming`, then calls `deliver` with each complete message; false when the stream is unusable.
    mutating func collect(_ incoming: ByteBuffer, deliver: (ByteBuffer) -> Void) -> Bool {
        if var buffer = pending {
            var incoming = incoming
            buffer.writeBuffer(&incoming)
            pending = buffer
        } else {
            pending = incoming
        }
        while var buffer = pending {
            switch Framing.of(buffer) {
            case .incomplete: return true
            case .unusable: return false
            case .complete(let length):
                guard let message = buffer.readSlice(length: length) else { return false }
                pending = buffer.readableBytes == 0 ? nil : buffer
                deliver(message)
            }
        }
        return true
    }
}

final class UpstreamSide: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private var collector = MessageCollector()
    weak var client: ClientSide?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let ok = collector.collect(unwrapInboundIn(data)) { client?.answer($0) }
        if !ok { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        client?.close()
    }
}

final class ClientSide: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var collector = MessageCollector()
    private var upstream: Channel?
    private var waiting: [ByteBuffer] = []
    private var context: ChannelHandlerContext?
    private let upstreamPort: Int

    init(upstreamPort: Int) { self.upstreamPort = upstreamPort }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelActive(context: ChannelHandlerContext) {
        ClientBootstrap(group: context.eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(UpstreamSide()) }
            }
            .connect(host: "127.0.0.1", port: upstreamPort)
            .assumeIsolated()
            .whenComplete { [self] result in
                guard case .success(let channel) = result,
                      let upstreamSide = try? channel.pipeline.syncOperations.handler(type: UpstreamSide.self) else {
                    close()
                    return
                }
                upstreamSide.client = self
                upstream = channel
                for message in waiting { channel.write(message, promise: nil) }
                waiting = []
                channel.flush()
            }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let ok = collector.collect(unwrapInboundIn(data)) { message in
            if let upstream { upstream.writeAndFlush(message, promise: nil) } else { waiting.append(message) }
        }
        if !ok { close() }
    }

    func answer(_ message: ByteBuffer) {
        context?.writeAndFlush(wrapOutboundOut(message), promise: nil)
    }

    func close() {
        context?.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        upstream?.close(promise: nil)
        upstream = nil
        self.context = nil
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3 || arguments.count == 4, let listenPort = Int(arguments[1]), let upstreamPort = Int(arguments[2]),
      let threads = arguments.count == 4 ? Int(arguments[3]) : 1, threads >= 1 else {
    print("usage: ProxyFloor LISTEN_PORT UPSTREAM_PORT [THREADS]")
    exit(2)
}
let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
do {
    let server = try await ServerBootstrap(group: group)
        .serverChannelOption(.backlog, value: 256)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ClientSide(upstreamPort: upstreamPort))
            }
        }
        .bind(host: "127.0.0.1", port: listenPort).get()
    print("ProxyFloor: 127.0.0.1:\(listenPort) -> 127.0.0.1:\(upstreamPort), \(threads) event loop(s)")
    try await server.closeFuture.get()
} catch {
    print("ProxyFloor: \(error)")
    exit(1)
}
