import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Sidecar
import UnixSignals

/// Flags shared by `proxy` and `mock`; each matches a key of `specguard.yaml`.
struct CommonServerOptions: ParsableArguments {
    @Option(help: "The OpenAPI document (config key spec).")
    var spec: String?

    @Option(help: "Address to listen on, HOST:PORT (config key listen).")
    var listen: String?

    @Option(name: .customLong("admin-listen"), help: "Admin listener for /metrics, /healthz, /readyz, /coverage, HOST:PORT (off by default).")
    var adminListen: String?

    @Option(help: "Config file (default: specguard.yaml when present). Flags win over its keys.")
    var config: String?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: terminate TLS.")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("client-ca"), help: "PEM CA bundle: clients may present a certificate that must chain to it (mutual TLS).")
    var clientCA: String?

    @Option(name: .customLong("max-request-body-bytes"), help: "Largest request body; larger ones get 413 unread (default 10485760).")
    var maxRequestBodyBytes: Int?

    @Option(name: .customLong("rate-limit"), help: "Rate limit RPS[/BURST][@client|api-key|subject], e.g. 10/20@client.")
    var rateLimit: String?

    @Option(name: .customLong("watch-spec"), help: "Reload the spec when its file changes: true or false (default true; SIGHUP always reloads).")
    var watchSpec: Bool?

    @Option(name: .customLong("watch-interval-ms"), help: "How often the spec file is checked (default 1000).")
    var watchIntervalMs: Int?

    @Option(name: .customLong("client-idle-timeout-ms"), help: "Close a client connection idle (nothing read) for this long (default 60000).")
    var clientIdleTimeoutMs: Int?

    @Option(name: .customLong("header-timeout-ms"), help: "A request head must arrive whole within this time of its first byte (default 10000).")
    var headerTimeoutMs: Int?

    @Option(name: .customLong("body-idle-timeout-ms"), help: "A request body stalled this long gets 408 and the connection closes (default 10000).")
    var bodyIdleTimeoutMs: Int?

    @Option(name: .customLong("min-body-bytes-per-second"), help: "After the body idle timeout, a body must average this rate or get 408; 0 disables (default 240).")
    var minBodyBytesPerSecond: Int?

    @Option(name: .customLong("max-header-count"), help: "Requests with more header fields get 431 (default 100).")
    var maxHeaderCount: Int?

    @Option(name: .customLong("max-decompression-ratio"), help: "A gzip/deflate request body may inflate at most this many times for validation (default 100).")
    var maxDecompressionRatio: Int?

    @Option(name: .customLong("max-connections"), help: "Client connections open at once; over it new ones are closed at once (default 10000; 0: no cap).")
    var maxConnections: Int?

    @Option(name: .customLong("request-id-header"), help: "The field with an exchange's correlation ID, in problem documents and log lines; made when a client sends none (default X-Request-Id).")
    var requestIDHeader: String?

    @Flag(name: .customLong("access-log"), help: "Log one JSON line per finished exchange (event exchange), not only for refused and violating ones.")
    var accessLog = false

    @Option(help: "Event loop threads (default: one per core).")
    var threads: Int?

    @Option(name: .customLong("drain-seconds"), help: "Seconds to let in-flight exchanges finish on SIGTERM/SIGINT (default 10).")
    var drainSeconds: Int?

    @Flag(name: .customLong("reject-unknown-query-parameters"), help: "Reject query parameters the operation does not declare.")
    var rejectUnknownQueryParameters = false

    @Flag(name: .customLong("allow-encoded-slashes"), help: "Accept %2F, %5C and a raw backslash in request paths (refused by default: route confusion).")
    var allowEncodedSlashes = false

    @Flag(name: .customLong("allow-encoded-delimiters"), help: "Accept %3F and %23 (an encoded ? or #) in request paths (refused by default: a proxy behind that decodes the path ends it there).")
    var allowEncodedDelimiters = false

