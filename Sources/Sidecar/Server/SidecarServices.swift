import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import Validation

/// What a server does with a valid request.
enum ServerRole: Sendable {
    /// Forward it to the upstream.
    case proxy(UpstreamAddress)
    /// Answer it from the spec's examples or schemas.
    case mock
}

/// Shared by every connection of one server: settings, the current spec, metrics, limits, pools.
public final class SidecarServices: Sendable {
    public let settings: SidecarSettings
    /// The part of `settings` the request checks read (`RequestScreen`).
    let screenSettings: ScreenSettings
    public let spec: SpecHolder
    public let metrics: SidecarMetrics
    public let coverage: CoverageRecorder
    public let logger: Logger
    public let rateLimiter = RateLimiter()
    /// The mock's memory of deleted resources (unused by the proxy).
    public let mockDeletions = MockDeletions()
    let role: ServerRole
    let upstreamTLS: NIOSSLContext?
    let connections = ConnectionTracker()
    /// Admits client connections up to `max-connections`.
    let connectionGate: ConnectionGate
    private let pools = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<UpstreamPool>]>([:])
    private let readiness = NIOLockedValueBox(true)

    init(settings: SidecarSettings, spec: SpecHolder, metrics: SidecarMetrics, coverage: CoverageRecorder,
         logger: Logger, role: ServerRole, upstreamTLS: NIOSSLContext?) {
        self.settings = settings
        self.screenSettings = ScreenSettings(settings)
        self.spec = spec
        self.metrics = metrics
        self.coverage = coverage
        self.logger = logger
        self.role = role
        self.upstreamTLS = upstreamTLS
        self.connectionGate = ConnectionGate(maximum: settings.maximumConnections, metrics: metrics)
    }

    /// False while draining for shutdown (`/readyz` answers 503).
    public var isReady: Bool { readiness.withLockedValue { $0 } }
    func setReady(_ ready: Bool) { readiness.withLockedValue { $0 = ready } }

    /// The upstream pool of `eventLoop`; call on that loop.
    func pool(for eventLoop: EventLoop, address: UpstreamAddress) -> UpstreamPool {
        let key = ObjectIdentifier(eventLoop)
        if let existing = pools.withLockedValue({ $0[key] }) { return existing.value }
        let pool = UpstreamPool(eventLoop: eventLoop, address: address, tlsContext: upstreamTLS, settings: settings)
        pools.withLockedValue { $0[key] = NIOLoopBound(pool, eventLoop: eventLoop) }
        return pool
    }

    /// Closes idle upstream connections of every loop.
    func closePools() {
        let all = pools.withLockedValue { pools in
            let values = Array(pools.values)
            pools.removeAll()
            return values
        }
        for bound in all {
            bound.eventLoop.execute { bound.value.closeAll() }
        }
    }
}

/// Asks a client connection to close once its current exchange is done.
struct DrainRequest: Sendable {}

/// Open client connections, for draining on shutdown.
final class ConnectionTracker: Sendable {
    private let channels = NIOLockedValueBox<[ObjectIdentifier: Channel]>([:])

    func add(_ channel: Channel) { channels.withLockedValue { $0[ObjectIdentifier(channel)] = channel } }
    func remove(_ channel: Channel) { channels.withLockedValue { $0[ObjectIdentifier(channel)] = nil } }
    var count: Int { channels.withLockedValue { $0.count } }

    /// Sends `DrainRequest` to every connection.
    func drainAll() {
        for channel in channels.withLockedValue({ Array($0.values) }) {
            channel.pipeline.fireUserInboundEventTriggered(DrainRequest())
        }
    }
}
