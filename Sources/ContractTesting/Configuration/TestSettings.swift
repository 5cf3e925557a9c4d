import Documents

/// The `test:` section of `specguard.yaml` (other sections are ignored). Every key mirrors a flag of
/// `specguard test`, written the same way (`base-url`, `max-cases`, `rate-limit`, ...); flags win.
public struct TestSettings: Sendable, Equatable {
    public var spec: String?
    public var baseURL: String?
    public var workers: Int?
    public var timeoutMilliseconds: Int?
    public var rateLimit: String?
    public var maximumCases: Int?
    public var operationIds: [String] = []
    public var paths: [String] = []
    public var tags: [String] = []
    public var methods: [String] = []
    public var headers: [String] = []
    /// `request-id-header`: the field of each request's correlation ID, or `none`.
    public var requestIDHeader: String?
    public var auth: [String] = []
    public var clientCertificate: String?
    public var clientKey: String?
    public var tlsCA: String?
    public var seed: UInt64?
    public var checks: String?
    public var maximumResponseMilliseconds: Int?
    public var awaitSlowResponses: Bool?
    public var noShrink: Bool?
    public var noStateful: Bool?
    public var replay: String?
    public var junit: String?
    public var report: String?
    public var sarif: String?

    public init() {}

    /// A problem in the config file, with its position.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var location: SourceLocation
        public var message: String
        public var description: String { "\(location): \(message)" }
    }

    /// Reads the `test:` section of a config document (YAML or JSON). A file without one gives empty settings.
    public static func parse(_ bytes: [UInt8], file: String) throws(Problem) -> TestSettings {
        let parsed = DocumentParser.parse(bytes, file: file)
        guard let root = parsed.root else {
            let diagnostic = parsed.diagnostics.first
            throw Problem(location: diagnostic?.location ?? SourceLocation(file: file, line: 0, column: 0), message: diagnostic?.message ?? "unreadable config")
        }
        var settings = TestSettings()
        guard let section = root["test"] else { return settings }
        guard let object = section.objectValue else { throw Problem(location: section.location, message: "`test` must be a mapping") }
        for member in object {
            let value = member.value
            func string() throws(Problem) -> String {
                if let text = value.stringValue { return text }
                if let number = value.numberValue { return number.text }
                throw Problem(location: value.location, message: "`\(member.key)` must be a string")
            }
            func integer() throws(Problem) -> Int {
                if let number = value.intValue { return number }
                if let text = value.stringValue, let number = Int(text) { return number }
                throw Problem(location: value.location, message: "`\(member.key)` must be an integer")
            }
            func list() throws(Problem) -> [String] {
                if let text = value.stringValue { return [text] }
                guard let items = value.arrayValue else { throw Problem(location: value.location, message: "`\(member.key)` must be a list of strings") }
                var result: [String] = []
                for item in items {
                    guard let text = item.stringValue else { throw Problem(location: item.location, message: "`\(member.key)` items must be strings") }
                    result.append(text)
                }
                return result
            }
            switch member.key {
            case "spec": settings.spec = try string()
            case "base-url": settings.baseURL = try string()
            case "workers": settings.workers = try integer()
            case "timeout", "timeout-ms": settings.timeoutMilliseconds = try integer()
            case "rate-limit": settings.rateLimit = try string()
            case "max-cases": settings.maximumCases = try integer()
            case "operation-id": settings.operationIds = try list()
            case "path": settings.paths = try list()
            case "tag": settings.tags = try list()
            case "method": settings.methods = try list()
            case "header":
                if let map = value.objectValue {
                    settings.headers = map.members.map { "\($0.key): \(ParameterSerializer.primitive($0.value))" }
                } else {
                    settings.headers = try list()
                }
            case "request-id-header": settings.requestIDHeader = try string()
            case "auth": settings.auth = try list()
            case "client-cert": settings.clientCertificate = try string()
            case "client-key": settings.clientKey = try string()
            case "tls-ca": settings.tlsCA = try string()
            case "seed":
                guard let seed = UInt64(try string()) else { throw Problem(location: value.location, message: "`seed` must be a non-negative integer") }
                settings.seed = seed
            case "checks": settings.checks = try list().joined(separator: ",")
            case "max-response-time-ms": settings.maximumResponseMilliseconds = try integer()
            case "await-slow-responses":
                guard let flag = value.boolValue else { throw Problem(location: value.location, message: "`await-slow-responses` must be true or false") }
                settings.awaitSlowResponses = flag
            case "no-shrink", "no-stateful":
                guard let flag = value.boolValue else { throw Problem(location: value.location, message: "`\(member.key)` must be true or false") }
                if member.key == "no-shrink" { settings.noShrink = flag } else { settings.noStateful = flag }
            case "replay": settings.replay = try string()
            case "junit": settings.junit = try string()
            case "report": settings.report = try string()
            case "sarif": settings.sarif = try string()
            default:
                throw Problem(location: member.keyLocation, message: "unknown key `\(member.key)` in the test section")
            }
        }
        return settings
    }

    /// Parses `N/s` (or `N`, `N/m`) into requests per second.
    public static func parseRate(_ text: String) -> Double? {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let count = Double(first.trimmingSpaces), count > 0 else { return nil }
        guard parts.count == 2 else { return count }
        switch parts[1].trimmingSpaces {
        case "s", "sec", "second": return count
        case "m", "min", "minute": return count / 60
        default: return nil
        }
    }
}
