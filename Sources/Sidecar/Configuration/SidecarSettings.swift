/// Whether rejected exchanges are blocked or only reported.
public enum EnforcementMode: String, Sendable, Hashable, CaseIterable {
    /// Invalid requests get a problem document and never reach the upstream; invalid responses become 502.
    case enforce
    /// Everything passes; violations are logged and counted.
    case report
}

/// A host and port to listen on or connect to.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `:PORT` (loopback) or `[v6]:PORT`.
    public static func parse(_ text: String) -> HostPort? {
        var host = Substring(text)
        guard let colon = host.lastIndex(of: ":") else { return nil }
        guard let port = Int(host[host.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        host = host[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return HostPort(host: host.isEmpty ? "127.0.0.1" : String(host), port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Where the proxy forwards accepted requests: `http://host:port` or `https://host:port`.
public struct UpstreamAddress: Sendable, Hashable, CustomStringConvertible {
    public var useTLS: Bool
    public var host: String
    public var port: Int

    public init(useTLS: Bool, host: String, port: Int) {
        self.useTLS = useTLS
        self.host = host
        self.port = port
    }

    /// Parses an upstream URL; a path other than `/` is refused because targets are forwarded byte for byte.
    public static func parse(_ text: String) -> Result<UpstreamAddress, SettingsError> {
        let useTLS: Bool
        var rest: Substring
        if text.hasPrefix("http://") { useTLS = false; rest = text.dropFirst(7) }
        else if text.hasPrefix("https://") { useTLS = true; rest = text.dropFirst(8) }
        else { return .failure(SettingsError("upstream \(text) must start with http:// or https://")) }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...] == "/" else {
                return .failure(SettingsError("upstream \(text) must not have a path: targets are forwarded as received"))
            }
            rest = rest[..<slash]
        }
        let defaultPort = useTLS ? 443 : 80
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return .failure(SettingsError("upstream \(text): bad IPv6 address")) }
            let host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.isEmpty { return .success(UpstreamAddress(useTLS: useTLS, host: host, port: defaultPort)) }
            guard after.hasPrefix(":"), let port = Int(after.dropFirst()), (1...65535).contains(port) else {
                return .failure(SettingsError("upstream \(text): bad port"))
            }
            return .success(UpstreamAddress(useTLS: useTLS, host: host, port: port))
        }
        if let colon = rest.firstIndex(of: ":") {
            guard let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port) else {
                return .failure(SettingsError("upstream \(text): bad port"))
            }
            return .success(UpstreamAddress(useTLS: useTLS, host: String(rest[..<colon]), port: port))
        }
        guard !rest.isEmpty else { return .failure(SettingsError("upstream \(text): no host")) }
        return .success(UpstreamAddress(useTLS: useTLS, host: String(rest), port: defaultPort))
    }

    public var description: String { "\(useTLS ? "https" : "http")://\(HostPort(host: host, port: port))" }
}

/// Files for TLS termination.
public struct TLSSettings: Sendable, Hashable {
    /// PEM certificate chain.
    public var certificatePath: String
    /// PEM private key.
    public var keyPath: String
    /// PEM CA bundle; when set, clients may present a certificate, which must chain to it (mutual TLS).
    public var clientCAPath: String?

    public init(certificatePath: String, keyPath: String, clientCAPath: String? = nil) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.clientCAPath = clientCAPath
    }
}

/// A settings problem (bad flag or config value).
public struct SettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What the proxy does with a request body sent with `Content-Encoding` (gzip or deflate).
public enum RequestContentCoding: String, Sendable, Hashable, CaseIterable {
    /// Inflate it for validation and forward the inflated body, without `Content-Encoding` (the default): the service
    /// reads exactly what was validated, whether or not it decodes request bodies.
    case decode
    /// Inflate it for validation and forward the coded bytes as they came, for a service that decodes request bodies
    /// itself and needs the original bytes (a signature over them). A service that does not decode them reads bytes
    /// other than the ones validated (Django parsed a form hidden in a gzip header's file-name field).
    case forward
    /// Refuse it: 415 with `Accept-Encoding: identity` (RFC 7694 §3).
    case refuse
}

