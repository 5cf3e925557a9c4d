import ArgumentParser
import Foundation
import Linting

struct SpecguardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specguard",
        abstract: "Make an OpenAPI document the enforced contract of an HTTP API.",
        subcommands: [LintCommand.self, InspectCommand.self, SchemaCommand.self, ValidateCommand.self, ProxyCommand.self, MockCommand.self, TestCommand.self]
    )
}

/// The entry point. `specguard lint ...` in its usual shapes is read by `LintArguments.quickly` and, failing that,
/// by `LintCommand` alone: building every subcommand's arguments (and the runtime type lookups that takes) costs
/// more than linting a small spec. Anything neither accepts (help, usage errors) takes the usual path, so
/// messages and exit codes stay the same.
@main
enum SpecguardMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "lint" {
            let rest = Array(arguments.dropFirst())
            if let lint = LintArguments.quickly(rest) ?? (try? LintCommand.parse(rest))?.arguments {
                do {
                    try LintCommand.run(lint)
                } catch {
                    exitIfOutputFailed()
                    LintCommand.exit(withError: error)
                }
                exitIfOutputFailed()
                return
            }
        }
        await SpecguardCommand.main()
        exitIfOutputFailed()
    }

    /// A report printed to a full disk or a closed pipe was not delivered: exit 2 rather than 0 or 1.
    static func exitIfOutputFailed() {
        guard !standardOutputWasWritten() else { return }
        printError("specguard: cannot write standard output")
        exit(2)
    }
}
