import ContractFixtures
import ContractTesting
import Documents
import OpenAPIModel
import Testing
import Validation

/// specguard test against the fixture service over real HTTP (NIO server on 127.0.0.1, AsyncHTTPClient).
@Suite("Contract tests against live fixture services", .serialized)
struct FaultyServiceTests {
    func run(faulty: Bool, configure: (inout RunConfiguration) -> Void = { _ in }) async throws -> RunReport {
        let service = try FixtureService(faulty: faulty)
        let server = try await FixtureServer.start { service.respond($0) }
        let transport = try AsyncHTTPTransport()
        var configuration = RunConfiguration(baseURL: server.baseURL)
        configuration.seed = 7
        configuration.workers = 4
        configuration.maximumCases = 40
        configuration.checks = CheckName.allCases
        configuration.maximumResponseMilliseconds = Double(FixtureService.responseTimeThreshold)
        configure(&configuration)
        let runner = ContractRunner(document: service.document, validator: ContractRunner.makeValidator(for: service.document),
                                    configuration: configuration, transport: transport)
        let report = await runner.run()
        await transport.shutdown()
        await server.stop()
        return report
    }

    @Test func everyPlantedFaultIsReportedByItsCheckAndNothingElse() async throws {
        let report = try await run(faulty: true)
        let reported = reportedPairs(report)
        #expect(plantedPairs().count == 20)
        #expect(reported.subtracting(plantedPairs()).isEmpty, "false positives: \(reported.subtracting(plantedPairs()).sorted())")
        #expect(plantedPairs().subtracting(reported).isEmpty, "missed: \(plantedPairs().subtracting(reported).sorted())")
        #expect(report.operations.allSatisfy { $0.transportErrors == 0 })
        #expect(!report.passed)
    }

    @Test func slowRequestIsFailedAndAbandonedAtTheThreshold() async throws {
        let report = try await run(faulty: true) { $0.operationIds = ["getSlow"] }
        let failure = report.failures.first { $0.check == .maxResponseTime }
        #expect(failure?.message.contains("no response within \(FixtureService.responseTimeThreshold) ms") == true)
        #expect(failure?.exchange.response == nil)
        #expect(report.failures.allSatisfy { $0.check == .maxResponseTime })
        #expect(report.totalTransportErrors == 0 && !report.nothingAnswered)
        #expect((report.operations.first?.abandonedAtThreshold ?? 0) >= 1)
        // Abandoned at the threshold (2,000 ms) instead of waiting out the planted 3,500 ms answer.
        #expect(report.durationMilliseconds < Double(FixtureService.slowMilliseconds), "took \(report.durationMilliseconds) ms")
    }

    @Test func awaitedSlowResponseIsJudgedByTheOtherChecksToo() async throws {
        let report = try await run(faulty: true) {
            $0.operationIds = ["getSlow"]
            $0.awaitSlowResponses = true
        }
        let failure = report.failures.first { $0.check == .maxResponseTime }
        #expect(failure?.message.hasPrefix("response took") == true)
        #expect(failure?.exchange.response?.status == 200)
        #expect((failure?.exchange.elapsedMilliseconds ?? 0) >= Double(FixtureService.slowMilliseconds))
        #expect(report.operations.first?.exercisedResponses.contains("200") == true)
    }

    @Test func wellBehavedServicePassesEveryCheck() async throws {
        let report = try await run(faulty: false)
        #expect(report.failures.isEmpty, "\(report.failures.map { "\($0.operationId ?? "") \($0.check.rawValue): \($0.message) [\($0.originalLabel)]" })")
        #expect(report.casesSent > 150)
        #expect(report.passed)
    }
}
