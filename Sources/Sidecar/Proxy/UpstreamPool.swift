import NIOCore
import NIOHTTP1
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
    private var idle: [UpstreamConnection] = []

    init(eventLoop: EventLoop, address: UpstreamAddress, tlsContext: NIOSSLContext?, settings: SidecarSettings) {
        self.eventLoop = eventLoop
        self.address = address
        self.tlsContext = tlsContext
        self.connectTimeoutMilliseconds = settings.connectTimeoutMilliseconds
        self.idleTimeoutMilliseconds = settings.idleTimeoutMilliseconds
        self.maximumIdle = settings.maximumIdleConnections
    }

    /// An idle connection (`reused` true), or a new one; fails with `UpstreamFailure.unavailable`.
    func acquire(_ completion: @escaping (Result<(connection: UpstreamConnection, reused: Bool), UpstreamFailure>) -> Void) {
        while let connection = idle.popLast() {
            connection.idleTimeout?.cancel()
            connection.idleTimeout = nil
            connection.onClose = nil
            if connection.isActive { completion(.success((connection, true))); return }
        }
        connect().assumeIsolated().whenComplete { result in
            switch result {
            case .success(let channel):
                if let connection = try? channel.pipeline.syncOperations.handler(type: UpstreamConnection.self) {
                    completion(.success((connection, false)))
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
        idle.append(connection)
        connection.onClose = { [weak self] closed in self?.idle.removeAll { $0 === closed } }
        let channel = connection.channel
        connection.idleTimeout = eventLoop.scheduleTask(in: .milliseconds(idleTimeoutMilliseconds)) {
            channel.close(promise: nil)
        }
    }

    /// Closes every idle connection.
    func closeAll() {
        let all = idle
        idle.removeAll()
        for connection in all { connection.channel.close(promise: nil) }
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
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(UpstreamConnection(channel: channel))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        return bootstrap.connect(host: address.host, port: address.port)
    }
}
