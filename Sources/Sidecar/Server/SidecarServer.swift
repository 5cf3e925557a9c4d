import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// The listening side of the proxy or the mock server.
public final class SidecarServer: Sendable {
    /// What every connection shares.
    public let services: SidecarServices
    private let channel: Channel
    /// The bound address (the real port when listening on port 0).
    public let localPort: Int

    private init(services: SidecarServices, channel: Channel) {
        self.services = services
        self.channel = channel
        self.localPort = channel.localAddress?.port ?? 0
    }

    /// Binds and starts serving.
    static func start(services: SidecarServices, group: EventLoopGroup, tls: NIOSSLContext?) async throws -> SidecarServer {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            // A client's end of input is an event, not a close: the answer to its last request still goes out.
            .childChannelOption(.allowRemoteHalfClosure, value: tls == nil)
            .childChannelInitializer { channel in
                do {
                    let sync = channel.pipeline.syncOperations
                    let gate = services.connectionGate
                    guard gate.admit() else {
                        // Over max-connections: close at once, no answer (see RefusedConnectionHandler).
                        try sync.addHandler(RefusedConnectionHandler())
                        return channel.eventLoop.makeSucceededVoidFuture()
                    }
                    channel.closeFuture.whenComplete { _ in gate.closed() }
                    if let tls { try sync.addHandler(NIOSSLServerHandler(context: tls)) }
                    // No HTTP codec: the exchange handler reads and writes HTTP/1 itself (see HTTP1RequestReader).
                    try sync.addHandler(ExchangeHandler(services: services, isTLS: tls != nil, readAhead: tls == nil))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        let channel = try await bootstrap.bind(host: services.settings.listen.host, port: services.settings.listen.port).get()
        return SidecarServer(services: services, channel: channel)
    }

    /// Stops accepting, asks open connections to finish their exchange and close, waits up to
    /// `drainSeconds`, then closes what is left.
    public func shutdown() async {
        services.setReady(false)
        // Tell open connections to drain before waiting for the listener to close, so an
        // exchange that completes meanwhile already answers with `Connection: close`.
        let listenerClosed = channel.eventLoop.makePromise(of: Void.self)
        channel.close(promise: listenerClosed)
        services.connections.drainAll()
        try? await listenerClosed.futureResult.get()
        let deadline = ContinuousClock.now + .seconds(services.settings.drainSeconds)
        while services.connections.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        services.closePools()
    }
}
