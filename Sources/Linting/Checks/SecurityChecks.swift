import Documents
import OpenAPIModel

/// OWASP API Security Top 10 (2023) rules over the model: schemes, servers, operations and responses.
struct SecurityChecks {
    let document: OpenAPIDocument
    let collector: FindingCollector

    func run() {
        checkSchemes()
        checkServers()
        checkOperations()
    }

    /// Reports at the key naming the object (`get:`, `basic:`), or at the object when it has none.
    private func report(_ ruleId: String, _ message: String, _ source: NodeSource) {
        guard collector.isOn(ruleId) else { return }
        collector.report(ruleId, message, at: document.keyLocation(of: source), pointer: pointerText(source.pointer.tokens))
    }

    /// Whether a server URL is plain http to a host other than localhost.
    static func isPlainHTTP(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") else { return false }
        let rest = lower.dropFirst("http://".count)
        let host = rest.prefix { $0 != "/" && $0 != ":" && $0 != "?" }
        return !(host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host.hasSuffix(".localhost"))
    }

    private var usedSchemeNames: Set<String> {
        var names: Set<String> = []
        for requirement in document.security ?? [] { for entry in requirement.schemes { names.insert(entry.scheme) } }
        for operation in document.operations + document.webhooks.flatMap(\.operations) {
            for requirement in operation.security ?? [] { for entry in requirement.schemes { names.insert(entry.scheme) } }
        }
        return names
    }

    private func checkSchemes() {
        let used = usedSchemeNames
        for scheme in document.components.securitySchemes {
            if !used.contains(scheme.name) {
                report("security-scheme-unused", "security scheme `\(abbreviated(scheme.name))` is never used", scheme.source)
            }
            switch scheme.kind {
            case .apiKey(_, let location):
                if location == .query {
                    report("security-apikey-in-query", "API key `\(abbreviated(scheme.name))` is sent in the query string", scheme.source)
                }
                checkPlainHTTP(scheme, what: "API key")
            case .http(let httpScheme, _) where httpScheme == "basic":
                checkPlainHTTP(scheme, what: "HTTP basic credentials")
            case .oauth2(let flows):
                if flows.implicit != nil {
                    report("security-oauth2-implicit", "OAuth 2 scheme `\(abbreviated(scheme.name))` offers the implicit flow", scheme.source)
                }
                if flows.password != nil {
                    report("security-oauth2-password", "OAuth 2 scheme `\(abbreviated(scheme.name))` offers the password flow", scheme.source)
                }
            default:
                break
            }
        }
    }

    /// `security-credentials-over-http`: a scheme sending reusable credentials is used by an operation served over http.
    private func checkPlainHTTP(_ scheme: SecurityScheme, what: String) {
        guard collector.isOn("security-credentials-over-http") else { return }
        for operation in document.operations where operation.effectiveSecurity.contains(where: { $0.schemes.contains { $0.scheme == scheme.name } }) {
            if let server = operation.servers.first(where: { Self.isPlainHTTP($0.url) }) {
                report("security-credentials-over-http", "\(what) of `\(abbreviated(scheme.name))` are sent to the plain-http server \(abbreviated(server.url, limit: 80))", scheme.source)
                return
            }
        }
    }

    private func checkServers() {
        guard collector.isOn("security-server-plain-http") else { return }
        var seen: Set<String> = []
        let all = document.servers + document.paths.flatMap(\.servers) + document.operations.flatMap(\.servers)
        for server in all where Self.isPlainHTTP(server.url) {
            guard seen.insert(server.url + "\(server.source.location)").inserted else { continue }
            let source = server.source.location.line > 0 ? server.source : NodeSource(file: document.file, pointer: .root, location: SourceLocation(file: document.file, line: 1, column: 1))
            report("security-server-plain-http", "server \(abbreviated(server.url, limit: 80)) uses plain http", source)
        }
    }

    private func checkOperations() {
        for operation in document.operations {
            let label = "\(operation.method) \(abbreviated(operation.path, limit: 100))"
            // An operation's own `security: []` (or `[{}]`) declares it public on purpose.
            if operation.security == nil && operation.effectiveSecurity.isEmpty {
                report("security-operation-unprotected", "\(label) has no security requirement", operation.source)
            } else if !operation.allowsAnonymous && !documents(operation, 401) && !documents(operation, 403) {
                report("security-unauthorized-response-missing", "\(label) is secured but documents neither 401 nor 403", operation.source)
            }
            if !documents(operation, 429) {
                report("security-rate-limit-response-missing", "\(label) documents no 429 (rate limited) response", operation.source)
            }
        }
    }

    /// Whether the operation has a response key for `status` itself or its class (`4XX`), not counting `default`.
    private func documents(_ operation: OpenAPIModel.Operation, _ status: Int) -> Bool {
        operation.responses.contains { $0.key == .status(status) || $0.key == .range(status / 100) }
    }
}
