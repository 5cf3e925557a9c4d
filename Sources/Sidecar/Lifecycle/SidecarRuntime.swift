import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Validation

/// Which server to run.
public enum SidecarKind: String, Sendable {
    case proxy, mock
}

/// A running proxy or mock server: the listener, the optional admin listener and the spec watcher.
public final class SidecarRuntime: Sendable {
    /// What every connection shares: settings, the current spec, metrics, coverage.
    public let services: SidecarServices
    private let server: SidecarServer
    private let admin: Channel?
    private let group: MultiThreadedEventLoopGroup
    private let ownsGroup: Bool
    private let watcher = NIOLockedValueBox<SpecWatcher?>(nil)
    private let options: ValidationOptions

    /// The port the server listens on.
    public var port: Int { server.localPort }
    /// The admin listener's port, when there is one.
    public var adminPort: Int? { admin?.localAddress?.port }

    private init(services: SidecarServices, server: SidecarServer, admin: Channel?, group: MultiThreadedEventLoopGroup,
                 ownsGroup: Bool, options: ValidationOptions) {
        self.services = services
        self.server = server
        self.admin = admin
        self.group = group
        self.ownsGroup = ownsGroup
        self.options = options
    }

    /// Loads the spec and starts listening. Throws `SpecLoadError` for a spec with errors and
    /// `SettingsError` for unusable settings.
    public static func start(kind: SidecarKind, settings: SidecarSettings, logger: Logger,
                             group: MultiThreadedEventLoopGroup? = nil) async throws -> SidecarRuntime {
        let options = try validationOptions(settings)
        let state: SpecState
        switch SpecLoader.load(path: settings.specPath, options: options) {
        case .success(let loaded): state = loaded
        case .failure(let error): throw error
        }
        let role: ServerRole
        var upstreamTLS: NIOSSLContext?
        switch kind {
        case .mock:
            role = .mock
        case .proxy:
            guard let upstream = settings.upstream else { throw SettingsError("the proxy needs an upstream (--upstream URL)") }
            role = .proxy(upstream)
            if upstream.useTLS { upstreamTLS = try TLSContexts.client(caPath: settings.upstreamCAPath) }
        }
        let serverTLS = try settings.tls.map(TLSContexts.server)
        let threads = settings.threads > 0 ? settings.threads : System.coreCount
        let ownsGroup = group == nil
        let group = group ?? MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let services = SidecarServices(settings: settings, spec: SpecHolder(state), metrics: SidecarMetrics(),
                                       coverage: CoverageRecorder(), logger: logger, role: role, upstreamTLS: upstreamTLS)
        let server: SidecarServer
        let admin: Channel?
        do {
            server = try await SidecarServer.start(services: services, group: group, tls: serverTLS)
            admin = try await settings.adminListen.asyncMap { try await startAdmin(services: services, group: group, at: $0) }
        } catch {
            if ownsGroup { try? await group.shutdownGracefully() }
            throw error
        }
        let runtime = SidecarRuntime(services: services, server: server, admin: admin, group: group, ownsGroup: ownsGroup,
                                     options: options)
        if settings.watchSpec {
            let watcher = SpecWatcher(path: settings.specPath, intervalMilliseconds: settings.watchIntervalMilliseconds) { [weak runtime] in
                _ = runtime?.reload(reason: "file-changed")
            }
            runtime.watcher.withLockedValue { $0 = watcher }
        }
        return runtime
    }

    /// Reloads the spec file: a spec that loads cleanly replaces the current one atomically (exchanges in
    /// flight finish with the old one); a broken one is refused and the old one keeps serving.
    @discardableResult
    public func reload(reason: String = "signal") -> Result<Int, SpecLoadError> {
        let current = services.spec.current
        switch SpecLoader.load(path: services.settings.specPath, options: options, generation: current.generation + 1) {
        case .success(let state):
            services.spec.replace(state)
            services.metrics.recordReload(applied: true)
            services.logger.info("spec-reloaded", metadata: ["event": "spec-reloaded", "reason": .string(reason),
                                                              "generation": .stringConvertible(state.generation)])
            return .success(state.generation)
        case .failure(let error):
            services.metrics.recordReload(applied: false)
            services.logger.error("spec-reload-refused", metadata: [
                "event": "spec-reload-refused", "reason": .string(reason),
                "problems": .array(error.diagnostics.prefix(10).map { .string($0.description) }),
            ])
            return .failure(error)
        }
    }

    /// Graceful shutdown: stop accepting, drain in-flight exchanges, close everything.
    public func shutdown() async {
        watcher.withLockedValue { $0?.stop() }
        await server.shutdown()
        try? await admin?.close()
        if ownsGroup { try? await group.shutdownGracefully() }
    }

    static func validationOptions(_ settings: SidecarSettings) throws -> ValidationOptions {
        var options = ValidationOptions()
        options.normalize = settings.normalize
        options.validateResponseBodies = settings.validateResponses
        options.unknownQueryParameters = settings.rejectUnknownQueryParameters ? .reject : .allow
        options.limits.maximumBodyBytes = settings.maximumRequestBodyBytes
        var keys: JWTKeySet?
        if let jwks = settings.jwks {
            do { keys = try JWTKeySet.jwks(jwks) } catch {
                throw SettingsError("jwks: \(error.description)")
            }
        } else if let secret = settings.jwtSecret {
            keys = .hmac(secret: secret)
        }
        if let keys {
            options.verifiers.tokens = JWTVerifier(keys: keys, issuer: settings.jwtIssuer, audiences: settings.jwtAudiences)
        }
        if let hashes = settings.apiKeyHashes { options.verifiers.apiKeys = APIKeyHashes(fileContents: hashes) }
        return options
    }

    private static func startAdmin(services: SidecarServices, group: EventLoopGroup, at address: HostPort) async throws -> Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                do {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(AdminHandler(services: services))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: address.host, port: address.port).get()
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