/// Everything the proxy and the mock server need; built from `specguard.yaml` and flags (flags win).
public struct SidecarSettings: Sendable {
    /// The OpenAPI document.
    public var specPath: String
    public var listen = HostPort(host: "127.0.0.1", port: 8080)
    /// The upstream service (proxy only).
    public var upstream: UpstreamAddress?
    public var mode: EnforcementMode = .enforce
    /// Forward the normalized request (defaults applied, undeclared properties dropped).
    public var normalize = false
    /// Add `X-Forwarded-For`, `-Proto` and `-Host`.
    public var forwardedHeaders = true
    /// Peers whose `X-Forwarded-*`, `Forwarded` and client-address fields are passed on (a load balancer in front);
    /// from any other client they are dropped (`ForwardedRequest.clientAddressFieldNames`).
    public var trustedForwarders: [AddressRange] = []
    /// Validate upstream responses.
    public var validateResponses = true
    /// The field that carries an exchange's correlation ID (`RequestID`): a client's well-formed one is used, else one
    /// is made; it is in every problem document (the field and `requestId`) and log line about the exchange.
    public var requestIDHeader = "X-Request-Id"
    /// Also add a made ID to the forwarded request (a client's well-formed one goes on unchanged anyway), so the
    /// service logs the same ID (proxy only).
    public var forwardRequestID = false
    /// One `info` log line per finished exchange (`event: exchange`), not only for refused and violating ones.
    public var accessLog = false
    public var maximumRequestBodyBytes = 10 * 1024 * 1024
    /// Responses with larger bodies stream through unvalidated.
    public var maximumResponseBodyBytes = 10 * 1024 * 1024
    public var connectTimeoutMilliseconds: Int64 = 2_000
    public var requestTimeoutMilliseconds: Int64 = 30_000
    public var idleTimeoutMilliseconds: Int64 = 60_000
    /// A client connection with no complete request for this long is closed (slow or idle clients).
    public var clientIdleTimeoutMilliseconds: Int64 = 60_000
    /// A request head must arrive whole within this time of its first byte (or of the connection
    /// opening); otherwise the connection is closed (slowloris, idle connections that never send).
    public var headerTimeoutMilliseconds: Int64 = 10_000
    /// A request body that receives no byte for this long is refused with 408 and the connection closed.
    public var bodyIdleTimeoutMilliseconds: Int64 = 10_000
    /// Once a body has been arriving for the body idle timeout, it must average at least this many bytes per
    /// second (408 otherwise; 0 turns the check off), so a body trickled just under the idle timeout ends too.
    public var minimumBodyBytesPerSecond = 240
    /// Requests with more header fields than this get 431.
    public var maximumHeaderCount = 100
    /// A request body sent with `Content-Encoding: gzip` or `deflate` is inflated for validation up to
    /// the body limit and to at most this many times its coded size (413 beyond).
    public var maximumDecompressionRatio = 100
    /// Client connections open at once; over it a new connection is closed as soon as it is accepted (0: no cap).
    public var maximumConnections = 10_000
    /// Idle upstream connections kept per event loop.
    public var maximumIdleConnections = 64
    /// The admin listener (`/metrics`, `/healthz`, `/readyz`, `/coverage`); off when nil.
    public var adminListen: HostPort?
    public var tls: TLSSettings?
    /// Trust store for an `https://` upstream (system roots when nil).
    public var upstreamCAPath: String?
    public var rateLimit: RateLimitSettings?
    /// Reload the spec when its file changes (it is also reloaded on SIGHUP).
    public var watchSpec = true
    /// How often the spec file is checked for changes.
    public var watchIntervalMilliseconds: Int64 = 1_000
    /// Event loop threads (0: one per core).
    public var threads = 0
    /// Seconds to wait for in-flight exchanges on shutdown.
    public var drainSeconds: Int64 = 10
    /// Accept `%2F` and `%5C` in the request path. Off by default: an upstream that decodes them before
    /// routing would see other segments than the ones validated (route confusion).
    public var allowEncodedSlashes = false
    /// Accept `%3F` and `%23` (an encoded `?` or `#`) in the request path. Off by default: a proxy between the sidecar
    /// and the service that decodes the path and passes it on (nginx `proxy_pass` with `$1` or `$uri`) ends the path there.
    public var allowEncodedDelimiters = false
    /// The upstream's router compares paths without case (Express and ASP.NET by default): refuse a path that
    /// would reach another operation so (`path-case`). Off by default (most routers are case-sensitive).
    public var caseInsensitiveUpstreamPaths = false
    /// A request body with `Content-Encoding`: forwarded inflated, forwarded as it came (validated inflated), or refused.
    public var requestContentCoding = RequestContentCoding.decode
    /// Unknown query parameters: allow or reject.
    public var rejectUnknownQueryParameters = false
    /// HMAC secret for JWT signatures, its bytes (bearer tokens are otherwise checked for form only).
    public var jwtSecret: [UInt8]?
    /// A JWKS document (its bytes) whose public keys verify JWT signatures; takes precedence over `jwtSecret`.
    public var jwks: [UInt8]?
    /// The `iss` verified tokens must carry (any when nil).
    public var jwtIssuer: String?
    /// Audiences of which a verified token's `aud` must contain one (any when empty).
    public var jwtAudiences: [String] = []
    /// Lines of SHA-256 hashes of the accepted API keys (`hex` or `scheme:hex`); keys are otherwise checked for form only.
    public var apiKeyHashes: String?
    /// Seed for generated mock data.
    public var mockSeed: UInt64 = 1

    /// Defaults for serving `specPath`.
    public init(specPath: String) {
        self.specPath = specPath
    }
}
