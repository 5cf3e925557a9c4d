import ArgumentParser
import Documents
import OpenAPIModel

/// `specguard lint FILE...`: prints every load diagnostic.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Load OpenAPI documents and report every problem met.",
        discussion: """
            Prints one line per diagnostic: file:line:column: severity[code]: message.
            Exits 1 when any diagnostic is an error, 0 otherwise, 2 when a file cannot be read.

            Example:
              specguard lint specs/petstore.yaml specs/shop.yaml
            """
    )

    @Argument(help: "The OpenAPI documents (YAML or JSON) to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file") }
    }

    func run() throws {
        var worst: Int32 = 0
        for file in files {
            guard FileSystem.exists(file) else {
                printError("specguard lint: cannot read \(file): no such file")
                throw ExitCode(2)
            }
            let result = OpenAPIDocument.load(path: file)
            if let unreadable = result.diagnostics.first(where: { $0.code == "file-unreadable" && $0.location.file == FileSystem.normalize(file) }) {
                printError("specguard lint: \(unreadable.message)")
                throw ExitCode(2)
            }
            for line in DiagnosticReport.lines(result.diagnostics) { print(line) }
            worst = max(worst, DiagnosticReport.exitCode(result.diagnostics))
        }
        if worst != 0 { throw ExitCode(worst) }
    }
}
