import Documents
import Validation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the `proxy:` or `mock:` section of `specguard.yaml` (a top-level `spec:` applies to both).
/// Other top-level sections (`lint:`, `test:` ...) belong to other commands and are ignored; an unknown
/// key inside the section is an error, so a typo does not silently do nothing.
public enum ConfigFile {
    /// Keys of each section, with the flag of the same name.
    public static let proxyKeys: Set<String> = [
        "spec", "upstream", "listen", "mode", "normalize", "forwarded-headers", "validate-responses",
        "max-request-body-bytes", "max-response-body-bytes", "connect-timeout-ms", "request-timeout-ms",
        "idle-timeout-ms", "client-idle-timeout-ms", "max-idle-connections", "admin-listen", "tls-cert", "tls-key", "client-ca", "upstream-ca",
        "rate-limit", "watch-spec", "watch-interval-ms", "threads", "drain-seconds", "reject-unknown-query-parameters",
        "jwt-secret-file", "jwks", "jwt-issuer", "jwt-audience", "api-key-hashes", "allow-encoded-slashes", "allow-encoded-delimiters", "case-insensitive-upstream-paths",
        "header-timeout-ms", "body-idle-timeout-ms", "max-header-count", "max-decompression-ratio", "min-body-bytes-per-second",
        "max-connections", "trusted-forwarders", "request-content-coding", "request-id-header", "forward-request-id", "access-log",
    ]
    /// Keys of the `mock:` section.
    public static let mockKeys: Set<String> = [
        "spec", "listen", "admin-listen", "seed", "client-idle-timeout-ms", "tls-cert", "tls-key", "client-ca", "threads", "watch-spec",
        "watch-interval-ms", "max-request-body-bytes", "rate-limit", "drain-seconds", "reject-unknown-query-parameters",
        "allow-encoded-slashes", "allow-encoded-delimiters", "header-timeout-ms", "body-idle-timeout-ms", "max-header-count", "max-decompression-ratio",
        "min-body-bytes-per-second", "max-connections", "request-id-header", "access-log",
    ]

