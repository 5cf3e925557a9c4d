import ArgumentParser
import Documents
import OpenAPIModel
import Validation

/// `specguard inspect FILE`: what the model holds.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an OpenAPI document's version, servers, operations and security schemes.",
        discussion: """
            JSON output has stable field names: operations are objects with method, path,
            operationId and security. Exits 1 when the document loads with errors, 2 when
            it cannot be read or is too broken to load at all (empty, too large, not JSON or YAML).

            Examples:
              specguard inspect specs/shop.yaml
              specguard inspect specs/shop.yaml --format json
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The OpenAPI document (YAML or JSON).")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        if let problem = FileSystem.accessProblem(file) {
            printError("specguard inspect: cannot read \(file): \(problem)")
            throw ExitCode(2)
        }
        let result = OpenAPIDocument.load(path: file)
        guard let document = result.document else {
            if let unreadable = result.diagnostics.first(where: { $0.code == "file-unreadable" }) {
                printError("specguard inspect: \(unreadable.message)")
                throw ExitCode(2)
            }
            // Nothing to inspect: the job could not be done (the README's exit 2), not a finding.
            for line in DiagnosticReport.lines(result.diagnostics) { printError(line) }
            throw ExitCode(2)
        }
        // The schemas compiled as the validator compiles them: a `$ref` to nothing inside a schema, which the proxy
        // refuses to start with, is an error here too (the loader alone does not follow references inside schemas).
        let compiled = ExchangeValidator(document: document).diagnostics
        let diagnostics = result.diagnostics + compiled
        let report = InspectReport(document: document, diagnostics: diagnostics)
        switch format {
        case .text: print(report.text)
        case .json: print(JSONWriter.pretty(report.json))
        }
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            for diagnostic in errors { printError(diagnostic.description) }
            throw ExitCode(1)
        }
    }
}
