import ArgumentParser

@main
struct SpecguardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specguard",
        abstract: "Make an OpenAPI document the enforced contract of an HTTP API.",
        subcommands: [LintCommand.self, InspectCommand.self, SchemaCommand.self, ValidateCommand.self, ProxyCommand.self, MockCommand.self, TestCommand.self]
    )
}