    /// `name` when it can name a header field the proxy writes (an HTTP token, here letters, digits, `-` and `_`,
    /// at most 64 bytes) and is none the proxy sets itself or reads as framing, nor a credential field; nil otherwise.
    public static func requestIDHeaderName(_ name: String) -> String? {
        let utf8 = name.utf8
        guard !utf8.isEmpty, utf8.count <= 64,
              utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }) else { return nil }
        let known = HeaderNameClass(name).dashed
        guard known == .other, !["authorization", "cookie", "set-cookie"].contains(dashedLowercase(name)) else { return nil }
        return name
    }

    /// The parsed file, or an error naming the file and the problem.
    public static func read(path: String) -> Result<JSONValue, SettingsError> {
        guard let bytes = readBytes(path) else { return .failure(SettingsError("cannot read config file \(path)")) }
        let parsed = DocumentParser.parse(bytes, file: path)
        if let error = parsed.diagnostics.first(where: { $0.severity == .error }) {
            return .failure(SettingsError("config file: \(error.description)"))
        }
        guard let root = parsed.root, root.objectValue != nil else { return .failure(SettingsError("config file \(path) must be a mapping")) }
        return .success(root)
    }

    /// Applies the `section` of `root` to `settings`.
    public static func apply(_ root: JSONValue, section: String, to settings: inout SidecarSettings) -> Result<Void, SettingsError> {
        if let spec = root["spec"]?.stringValue { settings.specPath = spec }
        guard let values = root[section] else { return .success(()) }
        guard let object = values.objectValue else { return .failure(SettingsError("config section \(section): must be a mapping")) }
        let known = section == "mock" ? mockKeys : proxyKeys
        do {
            for member in object {
                guard known.contains(member.key) else {
                    throw SettingsError("config \(section).\(member.key) (line \(member.keyLocation.line)): unknown key")
                }
                try set(member.key, member.value, section: section, on: &settings)
            }
        } catch let error as SettingsError {
            return .failure(error)
        } catch {
            return .failure(SettingsError("\(error)"))
        }
        return .success(())
    }

    private static func set(_ key: String, _ value: JSONValue, section: String, on settings: inout SidecarSettings) throws {
        let place = "config \(section).\(key) (line \(value.location.line))"
        func string() throws -> String {
            guard let text = value.stringValue ?? value.numberValue?.text else { throw SettingsError("\(place): expected a string") }
            return text
        }
        func integer() throws -> Int {
            guard let number = value.intValue, number >= 0 else { throw SettingsError("\(place): expected a non-negative integer") }
            return number
        }
        func bool() throws -> Bool {
            guard let flag = value.boolValue else { throw SettingsError("\(place): expected true or false") }
            return flag
        }
        func hostPort() throws -> HostPort {
            guard let parsed = HostPort.parse(try string()) else { throw SettingsError("\(place): expected HOST:PORT") }
            return parsed
        }
        switch key {
        case "spec": settings.specPath = try string()
        case "upstream":
            switch UpstreamAddress.parse(try string()) {
            case .success(let address): settings.upstream = address
            case .failure(let error): throw SettingsError("\(place): \(error.message)")
            }
        case "listen": settings.listen = try hostPort()
        case "admin-listen": settings.adminListen = try hostPort()
        case "mode":
            guard let mode = EnforcementMode(rawValue: try string()) else { throw SettingsError("\(place): expected enforce or report") }
            settings.mode = mode
        case "normalize": settings.normalize = try bool()
        case "request-content-coding":
            guard let coding = RequestContentCoding(rawValue: try string()) else { throw SettingsError("\(place): expected decode, forward or refuse") }
            settings.requestContentCoding = coding
        case "forwarded-headers": settings.forwardedHeaders = try bool()
        case "request-id-header":
            let name = try string()
            guard let checked = requestIDHeaderName(name) else { throw SettingsError("\(place): expected a header field name (letters, digits, -)") }
            settings.requestIDHeader = checked
        case "forward-request-id": settings.forwardRequestID = try bool()
        case "access-log": settings.accessLog = try bool()
        case "trusted-forwarders":
            // A list of addresses or networks, or one string of them separated by commas.
            let items = try value.arrayValue.map { try $0.map { item -> String in
                guard let text = item.stringValue else { throw SettingsError("\(place): expected addresses or networks (10.0.0.0/8)") }
                return text
            } } ?? string().split(separator: ",").map { String($0) }
            do { settings.trustedForwarders = try addressRanges(items) } catch { throw SettingsError("\(place): \(error.message)") }
        case "validate-responses": settings.validateResponses = try bool()
        case "max-request-body-bytes": settings.maximumRequestBodyBytes = try integer()
        case "max-response-body-bytes": settings.maximumResponseBodyBytes = try integer()
        case "connect-timeout-ms": settings.connectTimeoutMilliseconds = Int64(try integer())
        case "request-timeout-ms": settings.requestTimeoutMilliseconds = Int64(try integer())
        case "idle-timeout-ms": settings.idleTimeoutMilliseconds = Int64(try integer())
        case "client-idle-timeout-ms": settings.clientIdleTimeoutMilliseconds = Int64(max(1, try integer()))
        case "max-idle-connections": settings.maximumIdleConnections = try integer()
        case "max-connections": settings.maximumConnections = try integer()
        case "header-timeout-ms": settings.headerTimeoutMilliseconds = Int64(max(1, try integer()))
        case "body-idle-timeout-ms": settings.bodyIdleTimeoutMilliseconds = Int64(max(1, try integer()))
        case "max-header-count": settings.maximumHeaderCount = max(1, try integer())
        case "max-decompression-ratio": settings.maximumDecompressionRatio = max(1, try integer())
        case "min-body-bytes-per-second": settings.minimumBodyBytesPerSecond = try integer()
        case "tls-cert", "tls-key", "client-ca":
            var tls = settings.tls ?? TLSSettings(certificatePath: "", keyPath: "")
            let text = try string()
            if key == "tls-cert" { tls.certificatePath = text } else if key == "tls-key" { tls.keyPath = text } else { tls.clientCAPath = text }
            settings.tls = tls
        case "upstream-ca": settings.upstreamCAPath = try string()
        case "rate-limit":
            switch RateLimitSettings.from(value) {
            case .success(let limit): settings.rateLimit = limit
            case .failure(let error): throw SettingsError("\(place): \(error.message)")
            }
        case "watch-spec": settings.watchSpec = try bool()
        case "watch-interval-ms": settings.watchIntervalMilliseconds = Int64(max(10, try integer()))
        case "threads": settings.threads = try integer()
        case "drain-seconds": settings.drainSeconds = Int64(try integer())
        case "reject-unknown-query-parameters": settings.rejectUnknownQueryParameters = try bool()
        case "allow-encoded-slashes": settings.allowEncodedSlashes = try bool()
        case "allow-encoded-delimiters": settings.allowEncodedDelimiters = try bool()
        case "case-insensitive-upstream-paths": settings.caseInsensitiveUpstreamPaths = try bool()
        case "jwt-secret-file":
            let path = try string()
            do { settings.jwtSecret = try jwtSecret(path) } catch { throw SettingsError("\(place): \(error.message)") }
        case "jwks":
            let path = try string()
            guard let bytes = readBytes(path) else { throw SettingsError("\(place): cannot read \(path)") }
            settings.jwks = bytes
        case "jwt-issuer": settings.jwtIssuer = try string()
        case "jwt-audience":
            if let items = value.arrayValue {
                settings.jwtAudiences = try items.map { item in
                    guard let text = item.stringValue else { throw SettingsError("\(place): expected a string or a list of strings") }
                    return text
                }
            } else {
                settings.jwtAudiences = [try string()]
            }
        case "api-key-hashes":
            let path = try string()
            do { settings.apiKeyHashes = try apiKeyHashes(path) } catch { throw SettingsError("\(place): \(error.message)") }
        case "seed": settings.mockSeed = UInt64(try integer())
        default: throw SettingsError("\(place): unknown key")
        }
    }

    /// A config file or a file it names (a regular file of at most `maximumBytes`: see `FileSystem.readBytes`).
    public static func readBytes(_ path: String, maximumBytes: Int = 16 << 20) -> [UInt8]? {
        try? FileSystem.readBytes(path, maximumBytes: maximumBytes)
    }

    // The files and lists the config file and the flags both name, read one way for both.

    /// The HMAC secret in `path`, trimmed; an empty one is refused: it would verify tokens anyone can sign with it.
    /// The HMAC secret in the file at `path`: its bytes as they are, less the line breaks that end the file (as
    /// `specguard validate --jwt-secret-file` reads it). Read as text before, a binary secret had its invalid UTF-8
    /// replaced and leading white space cut, so every valid token got 401 from the proxy while `validate` called it
    /// valid (found by an audit of security schemes).
    public static func jwtSecret(_ path: String) throws(SettingsError) -> [UInt8] {
        guard var secret = readBytes(path) else { throw SettingsError("cannot read \(path)") }
        while let last = secret.last, last == 0x0A || last == 0x0D { secret.removeLast() }
        guard secret.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { throw SettingsError("the secret in \(path) is empty") }
        return secret
    }

    /// The API key hash file at `path` (up to 64 MiB: a million keys), checked line by line (`APIKeyHashes.problem`).
    public static func apiKeyHashes(_ path: String) throws(SettingsError) -> String {
        guard let bytes = readBytes(path, maximumBytes: 64 << 20) else { throw SettingsError("cannot read \(path)") }
        let text = String(decoding: bytes, as: UTF8.self)
        if let problem = APIKeyHashes.problem(in: text) { throw SettingsError("\(path): \(problem)") }
        return text
    }

    /// Addresses or networks (`10.0.0.0/8`, `fd00::/8`), each trimmed of spaces and tabs.
    public static func addressRanges(_ items: [String]) throws(SettingsError) -> [AddressRange] {
        var ranges: [AddressRange] = []
        for item in items {
            let trimmed = item.trimmingCharacters(in: " \t")
            guard let range = AddressRange(trimmed) else { throw SettingsError("\(trimmed) is not an address or network (10.0.0.0/8, fd00::/8)") }
            ranges.append(range)
        }
        return ranges
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
