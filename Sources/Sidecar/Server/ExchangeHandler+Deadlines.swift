import NIOCore
import Validation

/// Slow-client deadlines: a head must arrive whole within the header timeout of its first byte (or of
/// the connection opening), a body may not stall longer than the body idle timeout, and once that long has
/// passed it must average the minimum body rate. A request that
/// arrives in one read never schedules a timer; only partial heads and bodies do.
extension ExchangeHandler {
    /// Bytes of a request arrived (called before they are read as a request, after `lastRead` was set: the
    /// deadlines count from the read, so a read costs one clock reading, not one per event in it).
    func requestBytesArrived() {
        if responseInProgress {
            bytesDuringResponse = true
        } else if requestHead == nil, headWaitStarted == nil {
            headWaitStarted = lastRead
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
        bodyProgress = lastRead
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

    /// The client idle timeout: nothing read for that long closes the connection, unless an answer is on its
    /// way. One timer per connection, re-armed from the last read when it fires (reads only note their time).
    func armIdleTimer(at deadline: NIODeadline) {
        guard let context else { return }
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            idleTimer = nil
            let timeout = TimeAmount.milliseconds(services.settings.clientIdleTimeoutMilliseconds)
            let now = NIODeadline.now()
            if !responseInProgress, now - lastRead >= timeout {
                self.context?.close(promise: nil)
                return
            }
            armIdleTimer(at: responseInProgress ? now + timeout : lastRead + timeout)
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
        services.logger.info("client-timeout", metadata: ["event": "client-timeout", "request_id": .string(requestID(requestHead?.headers)),
                                                          "phase": .string(phase), "client": .string(clientAddress)])
    }
}
