import NIOCore
import NIOHTTP1
import Validation

/// Sits in front of the HTTP decoder and tells the exchange handler when request bytes arrive, so a
/// head trickled byte by byte (slowloris) is timed from its first byte, not from the last read.
///
/// With `readAhead` it also keeps the socket registered for reading while a response is in progress and nothing
/// more has arrived: `HTTPServerPipelineHandler` holds back reads until the response ends, which made NIO drop
/// and re-add read interest (two `epoll_ctl` calls) on every exchange. Once bytes arrive during a response the
/// pipeline handler's back-pressure applies again, so at most one read more than before is buffered. Needs
/// remote half-closure allowed, so an end of input read during a response waits for that response.
final class RequestStartObserver: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    weak var exchange: ExchangeHandler?
    private let readAhead: Bool

    init(exchange: ExchangeHandler, readAhead: Bool) {
        self.exchange = exchange
        self.readAhead = readAhead
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        exchange?.requestBytesArrived()
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
        if readAhead, let exchange, exchange.responseInProgress, !exchange.bytesDuringResponse, !exchange.inputClosed {
            context.read()
        }
    }
}

/// Slow-client deadlines: a head must arrive whole within the header timeout of its first byte (or of
/// the connection opening), a body may not stall longer than the body idle timeout, and once that long has
/// passed it must average the minimum body rate. A request that
/// arrives in one read never schedules a timer; only partial heads and bodies do.
extension ExchangeHandler {
    /// Bytes of a request arrived (called before the decoder sees them).
    func requestBytesArrived() {
        if responseInProgress {
            bytesDuringResponse = true
        } else if requestHead == nil, headWaitStarted == nil {
            headWaitStarted = .now()
        }
    }

    /// After a read: start the timers a partial head or body needs.
    func armDeadlines() {
        if headWaitStarted != nil, headTimer == nil, !responseInProgress { armHeadTimer() }
        if bodyProgress != nil, bodyTimer == nil { armBodyTimer(after: .milliseconds(services.settings.bodyIdleTimeoutMilliseconds)) }
    }

    /// A head arrived: its deadline no longer applies; the body's starts.
    func headArrived() {
        headWaitStarted = nil
        headTimer?.cancel()
        headTimer = nil
        bytesDuringResponse = false
        bodyProgress = .now()
        bodyStarted = bodyProgress
    }

    /// The request is complete (or refused): no body deadline.
    func bodyEnded() {
        bodyProgress = nil
        bodyStarted = nil
        bodyTimer?.cancel()
        bodyTimer = nil
    }

    /// The response ended on a kept-alive connection: bytes of a next request that came meanwhile start its head deadline.
    func responseEndedKeepingConnection() {
        if bytesDuringResponse {
            bytesDuringResponse = false
            headWaitStarted = .now()
            armHeadTimer()
        }
    }

    func armHeadTimer() {
        guard let context, headTimer == nil else { return }
        let timeout = TimeAmount.milliseconds(services.settings.headerTimeoutMilliseconds)
        let started = headWaitStarted ?? .now()
        headTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: started + timeout) { [self] in
            headTimer = nil
            guard headWaitStarted != nil, requestHead == nil, !responseInProgress else { return }
            clientTimedOut(phase: "header")
            // No request to answer yet: close (there is no safe place for a response).
            self.context?.close(promise: nil)
        }
    }

    private func armBodyTimer(after delay: TimeAmount) {
        guard let context else { return }
        bodyTimer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            bodyTimer = nil
            guard let progress = bodyProgress, let started = bodyStarted, requestHead != nil else { return }
            let timeout = TimeAmount.milliseconds(services.settings.bodyIdleTimeoutMilliseconds)
            let now = NIODeadline.now()
            let idle = now - progress
            if idle >= timeout {
                clientTimedOut(phase: "body")
                refuseTimedOutBody(reason: "no body bytes arrived for \(services.settings.bodyIdleTimeoutMilliseconds) ms")
                return
            }
            // A body trickled just fast enough to dodge the idle timeout must still keep a minimum rate.
            let elapsed = now - started
            let minimumRate = services.settings.minimumBodyBytesPerSecond
            if minimumRate > 0, elapsed >= timeout {
                let received = Int64(requestBody?.readableBytes ?? 0)
                if received * 1_000_000_000 < Int64(minimumRate) * elapsed.nanoseconds {
                    clientTimedOut(phase: "body-rate")
                    refuseTimedOutBody(reason: "the body arrives slower than \(minimumRate) bytes per second")
                    return
                }
            }
            armBodyTimer(after: min(timeout - idle, timeout))
        }
    }

    private func clientTimedOut(phase: String) {
        services.metrics.recordClientTimeout(phase: phase)
        services.logger.info("client-timeout", metadata: ["event": "client-timeout", "phase": .string(phase), "client": .string(clientAddress)])
    }
}
