import ArgumentParser
import Foundation
import Sidecar
import Validation

/// `specguard proxy`: the validating reverse proxy.
struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Validate every exchange against the spec on its way to and from the upstream.",
        discussion: """
            Requests that violate the spec get an application/problem+json answer and never reach the
            upstream (enforce mode); in report mode everything passes and violations are logged and
            counted. Responses are validated too. SIGHUP (or a change of the spec file) reloads the
            spec; SIGTERM/SIGINT drain in-flight exchanges and stop. Exits 2 when it cannot start.

            Examples:
              specguard proxy --spec specs/petstore.yaml --upstream http://127.0.0.1:4010 --listen 127.0.0.1:8080
              specguard proxy --config specguard.yaml --mode report --admin-listen 127.0.0.1:9090
            """
    )

    @OptionGroup var common: CommonServerOptions

    @Option(help: "The upstream service, http://HOST:PORT or https://HOST:PORT (config key upstream).")
    var upstream: String?

    @Option(help: "enforce (block violations) or report (log and count only).")
    var mode: String?

    @Option(help: "Forward the normalized request (defaults applied, undeclared properties dropped): true or false.")
    var normalize: Bool?

    @Option(name: .customLong("forwarded-headers"), help: "Add X-Forwarded-For/-Proto/-Host: true or false (default true).")
    var forwardedHeaders: Bool?

    @Flag(name: .customLong("forward-request-id"), help: "Add the correlation ID made for a request without one (see --request-id-header) to the forwarded request.")
    var forwardRequestID = false

    @Option(name: .customLong("trusted-forwarders"), help: "Comma-separated addresses or networks (10.0.0.0/8) whose X-Forwarded-*, Forwarded and X-Real-IP fields are passed on; from other clients they are dropped.")
    var trustedForwarders: String?

    @Option(name: .customLong("request-content-coding"), help: "A gzip/deflate request body: decode (validate and forward it inflated, the default), forward (validate it inflated, forward the coded bytes) or refuse (415).")
    var requestContentCoding: String?

    @Option(name: .customLong("validate-responses"), help: "Validate upstream responses: true or false (default true).")
    var validateResponses: Bool?
    @Flag(name: .customLong("case-insensitive-upstream-paths"), help: "The upstream routes paths without regard to case (Express, ASP.NET): refuse a path that would reach another operation so.")
    var caseInsensitiveUpstreamPaths = false

    @Option(name: .customLong("max-response-body-bytes"), help: "Larger responses stream through unvalidated (default 10485760).")
    var maxResponseBodyBytes: Int?

    @Option(name: .customLong("connect-timeout-ms"), help: "Upstream connect timeout (default 2000).")
    var connectTimeoutMs: Int?

    @Option(name: .customLong("request-timeout-ms"), help: "Time for the upstream to answer completely; then 504 (default 30000).")
    var requestTimeoutMs: Int?

    @Option(name: .customLong("idle-timeout-ms"), help: "Idle upstream connections close after this (default 60000).")
    var idleTimeoutMs: Int?

    @Option(name: .customLong("max-idle-connections"), help: "Idle upstream connections kept per event loop (default 64).")
    var maxIdleConnections: Int?

    @Option(name: .customLong("upstream-ca"), help: "PEM CA bundle to verify an https upstream (default: system roots).")
    var upstreamCA: String?

    @Option(name: .customLong("jwt-secret-file"), help: "File with the HMAC secret that verifies bearer JWT signatures.")
    var jwtSecretFile: String?

    @Option(name: .customLong("jwks"), help: "JWKS file whose public keys verify bearer JWT signatures (wins over --jwt-secret-file).")
    var jwksFile: String?

    @Option(name: .customLong("jwt-issuer"), help: "The iss claim verified tokens must carry.")
    var jwtIssuer: String?

    @Option(name: .customLong("jwt-audience"), help: "An audience verified tokens must name (repeatable: any of them).")
    var jwtAudiences: [String] = []

    @Option(name: .customLong("api-key-hashes"), help: "File of SHA-256 hashes (hex, one per line, optionally scheme:hex) of the accepted API keys.")
    var apiKeyHashesFile: String?

    func run() async throws {
        var settings = try common.settings(section: "proxy")
        if let upstream {
            switch UpstreamAddress.parse(upstream) {
            case .success(let address): settings.upstream = address
            case .failure(let error): throw ValidationError(error.message)
            }
        }
        if let mode {
            guard let parsed = EnforcementMode(rawValue: mode) else { throw ValidationError("--mode \(mode): expected enforce or report") }
            settings.mode = parsed
        }
        if let normalize { settings.normalize = normalize }
        if let forwardedHeaders { settings.forwardedHeaders = forwardedHeaders }
        if forwardRequestID { settings.forwardRequestID = true }
        if let trustedForwarders {
            do {
                settings.trustedForwarders = try ConfigFile.addressRanges(trustedForwarders.split(separator: ",").map(String.init))
            } catch { throw ValidationError("--trusted-forwarders: \(error.message)") }
        }
        if let requestContentCoding {
            guard let coding = RequestContentCoding(rawValue: requestContentCoding) else {
                throw ValidationError("--request-content-coding \(requestContentCoding): expected decode, forward or refuse")
            }
            settings.requestContentCoding = coding
        }
        if let validateResponses { settings.validateResponses = validateResponses }
        if caseInsensitiveUpstreamPaths { settings.caseInsensitiveUpstreamPaths = true }
        if let maxResponseBodyBytes { settings.maximumResponseBodyBytes = maxResponseBodyBytes }
        if let connectTimeoutMs { settings.connectTimeoutMilliseconds = Int64(connectTimeoutMs) }
        if let requestTimeoutMs { settings.requestTimeoutMilliseconds = Int64(requestTimeoutMs) }
        if let idleTimeoutMs { settings.idleTimeoutMilliseconds = Int64(idleTimeoutMs) }
        if let maxIdleConnections { settings.maximumIdleConnections = maxIdleConnections }
        if let upstreamCA { settings.upstreamCAPath = upstreamCA }
        if let jwtSecretFile {
            do { settings.jwtSecret = try ConfigFile.jwtSecret(jwtSecretFile) } catch { throw ValidationError("--jwt-secret-file: \(error.message)") }
        }
        if let jwksFile {
            guard let bytes = ConfigFile.readBytes(jwksFile) else { throw ValidationError("--jwks \(jwksFile): cannot read") }
            settings.jwks = bytes
        }
        if let jwtIssuer { settings.jwtIssuer = jwtIssuer }
        if !jwtAudiences.isEmpty { settings.jwtAudiences = jwtAudiences }
        if let apiKeyHashesFile {
            do { settings.apiKeyHashes = try ConfigFile.apiKeyHashes(apiKeyHashesFile) } catch { throw ValidationError("--api-key-hashes: \(error.message)") }
        }
        guard settings.upstream != nil else { throw ValidationError("missing --upstream (or proxy.upstream in the config file)") }
        try await SidecarService.runUntilSignalled(kind: .proxy, settings: settings)
    }
}
