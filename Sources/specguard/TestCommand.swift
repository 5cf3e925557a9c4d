import ArgumentParser
import ContractTesting
import Documents
import Foundation
import OpenAPIModel
import Validation

/// `specguard test`: contract tests against a live API, or offline against a HAR recording.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Generate requests from the spec, send them to a live API, and check every response.",
        discussion: """
            Cases per operation: the spec's examples, valid data from the schemas (boundaries, every enum value and oneOf branch, formats), data breaking one constraint at a time, and missing, malformed or wrong-scheme credentials; links and Location headers are followed. Every generated case is first checked with specguard's own validator. Failures are shrunk and printed with the spec line, the request and response (secrets masked), a curl command and the seed.

            Checks: \(CheckName.allCases.map(\.rawValue).joined(separator: ", ")) (max_response_time needs --max-response-time-ms).

            Exit codes: 0 all checks passed, 1 failures (or requests without a response), 2 bad usage, a spec that cannot be tested, or no response at all. The `test:` section of specguard.yaml takes the same keys as the flags (flags win).

            Examples:
              specguard test --spec specs/shop.yaml --base-url http://127.0.0.1:8080/api/v1 --auth bearer:$TOKEN
              specguard test --spec api.yaml --base-url http://localhost:8080 --checks not_a_server_error,response_schema_conformance --junit junit.xml
              specguard test --spec api.yaml --replay traffic.har --report report.json
            """
    )

    @Option(help: "The OpenAPI document.") var spec: String?
    @Option(name: .customLong("base-url"), help: "The API's base URL (default: the spec's first server).") var baseURL: String?
    @Option(help: "Config file with a `test:` section (default: specguard.yaml when present).") var config: String?
    @Option(name: .customLong("header"), help: "An extra header 'Name: value' on every request (repeatable).") var headers: [String] = []
    @Option(name: .customLong("request-id-header"), help: "Each request gets a new UUID in this field, unless the operation declares it (default X-Request-Id; none: no such field).") var requestIDHeader: String?
    @Option(name: .customLong("auth"), help: "Credentials: basic:USER:PASSWORD, bearer:TOKEN or apikey:NAME=VALUE (repeatable).") var auth: [String] = []
    @Option(name: .customLong("client-cert"), help: "PEM client certificate for mutualTLS.") var clientCertificate: String?
    @Option(name: .customLong("client-key"), help: "PEM private key of the client certificate (default: the certificate file).") var clientKey: String?
    @Option(name: .customLong("tls-ca"), help: "PEM CA certificates to trust for an https base URL (instead of the system's).") var tlsCA: String?
    @Option(name: .customLong("operation-id"), help: "Only this operationId (repeatable).") var operationIds: [String] = []
    @Option(name: .customLong("path"), help: "Only this path template, or a prefix ending in * (repeatable).") var paths: [String] = []
    @Option(name: .customLong("tag"), help: "Only operations with this tag (repeatable).") var tags: [String] = []
    @Option(name: .customLong("method"), help: "Only this HTTP method (repeatable).") var methods: [String] = []
    @Option(help: "Checks to run: a comma-separated list of names, or all.") var checks: String?
    // Numbers are read with `.unconditional` parsing: `--max-cases -5` is then a value to refuse with its own message,
    // not a missing value.
    @Option(name: .customLong("max-cases"), parsing: .unconditional, help: "Cases per operation (default 100).") var maxCases: Int?
    @Option(parsing: .unconditional, help: "Seed for case generation (default 0); the same seed sends the same cases.") var seed: UInt64?
    @Option(parsing: .unconditional, help: "Concurrent requests (default 4).") var workers: Int?
    @Option(name: .customLong("timeout"), parsing: .unconditional, help: "Per-request timeout in milliseconds (default 10000).") var timeout: Int?
    @Option(name: .customLong("rate-limit"), help: "At most N requests per second: N/s.") var rateLimit: String?
    @Option(name: .customLong("max-response-time-ms"), parsing: .unconditional, help: "Turns on max_response_time with this threshold.") var maxResponseTime: Int?
    @Flag(name: .customLong("await-slow-responses"), help: "With --max-response-time-ms, wait for slow responses (up to --timeout) so the other checks judge them too; by default a request unanswered at the threshold fails then and is abandoned.") var awaitSlowResponses = false
    @Option(help: "Judge the exchanges of a HAR file offline instead of sending requests.") var replay: String?
    @Option(help: "Write a JUnit XML report (one testcase per operation and check).") var junit: String?
    @Option(help: "Write the JSON report.") var report: String?
    @Option(help: "Write SARIF findings pointed at spec lines.") var sarif: String?
    @Flag(name: .customLong("no-shrink"), help: "Report failing cases as generated, without shrinking.") var noShrink = false
    @Flag(name: .customLong("no-stateful"), help: "Do not follow links and Location headers.") var noStateful = false

    func run() async throws {
        let settings = try loadSettings()
        guard let specPath = spec ?? settings.spec else { throw usage("give --spec FILE (or `spec` in the test section)") }
        if let problem = FileSystem.accessProblem(specPath) { throw usage("cannot read \(specPath): \(problem)") }
        let loaded = OpenAPIDocument.load(path: specPath)
        guard let document = loaded.document, !loaded.hasErrors else {
            for line in DiagnosticReport.lines(loaded.errors) { printError(line) }
            printError("specguard test: \(specPath) has errors; fix them first")
            throw ExitCode(2)
        }
        let checkText = checks ?? settings.checks ?? "all"
        let parsedChecks = CheckName.parseList(checkText)
        guard parsedChecks.unknown.isEmpty else { throw usage("unknown check \(parsedChecks.unknown.joined(separator: ", ")); known: \(CheckName.allCases.map(\.rawValue).joined(separator: ", "))") }
        var credentials = Credentials()
        for value in settings.auth + auth {
            do { try credentials.add(value) } catch { throw usage(error.description) }
        }
        credentials.clientCertificateFile = clientCertificate ?? settings.clientCertificate
        credentials.clientKeyFile = clientKey ?? settings.clientKey
        // Counts and times below 1 mean nothing (`--workers 0` ran anyway, `--max-cases 0` sent 10 cases each).
        for (flag, value) in [("--max-cases", maxCases ?? settings.maximumCases), ("--workers", workers ?? settings.workers),
                              ("--timeout", timeout ?? settings.timeoutMilliseconds),
                              ("--max-response-time-ms", maxResponseTime ?? settings.maximumResponseMilliseconds)] {
            if let value, value < 1 { throw usage("\(flag) \(value): must be at least 1") }
        }
        for (flag, file) in [("--client-cert", clientCertificate ?? settings.clientCertificate), ("--client-key", clientKey ?? settings.clientKey),
                             ("--tls-ca", tlsCA ?? settings.tlsCA)] {
            if let file, let problem = FileSystem.accessProblem(file) { throw usage("\(flag) \(file): \(problem)") }
        }
        let maximumTime = (maxResponseTime ?? settings.maximumResponseMilliseconds).map(Double.init)
        // Named on its own it has nothing to judge by: a run checking nothing would pass.
        if maximumTime == nil, checkText.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "max_response_time" }) {
            throw usage("max_response_time needs a threshold: --max-response-time-ms MS (or max-response-time-ms in the test section)")
        }
        guard !parsedChecks.checks.filter({ $0 != .maxResponseTime || maximumTime != nil }).isEmpty else {
            throw usage("no check selected")
        }
        let validator = ContractRunner.makeValidator(for: document)
        let schemaErrors = validator.diagnostics.filter { $0.severity == .error }
        guard schemaErrors.isEmpty else {
            for line in DiagnosticReport.lines(schemaErrors) { printError(line) }
            printError("specguard test: \(specPath): schemas that do not compile; fix them first")
            throw ExitCode(2)
        }
        let masker = SecretMasker(document: document, credentials: credentials)
        let report: RunReport
        if let harFile = replay ?? settings.replay {
            let bytes: [UInt8]
            do { bytes = try FileSystem.readBytes(harFile) } catch { throw usage("cannot read \(harFile)") }
            let exchanges: [Exchange]
            do { exchanges = try HARReplay.exchanges(fromHAR: bytes, file: harFile) } catch { throw usage(error.description) }
            report = HARReplay(document: document, validator: validator, checks: parsedChecks.checks, maximumResponseMilliseconds: maximumTime).judge(exchanges)
        } else {
            if let given = baseURL ?? settings.baseURL, !Self.isHTTPURL(given) {
                throw usage("--base-url \(given): expected http://host[:port][/base] or https://...")
            }
            guard let base = baseURL ?? settings.baseURL ?? document.servers.first.map(\.defaultURL), Self.isHTTPURL(base) else {
                throw usage("give --base-url http://host:port[/base] (the spec has no absolute server URL)")
            }
            var configuration = RunConfiguration(baseURL: base)
            configuration.workers = max(1, workers ?? settings.workers ?? 4)
            configuration.timeoutMilliseconds = max(1, timeout ?? settings.timeoutMilliseconds ?? 10_000)
            if let rate = rateLimit ?? settings.rateLimit {
                guard let perSecond = TestSettings.parseRate(rate) else { throw usage("--rate-limit takes N/s, e.g. 20/s") }
                configuration.rateLimit = perSecond
            }
            configuration.maximumCases = max(1, maxCases ?? settings.maximumCases ?? 100)
            configuration.operationIds = operationIds.isEmpty ? settings.operationIds : operationIds
            configuration.paths = paths.isEmpty ? settings.paths : paths
            configuration.tags = tags.isEmpty ? settings.tags : tags
            configuration.methods = methods.isEmpty ? settings.methods : methods
            var extraHeaders: [(String, String)] = []
            for line in settings.headers + headers {
                guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { throw usage("--header takes 'Name: value'") }
                // A line break would start another header (or a request) on the wire.
                if line.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                    throw usage("--header must not contain CR, LF or NUL")
                }
                extraHeaders.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            configuration.headers = extraHeaders
            if let name = requestIDHeader ?? settings.requestIDHeader {
                if name == "none" {
                    configuration.requestIDHeader = nil
                } else {
                    guard !name.isEmpty, name.utf8.count <= 64, name.utf8.allSatisfy(isTokenCharacter) else {
                        throw usage("--request-id-header \(name): expected a header field name, or none")
                    }
                    configuration.requestIDHeader = name
                }
            }
            configuration.credentials = credentials
            configuration.seed = seed ?? settings.seed ?? 0
            configuration.checks = parsedChecks.checks
            configuration.maximumResponseMilliseconds = maximumTime
            configuration.awaitSlowResponses = awaitSlowResponses || (settings.awaitSlowResponses ?? false)
            configuration.shrink = !(noShrink || settings.noShrink == true)
            configuration.stateful = !(noStateful || settings.noStateful == true)
            guard document.operations.contains(where: configuration.selects) else { throw usage("the filters select no operation") }
            let transport: AsyncHTTPTransport
            do {
                transport = try AsyncHTTPTransport(certificateFile: credentials.clientCertificateFile, keyFile: credentials.clientKeyFile,
                                                   trustRootsFile: tlsCA ?? settings.tlsCA)
            } catch {
                throw usage("cannot load the TLS files: \(error)")
            }
            let runner = ContractRunner(document: document, validator: validator, configuration: configuration, transport: transport)
            report = await runner.run(progress: ProgressPrinter.make())
            await transport.shutdown()
        }
        print(ConsoleReporter(masker: masker).render(report), terminator: "")
        let machine = MachineReports(masker: masker)
        try write(junit ?? settings.junit, machine.junit(report))
        try write(self.report ?? settings.report, machine.json(report))
        try write(sarif ?? settings.sarif, machine.sarif(report))
        if report.nothingAnswered {
            printError("specguard test: no request got a response from \(report.baseURL); is the service running?")
            throw ExitCode(2)
        }
        if !report.passed { throw ExitCode(1) }
    }

    private func loadSettings() throws -> TestSettings {
        let path = config ?? (FileSystem.exists("specguard.yaml") ? "specguard.yaml" : nil)
        guard let path else { return TestSettings() }
        do {
            return try TestSettings.parse(try FileSystem.readBytes(path), file: path)
        } catch let problem as TestSettings.Problem {
            throw usage(problem.description)
        } catch {
            throw usage("cannot read \(path)")
        }
    }

    private func write(_ path: String?, _ text: String) throws {
        guard let path else { return }
        guard writeTextFile(text, to: path) else { throw usage("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// `http://` or `https://` followed by a host (the scheme alone, or `ftp://`, is no base URL).
    static func isHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else { return false }
        return true
    }

    private func usage(_ message: String) -> ExitCode {
        printError("specguard test: \(message)")
        return ExitCode(2)
    }
}

/// Progress on stderr: a bar per operation on a terminal (unless NO_COLOR), plain lines otherwise.
enum ProgressPrinter {
    static func make() -> @Sendable (ProgressEvent) -> Void {
        let interactive = isatty(2) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && ProcessInfo.processInfo.environment["CI"] == nil
        let shown = ShownProgress()
        return { event in
            switch event {
            case .operationStarted(let label, let cases):
                if !interactive { printError("running \(label): \(cases) cases") }
            case .caseFinished(let label, let done, let total):
                // Workers report concurrently: draw only progress beyond what is already on screen.
                guard interactive, shown.advance(label: label, to: done) else { return }
                let width = 30
                let filled = total == 0 ? width : done * width / total
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                let line = "\r\(label.prefix(50)) [\(bar)] \(done)/\(total)"
                _ = Array(line.utf8).withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            case .operationFinished(let label, let failures):
                let verdict = failures == 0 ? "ok" : "\(failures) failing case\(failures == 1 ? "" : "s")"
                if interactive { printError("\r\u{1B}[K\(label): \(verdict)") } else { printError("finished \(label): \(verdict)") }
            case .phase(let name):
                printError("\(name)…")
            }
        }
    }
}

/// The furthest progress drawn per label (events from concurrent workers can arrive out of order).
final class ShownProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var furthest: [String: Int] = [:]

    /// True when `done` is beyond what was drawn for `label` (and records it).
    func advance(label: String, to done: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard done > furthest[label, default: 0] else { return false }
        furthest[label] = done
        return true
    }
}
