// ProxyFloor: the least an HTTP/1.1 reverse proxy on SwiftNIO can do per exchange, as a yardstick for
// `scripts/bench-proxy` (row (e)). It frames messages by their head end and `Content-Length` only, forwards the
// bytes untouched over one upstream connection per client connection (answers come back in order, so pipelining
// works), and checks nothing: no header parsing, no validation, no metrics. What specguard spends above this
// floor is the cost of its own work, not of NIO or the kernel.
//
// Given a spec (row (f)), it also reads each request and each answer whole with `HTTPMessageParser` and checks
// them with specguard's `ExchangeValidator` (request, then the answer against the request's operation), still
// forwarding the bytes as they came: specguard's validation with none of its proxy around it. An invalid request
// gets a bare 400 at once (ahead of answers still pending on a pipelined connection: the benchmark sends only valid
// requests), an invalid answer a bare 502.
//
// Not a product: it trusts its upstream and its clients (no chunked bodies, no limits beyond a 1 MB message) and
// exists only to be measured. Usage: ProxyFloor LISTEN_PORT UPSTREAM_PORT [THREADS [SPEC]]
import Foundation
import NIOCore
import NIOPosix
import OpenAPIModel
import Validation

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
    static let contentLengthName = Array("content-length:".utf8)

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
            let name = contentLengthName
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
        let ok = collector.collect(unwrapInboundIn(data)) { client?.answer($0, check: true) }
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
    private let validator: ExchangeValidator?
    /// Operation index and method of each forwarded request whose answer has not come yet, in order.
    private var awaiting: [(operation: Int, method: String)] = []

    init(upstreamPort: Int, validator: ExchangeValidator?) {
        self.upstreamPort = upstreamPort
        self.validator = validator
    }

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
            if let validator {
                // Copied from the raw bytes, as the proxy copies what it validates.
                guard case .success(let parsed) = Self.parser.parse(message.withUnsafeReadableBytes { [UInt8]($0) }), let request = parsed.request else {
                    answer(Self.badRequest, check: false)
                    return
                }
                guard checks != .parse else {
                    awaiting.append((0, request.method))
                    if let upstream { upstream.writeAndFlush(message, promise: nil) } else { waiting.append(message) }
                    return
                }
                let verdict = validator.validate(request: request)
                guard verdict.isValid, let operation = verdict.operationIndex else {
                    answer(Self.badRequest, check: false)
                    return
                }
                awaiting.append((operation, request.method))
            }
            if let upstream { upstream.writeAndFlush(message, promise: nil) } else { waiting.append(message) }
        }
        if !ok { close() }
    }

    static let parser = HTTPMessageParser(options: .strict)
    static let badRequest = ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    static let badGateway = ByteBuffer(string: "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")

    /// Sends `message` to the client; an upstream answer (`check`) is validated first when there is a validator.
    func answer(_ message: ByteBuffer, check: Bool) {
        var message = message
        if check, let validator, !awaiting.isEmpty {
            let (operation, method) = awaiting.removeFirst()
            if case .success(let parsed) = Self.parser.parse(message.withUnsafeReadableBytes { [UInt8]($0) }), let response = parsed.response {
                if checks == .both, !validator.validate(response: response, operationIndex: operation, requestMethod: method).isEmpty {
                    message = Self.badGateway
                }
            } else {
                message = Self.badGateway
            }
        }
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
guard (3...5).contains(arguments.count), let listenPort = Int(arguments[1]), let upstreamPort = Int(arguments[2]),
      let threads = arguments.count >= 4 ? Int(arguments[3]) : 1, threads >= 1 else {
    print("usage: ProxyFloor LISTEN_PORT UPSTREAM_PORT [THREADS [SPEC]]")
    exit(2)
}
var validator: ExchangeValidator?
if arguments.count == 5 {
    let loaded = OpenAPIDocument.load(path: arguments[4])
    guard let document = loaded.document, !loaded.hasErrors else {
        print("ProxyFloor: \(arguments[4]) does not load")
        exit(2)
    }
    validator = ExchangeValidator(document: document)
}
let sharedValidator = validator

/// How much of the checking runs with a spec (PROXYFLOOR_CHECKS, for taking its cost apart): `parse` only reads both
/// messages with `HTTPMessageParser`, `request` also validates requests, `both` (the default) answers too.
enum Checks: String { case parse, request, both }
let checks = Checks(rawValue: ProcessInfo.processInfo.environment["PROXYFLOOR_CHECKS"] ?? "both") ?? .both
let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
do {
    let server = try await ServerBootstrap(group: group)
        .serverChannelOption(.backlog, value: 256)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ClientSide(upstreamPort: upstreamPort, validator: sharedValidator))
            }
        }
        .bind(host: "127.0.0.1", port: listenPort).get()
    print("ProxyFloor: 127.0.0.1:\(listenPort) -> 127.0.0.1:\(upstreamPort), \(threads) event loop(s)\(sharedValidator == nil ? "" : ", validating")")
    try await server.closeFuture.get()
} catch {
    print("ProxyFloor: \(error)")
    exit(1)
}