    /// Defaults, then the config file's `section`, then these flags.
    func settings(section: String) throws -> SidecarSettings {
        var settings = SidecarSettings(specPath: "")
        let configPath = config ?? (FileManager.default.fileExists(atPath: "specguard.yaml") ? "specguard.yaml" : nil)
        if let configPath {
            // A config file that cannot be read or holds a bad key is a start-up failure: exit 2, like a bad flag.
            do {
                let root = try ConfigFile.read(path: configPath).get()
                try ConfigFile.apply(root, section: section, to: &settings).get()
            } catch {
                printError("specguard \(section): \(error.message)")
                throw ExitCode(2)
            }
        }
        if let spec { settings.specPath = spec }
        if let listen { settings.listen = try hostPort(listen, flag: "--listen") }
        if let adminListen { settings.adminListen = try hostPort(adminListen, flag: "--admin-listen") }
        if tlsCert != nil || tlsKey != nil || clientCA != nil {
            var tls = settings.tls ?? TLSSettings(certificatePath: "", keyPath: "")
            if let tlsCert { tls.certificatePath = tlsCert }
            if let tlsKey { tls.keyPath = tlsKey }
            if let clientCA { tls.clientCAPath = clientCA }
            settings.tls = tls
        }
        if let tls = settings.tls, tls.certificatePath.isEmpty || tls.keyPath.isEmpty {
            throw ValidationError("TLS needs both --tls-cert and --tls-key")
        }
        if let maxRequestBodyBytes { settings.maximumRequestBodyBytes = maxRequestBodyBytes }
        if let rateLimit { settings.rateLimit = try Self.parseRateLimit(rateLimit) }
        if let watchSpec { settings.watchSpec = watchSpec }
        if let watchIntervalMs { settings.watchIntervalMilliseconds = Int64(max(10, watchIntervalMs)) }
        if let maxConnections {
            guard maxConnections >= 0 else { throw ValidationError("--max-connections \(maxConnections): expected 0 (no cap) or more") }
            settings.maximumConnections = maxConnections
        }
        if let threads { settings.threads = threads }
        if accessLog { settings.accessLog = true }
        if let requestIDHeader {
            guard let name = ConfigFile.requestIDHeaderName(requestIDHeader) else {
                throw ValidationError("--request-id-header \(requestIDHeader): expected a header field name (letters, digits, -) that the proxy does not set itself")
            }
            settings.requestIDHeader = name
        }
        if let clientIdleTimeoutMs { settings.clientIdleTimeoutMilliseconds = Int64(max(1, clientIdleTimeoutMs)) }
        if let drainSeconds { settings.drainSeconds = Int64(drainSeconds) }
        if let headerTimeoutMs { settings.headerTimeoutMilliseconds = Int64(max(1, headerTimeoutMs)) }
        if let bodyIdleTimeoutMs { settings.bodyIdleTimeoutMilliseconds = Int64(max(1, bodyIdleTimeoutMs)) }
        if let minBodyBytesPerSecond { settings.minimumBodyBytesPerSecond = max(0, minBodyBytesPerSecond) }
        if let maxHeaderCount { settings.maximumHeaderCount = max(1, maxHeaderCount) }
        if let maxDecompressionRatio { settings.maximumDecompressionRatio = max(1, maxDecompressionRatio) }
        if rejectUnknownQueryParameters { settings.rejectUnknownQueryParameters = true }
        if allowEncodedSlashes { settings.allowEncodedSlashes = true }
        if allowEncodedDelimiters { settings.allowEncodedDelimiters = true }
        guard !settings.specPath.isEmpty else { throw ValidationError("missing --spec (or spec: in the config file)") }
        return settings
    }

    func hostPort(_ text: String, flag: String) throws -> HostPort {
        guard let parsed = HostPort.parse(text) else { throw ValidationError("\(flag) \(text): expected HOST:PORT") }
        return parsed
    }

    /// `RPS[/BURST][@KEY]`.
    static func parseRateLimit(_ text: String) throws -> RateLimitSettings {
        var rest = Substring(text)
        var key = RateLimitKey.client
        if let at = rest.firstIndex(of: "@") {
            guard let parsed = RateLimitKey(rawValue: String(rest[rest.index(after: at)...])) else {
                throw ValidationError("--rate-limit \(text): key must be client, api-key or subject")
            }
            key = parsed
            rest = rest[..<at]
        }
        let parts = rest.split(separator: "/")
        guard let rate = parts.first.flatMap({ Double($0) }), rate > 0 else {
            throw ValidationError("--rate-limit \(text): expected RPS[/BURST][@KEY]")
        }
        let burst = parts.count > 1 ? Int(parts[1]) : nil
        return RateLimitSettings(requestsPerSecond: rate, burst: burst ?? max(1, Int(rate.rounded(.up))), key: key)
    }
}

/// Runs a proxy or mock server under swift-service-lifecycle: SIGTERM/SIGINT drain and stop, SIGHUP reloads.
struct SidecarService: Service {
    let kind: SidecarKind
    let settings: SidecarSettings
    let logger: Logger

    func run() async throws {
        let runtime = try await SidecarRuntime.start(kind: kind, settings: settings, logger: logger)
        var line = "specguard \(kind.rawValue): listening on \(settings.tls == nil ? "http" : "https")://\(HostPort(host: settings.listen.host, port: runtime.port))"
        if let upstream = settings.upstream, kind == .proxy { line += " -> \(upstream) (\(settings.mode.rawValue) mode)" }
        if let admin = runtime.adminPort, let host = settings.adminListen?.host { line += "; admin on http://\(HostPort(host: host, port: admin))" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in await UnixSignalsSequence(trapping: .sighup) {
                    runtime.reload(reason: "SIGHUP")
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await runtime.shutdown()
    }

    /// Runs until a shutdown signal; exits 2 when the server cannot start.
    static func runUntilSignalled(kind: SidecarKind, settings: SidecarSettings) async throws {
        let logger = Logger(label: "specguard.\(kind.rawValue)") { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = .info
            return handler
        }
        var quietLogger = Logger(label: "specguard.lifecycle")
        quietLogger.logLevel = .error
        let group = ServiceGroup(services: [SidecarService(kind: kind, settings: settings, logger: logger)],
                                 gracefulShutdownSignals: [.sigterm, .sigint], logger: quietLogger)
        do {
            try await group.run()
        } catch {
            let message: String
            if let spec = error as? SpecLoadError { message = spec.description }
            else if let settingsError = error as? SettingsError { message = settingsError.message }
            else if let wrapped = error as? ServiceGroupError { message = "\(wrapped)" }
            else { message = "\(error)" }
            FileHandle.standardError.write(Data("specguard \(kind.rawValue): \(message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
