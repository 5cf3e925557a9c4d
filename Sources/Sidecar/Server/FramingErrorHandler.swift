import NIOCore
import NIOHTTP1
import Validation

/// Answers a request the HTTP parser refuses (conflicting framing, bad chunk sizes, bare CR or LF,
/// obsolete line folding...) with 400 and a problem document, then closes the connection: after a
/// framing error the position of the next request is unknown, so nothing more is read (request smuggling).
final class FramingErrorHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: SidecarMetrics
    private var hasUnterminatedResponse = false
    private var failed = false

    init(metrics: SidecarMetrics) {
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard let parserError = error as? HTTPParserError else {
            context.close(promise: nil)
            return
        }
        guard !failed else { return }
        failed = true
        let kind = Self.kind(parserError)
        metrics.recordFramingError(kind: kind)
        let channel = context.channel
        if hasUnterminatedResponse {
            context.close(promise: nil)
            return
        }
        let problem: ProblemDocument
        if parserError == .headerOverflow {
            // A header field or the whole head is over the decoder's 80 KiB limits (RFC 6585 §5).
            let violation = Violation(location: .request, keyword: "max-header-size", message: "the request head is too large")
            problem = ProblemDocument(type: "urn:specguard:problem:max-header-size", title: "Request header fields too large", status: 431,
                                      detail: "A header field or the request head exceeds 80 KiB; the connection is closed.", errors: [violation])
        } else {
            let violation = Violation(location: .request, keyword: "framing", message: "malformed HTTP/1.1 message: \(kind)")
            problem = ProblemDocument(type: "urn:specguard:problem:bad-framing", title: "Malformed request framing", status: 400,
                                      detail: "The request cannot be framed unambiguously (\(kind)); the connection is closed.",
                                      errors: [violation])
        }
        let body = problem.body
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        let headers = NIOHTTP1.HTTPHeaders([("Content-Type", ProblemDocument.mediaType), ("Content-Length", String(body.count)),
                                            ("Connection", "close")])
        let status = HTTPResponseStatus(statusCode: problem.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let promise = context.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code < 200: break
        case .head: hasUnterminatedResponse = true
        case .body: break
        case .end: hasUnterminatedResponse = false
        }
        context.write(data, promise: promise)
    }

    static func kind(_ error: HTTPParserError) -> String {
        String(describing: error)
    }
}
