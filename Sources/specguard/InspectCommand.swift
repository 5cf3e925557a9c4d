import ArgumentParser
import Documents
import OpenAPIModel

/// `specguard inspect FILE`: what the model holds.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an OpenAPI document's version, servers, operations and security schemes.",
        discussion: """
            JSON output has stable field names: operations are objects with method, path,
            operationId and security. Exits 1 when the document loads with errors, 2 when
            it cannot be read.

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
        guard FileSystem.exists(file) else {
            printError("specguard inspect: cannot read \(file): no such file")
            throw ExitCode(2)
        }
        let result = OpenAPIDocument.load(path: file)
        guard let document = result.document else {
            if let unreadable = result.diagnostics.first(where: { $0.code == "file-unreadable" }) {
                printError("specguard inspect: \(unreadable.message)")
                throw ExitCode(2)
            }
            for line in DiagnosticReport.lines(result.diagnostics) { printError(line) }
            throw ExitCode(1)
        }
        let report = InspectReport(document: document, diagnostics: result.diagnostics)
        switch format {
        case .text: print(report.text)
        case .json: print(JSONWriter.pretty(report.json))
        }
        if result.hasErrors {
            for diagnostic in result.errors { printError(diagnostic.description) }
            throw ExitCode(1)
        }
    }
}
