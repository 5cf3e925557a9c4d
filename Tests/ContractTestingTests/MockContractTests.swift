import ContractTesting
import Foundation
import Logging
import OpenAPIModel
import Sidecar
import Testing
import Validation

/// `specguard test` against `specguard mock` for specs/shop.yaml: the mock answers from the same spec,
/// so every check must pass.
@Suite("Contract tests against specguard mock", .serialized)
struct MockContractTests {
    @Test func shopAgainstTheMockPassesEveryCheck() async throws {
        let specPath = packageRoot + "/specs/shop.yaml"
        var settings = SidecarSettings(specPath: specPath)
        settings.listen = HostPort(host: "127.0.0.1", port: 0)
        settings.watchSpec = false
        settings.threads = 1
        settings.drainSeconds = 1
        let runtime = try await SidecarRuntime.start(kind: .mock, settings: settings, logger: Logger(label: "mock", factory: { _ in SwiftLogNoOpLogHandler() }))
        let document = try loadShop()
        var configuration = RunConfiguration(baseURL: "http://127.0.0.1:\(runtime.port)/api/v1")
        configuration.seed = 11
        configuration.maximumCases = 25
        configuration.checks = CheckName.defaults
        let transport = try AsyncHTTPTransport()
        let runner = ContractRunner(document: document, validator: ContractRunner.makeValidator(for: document), configuration: configuration, transport: transport)
        let report = await runner.run()
        await transport.shutdown()
        await runtime.shutdown()
        #expect(report.failures.isEmpty, "\(report.failures.map { "\($0.operationId ?? "") \($0.check.rawValue): \($0.message) [\($0.originalLabel)] \($0.exchange.url) \(String(decoding: $0.exchange.response?.body ?? [], as: UTF8.self).prefix(300))" })")
        #expect(report.casesSent > 200)
        #expect(report.operations.allSatisfy { $0.transportErrors == 0 })
    }

    /// The demo of `make run`: `specguard test` against the petstore mock passes every check, including for
    /// the mock's own rejections (petstore.yaml declares its errors as RFC 9457 problem documents).
    @Test func petstoreAgainstTheMockPassesEveryCheck() async throws {
        var settings = SidecarSettings(specPath: packageRoot + "/specs/petstore.yaml")
        settings.listen = HostPort(host: "127.0.0.1", port: 0)
        settings.watchSpec = false
        settings.threads = 1
        settings.drainSeconds = 1
        let runtime = try await SidecarRuntime.start(kind: .mock, settings: settings, logger: Logger(label: "mock", factory: { _ in SwiftLogNoOpLogHandler() }))
        let document = try #require(OpenAPIDocument.load(path: packageRoot + "/specs/petstore.yaml").document)
        var configuration = RunConfiguration(baseURL: "http://127.0.0.1:\(runtime.port)/v1")
        configuration.seed = 1
        configuration.maximumCases = 20
        configuration.checks = CheckName.defaults
        try configuration.credentials.add("apikey:X-API-Key=demo")
        let transport = try AsyncHTTPTransport()
        let runner = ContractRunner(document: document, validator: ContractRunner.makeValidator(for: document), configuration: configuration, transport: transport)
        let report = await runner.run()
        await transport.shutdown()
        await runtime.shutdown()
        #expect(report.failures.isEmpty, "\(report.failures.map { "\($0.operationId ?? "") \($0.check.rawValue): \($0.message) [\($0.originalLabel)]" })")
        #expect(report.casesSent > 40)
    }
}
