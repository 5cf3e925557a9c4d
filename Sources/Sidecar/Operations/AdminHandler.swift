import Documents
import NIOCore
import NIOHTTP1

/// The admin listener: `/metrics` (Prometheus text), `/healthz`, `/readyz` and `/coverage` (JSON).
final class AdminHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let services: SidecarServices
    private var head: HTTPRequestHead?

    init(services: SidecarServices) {
        self.services = services
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead): head = requestHead
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
            let (status, contentType, body) = answer(method: head.method, path: path)
            var buffer = context.channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(body.count))])
            if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            if head.isKeepAlive {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            } else {
                let channel = context.channel
                let promise = context.eventLoop.makePromise(of: Void.self)
                promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
            }
        }
    }

    private func answer(method: HTTPMethod, path: String) -> (HTTPResponseStatus, String, [UInt8]) {
        guard method == .GET || method == .HEAD else {
            return (.methodNotAllowed, "text/plain", Array("GET only\n".utf8))
        }
        switch path {
        case "/metrics":
            return (.ok, "text/plain; version=0.0.4", services.metrics.exposition())
        case "/healthz":
            return (.ok, "application/json", Array(#"{"status":"ok"}"#.utf8))
        case "/readyz":
            let state = services.spec.current
            let ready = services.isReady
            let body = JSONWriter.compact(.object([("status", .string(ready ? "ready" : "draining")),
                                                   ("specGeneration", .integer(state.generation)),
                                                   ("operations", .integer(state.document.router.operations.count))]))
            return (ready ? .ok : .serviceUnavailable, "application/json", Array(body.utf8))
        case "/coverage":
            let report = services.coverage.report(for: services.spec.current.document)
            return (.ok, "application/json", Array(JSONWriter.pretty(report).utf8))
        default:
            return (.notFound, "text/plain", Array("not found\n".utf8))
        }
    }
}
