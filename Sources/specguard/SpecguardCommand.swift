import ArgumentParser

struct SpecguardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specguard",
        abstract: "Make an OpenAPI document the enforced contract of an HTTP API.",
        subcommands: [LintCommand.self, InspectCommand.self, SchemaCommand.self, ValidateCommand.self, ProxyCommand.self, MockCommand.self, TestCommand.self]
    )
}

/// The entry point. `specguard lint ...` is parsed by `LintCommand` alone: building every subcommand's arguments
/// (and the runtime type lookups that takes) costs more than linting a small spec. Anything it does not accept
/// (help, usage errors) takes the usual path, so messages and exit codes stay the same.
@main
enum SpecguardMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "lint",
           let lint = try? LintCommand.parse(Array(arguments.dropFirst())) {
            do {
                try lint.run()
            } catch {
                LintCommand.exit(withError: error)
            }
            return
        }
        await SpecguardCommand.main()
    }
}
