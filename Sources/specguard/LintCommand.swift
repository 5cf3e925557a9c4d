import ArgumentParser
import Documents
import Linting
import OpenAPIModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `specguard lint FILE...`: load diagnostics plus the lint rules, in the format CI reads.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint OpenAPI documents: structure, semantics, security (OWASP API Top 10) and style.",
        discussion: """
            Formats: stylish (default on a terminal: grouped, with code frames), plain (default otherwise:
            file:line:column: severity[rule]: message), json, sarif (SARIF 2.1.0), junit, github (Actions annotations).
            Rule sets (nested): recommended (default) ⊂ security ⊂ strict ⊂ all. A `lint:` section in
            specguard.yaml (read from the current folder when present, or --config) extends a set and turns rules
            off or re-levels them, per file or API path; `x-specguard-ignore: [rule-id]` on any object silences
            rules there.
            Exits 1 when a finding is at or above --fail-on (default error), 2 on bad usage or an unreadable file.

            Examples:
              specguard lint specs/petstore.yaml
              specguard lint --ruleset security --format sarif --output lint.sarif specs/*.yaml
              specguard lint --format github --fail-on warning api.yaml
            """
    )

    @Argument(help: "The OpenAPI documents (YAML or JSON) to check.")
    var files: [String] = []

    @Option(help: "Output format: stylish, plain, json, sarif, junit, github.")
    var format: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error, warning, info.")
    var failOn: String = "error"

    @Option(help: "Configuration file (default ./specguard.yaml when present).")
    var config: String?

    @Option(help: "Rule set: recommended, security, strict, all (overrides the configuration's).")
    var ruleset: String?

    @Option(help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Flag(name: .customLong("list-rules"), help: "Print every rule (id, category, rule sets, severity, summary) as a Markdown table and exit.")
    var listRules = false

    /// The parsed command line.
    var arguments: LintArguments {
        LintArguments(files: files, format: format, failOn: failOn, config: config, ruleset: ruleset, output: output, listRules: listRules)
    }

    func validate() throws {
        if let problem = arguments.problem { throw ValidationError(problem) }
    }

    func run() throws {
        try Self.run(arguments)
    }

    /// Lints as `arguments` ask (read by ArgumentParser or by `LintArguments.quickly`).
    static func run(_ arguments: LintArguments) throws {
        let files = arguments.files, format = arguments.format, output = arguments.output
        if arguments.listRules {
            print(RuleTable.markdown(), terminator: "")
            return
        }
        ShortRunMemory.tune()
        var configuration = try loadConfiguration(arguments.config)
        if let ruleset = arguments.ruleset, let set = RuleSetName(rawValue: ruleset) { configuration.ruleSet = set }
        var linter = Linter(configuration: configuration)
        // The process ends after the report: the OS reclaims the specs' trees faster than freeing them would.
        linter.releasesMemory = false
        var results: [LintResult] = []
        for file in files {
            if let problem = FileSystem.accessProblem(file) {
                printError("specguard lint: cannot read \(file): \(problem)")
                throw ExitCode(2)
            }
            let result = linter.lint(path: file)
            if result.isUnreadable {
                let reason = result.findings.first { $0.code == "file-unreadable" }?.message ?? "cannot read \(file)"
                printError("specguard lint: \(reason)")
                throw ExitCode(2)
            }
            results.append(result)
        }
        let isTerminal = output == nil && isatty(1) == 1
        let chosen = format.flatMap(ReportFormat.init(rawValue:)) ?? (isTerminal ? .stylish : .plain)
        let color = isTerminal && chosen == .stylish && getenv("NO_COLOR") == nil
        let text = LintReporter.render(results, format: chosen, color: color)
        if let output {
            guard Self.write(text, to: output) else {
                printError("specguard lint: cannot write \(output)")
                throw ExitCode(2)
            }
        } else {
            print(text, terminator: "")
        }
        let counts = FindingCounts(results)
        if chosen == .plain || (output != nil && chosen != .stylish) {
            printError(counts.summary(files: results.count))
        }
        let threshold = LintArguments.failThreshold(arguments.failOn) ?? .error
        let failed = results.contains(where: { $0.count(atLeast: threshold) > 0 })
        // Everything is written: leave now rather than free the findings, the report and the model piece by piece
        // and run the exit handlers (about 0.2 ms of a Slack lint; the kernel frees the memory anyway).
        withExtendedLifetime((results, text)) {
            // A report that could not be written (a full disk) is not a passing lint.
            guard standardOutputWasWritten() else {
                printError("specguard lint: cannot write standard output")
                _exit(2)
            }
            _exit(failed ? 1 : 0)
        }
    }

    /// The `lint:` section of --config, or of ./specguard.yaml when present; exits 2 when it is unusable.
    private static func loadConfiguration(_ config: String?) throws -> LintConfiguration {
        let path = config ?? (FileSystem.exists("specguard.yaml") ? "specguard.yaml" : nil)
        guard let path else { return LintConfiguration() }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readBytes(path)
        } catch {
            printError("specguard lint: cannot read configuration \(path): \(error)")
            throw ExitCode(2)
        }
        let parsed = DocumentParser.parse(bytes, file: path)
        guard let root = parsed.root else {
            for diagnostic in parsed.diagnostics { printError("specguard lint: \(diagnostic)") }
            throw ExitCode(2)
        }
        let (configuration, problems) = ConfigurationReader.read(root, file: path)
        for problem in problems { printError("specguard lint: \(problem)") }
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
        return configuration
    }

    private static func write(_ text: String, to path: String) -> Bool {
        writeTextFile(text, to: path)
    }
}
