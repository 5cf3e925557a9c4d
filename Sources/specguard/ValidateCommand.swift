import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Documents
import OpenAPIModel
import Sidecar
import Validation

/// `specguard validate`: checks recorded HTTP exchanges against a spec.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check HTTP requests and responses against an OpenAPI document.",
        discussion: """
            --request and --response take raw HTTP/1.1 messages (as `curl -i` prints them or an .http file
            holds them); --har takes a HAR 1.2 recording and checks every exchange in it, then prints a
            summary per operation. JSON output puts the HTTP status a validating proxy would answer with
            (`status`, 0 when valid) at the top level next to `errors`.

            A --request is checked as `specguard proxy` checks it: the proxy's own refusals (request smuggling
            aside, which a file cannot show: Host, method and path overrides, header aliases, query and form
            aliases, a body to an operation that declares none, encoded slashes, a gzip body decoded first) come
            before the validator's, so a request the proxy refuses is never valid here; --no-proxy-checks
            leaves only the validator's. HAR exchanges (often HTTP/2, without a Host field) get the validator's.

            Exit codes: 0 all valid, 1 violations found, 2 bad usage or an unreadable file or spec.

            Examples:
              specguard validate --spec specs/shop.yaml --request req.http
              specguard validate --spec specs/shop.yaml --request req.http --response res.http --format json
              specguard validate --spec specs/shop.yaml --har session.har
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "The OpenAPI document (YAML or JSON).")
    var spec: String

    @Option(help: "A raw HTTP/1.1 request message.")
    var request: String?

    @Option(help: "A raw HTTP/1.1 response message (checked as the response to --request).")
    var response: String?

    @Option(help: "A HAR 1.2 recording: every exchange is checked.")
    var har: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Reject query parameters the operation does not declare.")
    var rejectUnknownQuery = false

    @Option(help: "Verify bearer/oauth2/openIdConnect JWTs against this JWKS file.")
    var jwks: String?

    @Option(help: "Verify HS256/384/512 JWTs with the secret held in this file (trailing newline ignored).")
    var jwtSecretFile: String?

    @Option(help: "The issuer (iss) verified JWTs must carry.")
    var jwtIssuer: String?

    @Option(help: "An audience (aud) verified JWTs must carry (repeatable).")
    var jwtAudience: [String] = []

    @Option(help: "Check API keys against this file of SHA-256 hex digests, one a line.")
    var apiKeyHashes: String?

    @Flag(inversion: .prefixedNo, help: "Check a --request as the proxy does, its own refusals too (default on; not for --har).")
    var proxyChecks = true

    @Flag(name: .customLong("allow-encoded-slashes"), help: "With the proxy's checks: accept %2F and %5C in paths, as `proxy --allow-encoded-slashes`.")
    var allowEncodedSlashes = false

    @Flag(name: .customLong("allow-encoded-delimiters"), help: "With the proxy's checks: accept %3F and %23 in paths, as `proxy --allow-encoded-delimiters`.")
    var allowEncodedDelimiters = false

    @Flag(name: .customLong("case-insensitive-upstream-paths"), help: "With the proxy's checks: refuse paths that reach another operation without case, as the proxy flag.")
    var caseInsensitiveUpstreamPaths = false

    @Flag(help: "Print the time spent validating (not reading files) to standard error.")
    var timing = false

    @Option(name: .customLong("max-input-mb"), help: "Largest --request, --response or --har file read, in MiB (default 256; a HAR is held in memory as a tree of several times its size).")
    var maximumInputMegabytes: Int = 256

    func validate() throws {
        if har == nil && request == nil { throw ValidationError("give --request FILE or --har FILE") }
        if har != nil && (request != nil || response != nil) { throw ValidationError("--har cannot be combined with --request or --response") }
        if maximumInputMegabytes < 1 || maximumInputMegabytes > 1 << 20 { throw ValidationError("--max-input-mb \(maximumInputMegabytes): must be 1 to 1048576") }
    }

    func run() throws {
        let (document, validator) = try loadValidator()
        if let har {
            try runHAR(har, validator)
        } else if let request {
            var screen: ((HTTPRequest, Int) -> RequestVerdict)?
            if proxyChecks {
                let state = SpecState(document: document, validator: validator)
                var settings = SidecarSettings(specPath: spec)
                settings.allowEncodedSlashes = allowEncodedSlashes
                settings.allowEncodedDelimiters = allowEncodedDelimiters
                settings.caseInsensitiveUpstreamPaths = caseInsensitiveUpstreamPaths
                let screenSettings = ScreenSettings(settings)
                screen = { request, minor in RequestScreen.verdict(for: request, httpVersionMinor: minor, state: state, settings: screenSettings) }
            }
            try runSingle(request, response, validator, screen: screen)
        }
    }

    private func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private func loadValidator() throws -> (OpenAPIDocument, ExchangeValidator) {
        if let problem = FileSystem.accessProblem(spec) {
            printError("specguard validate: cannot read \(spec): \(problem)")
            throw ExitCode(2)
        }
        let result = OpenAPIDocument.load(path: spec)
        guard let document = result.document, !result.hasErrors else {
            for line in DiagnosticReport.lines(result.errors.isEmpty ? result.diagnostics : result.errors) { printError(line) }
            throw ExitCode(2)
        }
        var options = ValidationOptions()
        if rejectUnknownQuery { options.unknownQueryParameters = .reject }
        options.verifiers = try verifiers()
        let validator = ExchangeValidator(document: document, options: options)
        // As the proxy refuses it: a schema that does not compile (a `$ref` to nothing, say) is a broken spec, not a
        // violation of every request that reaches it.
        let schemaErrors = validator.diagnostics.filter { $0.severity == .error }
        guard schemaErrors.isEmpty else {
            for line in DiagnosticReport.lines(schemaErrors) { printError(line) }
            printError("specguard validate: \(spec): schemas that do not compile")
            throw ExitCode(2)
        }
        return (document, validator)
    }

    private func readOrExit(_ path: String) throws -> [UInt8] {
        do { return try FileSystem.readBytes(path) } catch {
            printError("specguard validate: cannot read \(path): \(error)")
            throw ExitCode(2)
        }
    }

    private func verifiers() throws -> SecurityVerifiers {
        var verifiers = SecurityVerifiers()
        var keys: JWTKeySet?
        if let jwks {
            do { keys = try JWTKeySet.jwks(try readOrExit(jwks)) } catch let error as JWTKeySet.JWKSError {
                printError("specguard validate: \(jwks): \(error)")
                throw ExitCode(2)
            }
        } else if let jwtSecretFile {
            var secret = try readOrExit(jwtSecretFile)
            while let last = secret.last, last == 0x0A || last == 0x0D { secret.removeLast() }
            keys = .hmac(secret: secret)
        }
        if let keys { verifiers.tokens = JWTVerifier(keys: keys, issuer: jwtIssuer, audiences: jwtAudience) }
        if let apiKeyHashes {
            let text = String(decoding: try readOrExit(apiKeyHashes), as: UTF8.self)
            if let problem = APIKeyHashes.problem(in: text) {
                printError("specguard validate: --api-key-hashes \(apiKeyHashes): \(problem)")
                throw ExitCode(2)
            }
            verifiers.apiKeys = APIKeyHashes(fileContents: text)
        }
        return verifiers
    }

    private func readMessage(_ path: String) throws -> HTTPParsedMessage {
        let bytes: [UInt8]
        do { bytes = try FileSystem.readBytes(path, maximumBytes: maximumInputMegabytes << 20) } catch {
            printError("specguard validate: cannot read \(path): \(error)")
            throw ExitCode(2)
        }
        switch HTTPMessageParser(options: .file).parse(bytes) {
        case .success(let message): return message
        case .failure(let error):
            printError("specguard validate: \(path): \(error.message) at byte \(error.offset)")
            throw ExitCode(2)
        }
    }

    private func runSingle(_ requestPath: String, _ responsePath: String?, _ validator: ExchangeValidator,
                           screen: ((HTTPRequest, Int) -> RequestVerdict)?) throws {
        let message = try readMessage(requestPath)
        guard let request = message.request, case .request(_, _, let version) = message.startLine else {
            printError("specguard validate: \(requestPath) holds a response, not a request")
            throw ExitCode(2)
        }
        var reply: HTTPResponse?
        if let responsePath {
            guard let parsed = try readMessage(responsePath).response else {
                printError("specguard validate: \(responsePath) holds a request, not a response")
                throw ExitCode(2)
            }
            reply = parsed
        }
        let outcome = ExchangeOutcome.check(request, reply, validator,
                                            verdict: screen.map { $0(request, version.hasSuffix("1.0") ? 0 : 1) })
        switch format {
        case .text: print(outcome.text, terminator: "")
        case .json: print(JSONWriter.pretty(outcome.json))
        }
        if !outcome.isValid { throw ExitCode(1) }
    }

    private func runHAR(_ path: String, _ validator: ExchangeValidator) throws {
        let archive: HARArchive
        do {
            archive = try HARArchive.read(try FileSystem.readBytes(path, maximumBytes: maximumInputMegabytes << 20))
        } catch {
            printError("specguard validate: cannot read \(path): \(error)")
            throw ExitCode(2)
        }
        let start = monotonicSeconds()
        let outcomes = archive.entries.map { ExchangeOutcome.check($0.request, $0.response, validator) }
        if timing {
            // Microsecond resolution: a run of 10,000 requests takes tens of milliseconds.
            let micros = Int(((monotonicSeconds() - start) * 1_000_000).rounded())
            let fraction = String(micros % 1000)
            printError("validation \(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) ms for \(outcomes.count) exchanges")
        }
        let report = HARReport(outcomes: outcomes)
        switch format {
        case .text: print(report.text, terminator: "")
        case .json: print(JSONWriter.pretty(report.json))
        }
        if outcomes.contains(where: { !$0.isValid }) { throw ExitCode(1) }
    }
}
