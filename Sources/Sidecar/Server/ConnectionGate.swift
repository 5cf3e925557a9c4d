import NIOConcurrencyHelpers
import NIOCore
import Prometheus

/// Counts open client connections and refuses new ones over `max-connections` (0: no cap). Shared by every
/// event loop: one short lock when a connection opens and one when it closes, none per request.
final class ConnectionGate: Sendable {
    private let maximum: Int
    private let open = NIOLockedValueBox(0)
    private let openGauge: Gauge
    private let refused: Counter

    init(maximum: Int, metrics: SidecarMetrics) {
        self.maximum = maximum
        self.openGauge = metrics.openConnections
        self.refused = metrics.refusedConnections
    }

    /// Connections admitted and not yet closed.
    var openCount: Int { open.withLockedValue { $0 } }

    /// Admits one more connection unless the cap is reached; a refusal is counted.
    func admit() -> Bool {
        let admitted: Int? = open.withLockedValue { count in
            guard maximum == 0 || count < maximum else { return nil }
            count += 1
            return count
        }
        guard let admitted else {
            refused.increment()
            return false
        }
        openGauge.set(Int64(admitted))
        return true
    }

    /// An admitted connection closed.
    func closed() {
        let remaining = open.withLockedValue { count in
            count = max(0, count - 1)
            return count
        }
        openGauge.set(Int64(remaining))
    }
}

/// The whole pipeline of a connection refused over the cap: closes it as soon as it is active, before any
/// TLS handshake or HTTP parsing, so an overloaded server spends as little as possible on it.
final class RefusedConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
