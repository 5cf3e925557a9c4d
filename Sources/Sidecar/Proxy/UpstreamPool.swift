import NIOCore
import NIOPosix
import NIOSSL

/// Keep-alive connections to the upstream, one pool per event loop so an exchange never leaves its
/// loop. Only used from `eventLoop`.
final class UpstreamPool {
    let eventLoop: EventLoop
    private let address: UpstreamAddress
    private let tlsContext: NIOSSLContext?
    private let connectTimeoutMilliseconds: Int64
    private let idleTimeoutMilliseconds: Int64
    private let maximumIdle: Int
    /// Idle connections, oldest first; the most recently used is taken first.
    private var idle: [UpstreamConnection] = []
    /// One timer for the whole pool closes connections idle longer than the idle timeout, so returning a
    /// connection after each exchange schedules nothing.
    private var idleSweep: Scheduled<Void>?

    init(eventLoop: EventLoop, address: UpstreamAddress, tlsContext: NIOSSLContext?, settings: SidecarSettings) {
        self.eventLoop = eventLoop
        self.address = address
        self.tlsContext = tlsContext
        self.connectTimeoutMilliseconds = settings.connectTimeoutMilliseconds
        self.idleTimeoutMilliseconds = settings.idleTimeoutMilliseconds
        self.maximumIdle = settings.maximumIdleConnections
    }

    /// An idle connection that is still open, most recently used first; nil when none.
    func takeIdle() -> UpstreamConnection? {
        while let connection = idle.popLast() {
            if connection.isActive { return connection }
            connection.channel.close(promise: nil)
        }
        return nil
    }

    /// A new connection; fails with `UpstreamFailure.unavailable`.
    func connectNew(_ completion: @escaping (Result<UpstreamConnection, UpstreamFailure>) -> Void) {
        connect().assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success(let channel):
                if let connection = try? channel.pipeline.syncOperations.handler(type: UpstreamConnection.self) {
                    connection.pool = self
                    completion(.success(connection))
                } else {
                    channel.close(promise: nil)
                    completion(.failure(.unavailable("connection set-up failed")))
                }
            case .failure(let error):
                completion(.failure(.unavailable("\(error)")))
            }
        }
    }

    /// Returns a connection after a complete exchange; closed when not reusable or the pool is full.
    func release(_ connection: UpstreamConnection) {
        guard connection.isActive, idle.count < maximumIdle else {
            connection.channel.close(promise: nil)
            return
        }
        connection.idleSince = .now()
        idle.append(connection)
        if idleSweep == nil { scheduleIdleSweep(at: connection.idleSince + .milliseconds(idleTimeoutMilliseconds)) }
    }

    /// A connection closed; forget it if it was idle here.
    func connectionClosed(_ connection: UpstreamConnection) {
        if let index = idle.firstIndex(where: { $0 === connection }) { idle.remove(at: index) }
    }

    /// Closes every idle connection.
    func closeAll() {
        let all = idle
        idle.removeAll()
        idleSweep?.cancel()
        idleSweep = nil
        for connection in all { connection.channel.close(promise: nil) }
    }

    private func scheduleIdleSweep(at deadline: NIODeadline) {
        // A strong capture (the pool lives as long as the server; `closeAll` cancels the sweep): a weak one would
        // give the pool a side table and slow every retain and release of it.
        idleSweep = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            sweepIdle()
        }
    }

    /// Closes the connections idle for the idle timeout, then waits for the next oldest.
    private func sweepIdle() {
        idleSweep = nil
        let timeout = TimeAmount.milliseconds(idleTimeoutMilliseconds)
        let now = NIODeadline.now()
        // `idle` is ordered by `idleSince` (appended on release, taken from the end).
        let expired = idle.prefix { $0.idleSince + timeout <= now }
        idle.removeFirst(expired.count)
        for connection in expired { connection.channel.close(promise: nil) }
        if let oldest = idle.first { scheduleIdleSweep(at: oldest.idleSince + timeout) }
    }

    private func connect() -> EventLoopFuture<Channel> {
        let tlsContext = self.tlsContext
        let host = address.host
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.milliseconds(connectTimeoutMilliseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                do {
                    if let tlsContext {
                        let serverName = host.first?.isNumber == true || host.contains(":") ? nil : host
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(UpstreamConnection(channel: channel))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        return bootstrap.connect(host: address.host, port: address.port)
    }
}
