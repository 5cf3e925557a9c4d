import ArgumentParser
import Sidecar

/// `specguard mock`: a server that answers from the spec.
struct MockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock",
        abstract: "Answer every operation of the spec with its examples or with data generated from its schemas.",
        discussion: """
            Each request is validated first, with the same validator as the proxy, so a bad request gets
            the same problem document. Choose an answer with the Prefer header: `Prefer: code=201` picks
            the status, `Prefer: example=NAME` a named example, `Prefer: dynamic=true` generated data.

            Examples:
              specguard mock --spec specs/petstore.yaml --listen 127.0.0.1:4010
              curl -H 'X-API-Key: k' -H 'Prefer: code=404' http://127.0.0.1:4010/v1/pets/1
            """
    )

    @OptionGroup var common: CommonServerOptions

    @Option(help: "Seed of generated data (default 1).")
    var seed: UInt64?

    func run() async throws {
        var settings = try common.settings(section: "mock")
        if common.listen == nil, settings.listen == HostPort(host: "127.0.0.1", port: 8080) {
            settings.listen = HostPort(host: "127.0.0.1", port: 4010)
        }
        if let seed { settings.mockSeed = seed }
        try await SidecarService.runUntilSignalled(kind: .mock, settings: settings)
    }
}
