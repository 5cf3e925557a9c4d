import ContractFixtures
@testable import ContractTesting
import Documents
import OpenAPIModel
import Testing
import Validation

/// The runner with an in-process transport: filters, stateful links, shrinking, masking, reports.
@Suite("Runner")
struct RunnerTests {
    func run(faulty: Bool, log: RequestLog? = nil, configure: (inout RunConfiguration) -> Void = { _ in }) async throws -> (RunReport, ContractRunner) {
        let service = try FixtureService(faulty: faulty)
        var configuration = RunConfiguration(baseURL: "http://fixture.test")
        configuration.seed = 3
        configuration.maximumCases = 30
        configure(&configuration)
        let runner = ContractRunner(document: service.document, validator: ContractRunner.makeValidator(for: service.document),
                                    configuration: configuration, transport: InProcessTransport(service: service, log: log))
        return (await runner.run(), runner)
    }

    @Test func filtersSelectOperations() async throws {
        let (report, _) = try await run(faulty: false) { $0.operationIds = ["search"]; $0.methods = ["GET"] }
        #expect(report.operations.map(\.operationId) == ["search"])
        let (tagged, _) = try await run(faulty: false) { $0.paths = ["/items*"]; $0.methods = ["GET"] }
        #expect(Set(tagged.operations.compactMap(\.operationId)) == ["listItems", "getItem", "getItemLabel"])
    }

    @Test func linksFeedTheCreatedIdIntoTheLinkedOperation() async throws {
        let log = RequestLog()
        _ = try await run(faulty: false, log: log) { $0.operationIds = ["createItem", "getItem"] }
        let requests = await log.requests
        // createItem answers with a new id from 1000 on; the link GetItem sends it to getItem.
        #expect(requests.contains { $0.method == "GET" && $0.target.hasPrefix("/items/") && (Int($0.target.dropFirst(7)) ?? 0) >= 1000 })
    }

    @Test func operationsWhoseAnswersAreAllAbandonedAtTheThresholdDoNotStopTheRun() async throws {
        let service = try FixtureService(faulty: false)
        var configuration = RunConfiguration(baseURL: "http://fixture.test")
        configuration.operationIds = ["getProfile", "getSlow"]
        configuration.maximumCases = 3
        configuration.maximumResponseMilliseconds = 20
        let slowEverywhere = InProcessTransport { request in
            var reply = service.respond(request)
            reply.delayMilliseconds = 5_000
            return reply
        }
        let runner = ContractRunner(document: service.document, validator: ContractRunner.makeValidator(for: service.document),
                                    configuration: configuration, transport: slowEverywhere)
        let report = await runner.run()
        #expect(report.operations.count == 2)
        #expect(report.operations.allSatisfy { $0.casesRun > 0 && $0.abandonedAtThreshold == $0.casesRun })
        #expect(report.totalTransportErrors == 0 && !report.nothingAnswered)
        #expect(Set(report.failures.map(\.check)) == [.maxResponseTime])
    }

    @Test func failuresAreShrunkToAMinimalCase() async throws {
        let (report, _) = try await run(faulty: true) { $0.operationIds = ["search"] }
        let failure = try #require(report.failures.first { $0.check == .positiveDataAcceptance })
        let query = try #require(failure.testCase.parameters.first { $0.name == "q" }?.value?.stringValue)
        // The service refuses 10+ characters; halving 20 gives 10, and 5 would pass.
        #expect(query.count == 10)
        #expect(failure.shrinkSteps >= 1)
    }

    @Test func numbersShrinkTowardZero() {
        #expect(Shrinker.smallerNumbers(JSONNumber(100)).map(\.text) == ["0", "50", "99"])
        #expect(Shrinker.smallerNumbers(JSONNumber(-3)).map(\.text) == ["0", "-1", "-2"])
        #expect(Shrinker.smallerNumbers(JSONNumber(1)).map(\.text) == ["0"])
        #expect(Shrinker.smallerNumbers(JSONNumber(0)).isEmpty)
        #expect(Shrinker.smallerNumbers(JSONNumber(12.75)).map(\.text) == ["0", "12"])
        #expect(Shrinker.smallerNumbers(JSONNumber(text: "123456789012345678901234567890")).isEmpty)
        let body = JSONValue.object([("price", .integer(80))])
        #expect(Shrinker.smallerValues(body).contains(.object([("price", .integer(40))])))
    }

    @Test func failuresCarrySpecLineCurlAndSeed() async throws {
        let (report, runner) = try await run(faulty: true) { $0.operationIds = ["getProfile"] }
        let failure = try #require(report.failures.first)
        #expect(failure.check == .responseSchemaConformance)
        #expect(failure.specLocation.location.line > 0)
        let masker = SecretMasker(document: runner.document, credentials: Credentials())
        let text = ConsoleReporter(masker: masker).describe(failure, seed: report.seed)
        #expect(text.contains("curl -i -X GET 'http://fixture.test/profile'"))
        #expect(text.contains("seed: 3"))
        #expect(text.contains("fixture.yaml:"))
    }

    @Test func secretsAreMaskedInEveryReport() async throws {
        var credentials = Credentials()
        try credentials.add("bearer:TOPSECRET-TOKEN")
        try credentials.add("apikey:X-API-Key=KEY-SECRET-42")
        let (report, runner) = try await run(faulty: true) { $0.credentials = credentials; $0.operationIds = ["deleteItem", "getUser", "listItems"] }
        #expect(!report.failures.isEmpty)
        let masker = SecretMasker(document: runner.document, credentials: credentials)
        let machine = MachineReports(masker: masker)
        for text in [ConsoleReporter(masker: masker).render(report), machine.json(report), machine.junit(report), machine.sarif(report)] {
            #expect(!text.contains("TOPSECRET-TOKEN"))
            #expect(!text.contains("KEY-SECRET-42"))
        }
    }

    @Test func configuredCredentialsAreSent() async throws {
        let log = RequestLog()
        var credentials = Credentials()
        try credentials.add("apikey:X-API-Key=KEY-SECRET-42")
        _ = try await run(faulty: false, log: log) { $0.credentials = credentials; $0.operationIds = ["getUser"] }
        #expect(await log.requests.contains { $0.headers.first("X-API-Key") == "KEY-SECRET-42" })
    }

    @Test func coverageListsDeclaredResponsesNeverSeen() async throws {
        let (report, _) = try await run(faulty: false) { $0.operationIds = ["getItem"] }
        let summary = try #require(report.operations.first)
        #expect(summary.exercisedResponses.isSuperset(of: ["200", "400"]))
        #expect(summary.declaredResponses == ["200", "400", "404"])
        #expect(summary.unexercisedResponses.allSatisfy { $0 == "404" })
    }

    @Test func rateLimitSpacesRequests() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (report, _) = try await run(faulty: false) { $0.operationIds = ["search"]; $0.maximumCases = 6; $0.rateLimit = 20; $0.stateful = false }
        let elapsed = clock.now - start
        #expect(report.casesSent >= 6)
        #expect(elapsed >= .milliseconds((report.casesSent - 1) * 50 - 10))
    }
}

@Suite("Runner errors")
struct RunnerErrorTests {
    @Test func requestsWithoutResponseFailTheRun() async throws {
        let service = try FixtureService(faulty: false)
        var configuration = RunConfiguration(baseURL: "http://127.0.0.1:1")
        configuration.operationIds = ["getProfile"]
        configuration.timeoutMilliseconds = 500
        let transport = try AsyncHTTPTransport()
        let runner = ContractRunner(document: service.document, validator: ContractRunner.makeValidator(for: service.document),
                                    configuration: configuration, transport: transport)
        let report = await runner.run()
        await transport.shutdown()
        #expect(!report.passed)
        #expect(report.nothingAnswered)
        #expect(report.operations.first?.firstTransportError?.contains("127.0.0.1:1/profile") == true)
    }

    @Test func timeoutsAreReportedAsMissingResponses() async throws {
        let service = try FixtureService(faulty: true)
        // /slow answers far beyond the timeout (not just 1.2 s), so a busy machine cannot make it arrive in time.
        let server = try await FixtureServer.start { request in
            var reply = service.respond(request)
            if reply.delayMilliseconds > 0 { reply.delayMilliseconds = 30_000 }
            return reply
        }
        var configuration = RunConfiguration(baseURL: server.baseURL)
        configuration.operationIds = ["getSlow"]
        configuration.timeoutMilliseconds = 200
        configuration.checks = [.notAServerError, .unsupportedMethod]
        let transport = try AsyncHTTPTransport()
        let runner = ContractRunner(document: service.document, validator: ContractRunner.makeValidator(for: service.document),
                                    configuration: configuration, transport: transport)
        let report = await runner.run()
        await transport.shutdown()
        await server.stop()
        #expect(report.totalTransportErrors >= 1)
        #expect(!report.passed && !report.nothingAnswered)
    }
}

/// Each request's correlation ID (`RunConfiguration.requestIDHeader`).
@Suite("Request IDs")
struct RunnerRequestIDTests {
    static func isUUID4(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36, bytes[14] == UInt8(ascii: "4"), "89ab".utf8.contains(bytes[19]) else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-") : "0123456789abcdef".utf8.contains(byte)
        }
    }

    func requests(_ document: OpenAPIDocument, _ configure: (inout RunConfiguration) -> Void) async -> [RenderedRequest] {
        var configuration = RunConfiguration(baseURL: "http://fixture.test")
        configuration.seed = 5
        configuration.maximumCases = 12
        configuration.workers = 1
        configuration.shrink = false
        configuration.stateful = false
        configure(&configuration)
        let log = RequestLog()
        let transport = InProcessTransport(log: log) { _ in FixtureReply(status: 500, headers: [], body: []) }
        let runner = ContractRunner(document: document, validator: ContractRunner.makeValidator(for: document), configuration: configuration,
                                    transport: transport)
        _ = await runner.run()
        return await log.requests
    }

    @Test func everyRequestCarriesANewUUIDUnlessTheHeaderIsOff() async throws {
        let service = try FixtureService(faulty: false)
        let sent = await requests(service.document) { _ in }
        try #require(sent.count > 20)
        let ids = sent.map { $0.headers.values("X-Request-Id") }
        #expect(ids.allSatisfy { $0.count == 1 && Self.isUUID4($0[0]) })
        #expect(Set(ids.compactMap(\.first)).count == sent.count)
        let off = await requests(service.document) { $0.requestIDHeader = nil }
        #expect(off.count == sent.count)
        #expect(off.allSatisfy { !$0.headers.contains("X-Request-Id") })
        // A given field (`--header`) is not doubled; another name is used as given.
        let given = await requests(service.document) { $0.headers = [("x-request-id", "fixed")] }
        #expect(given.allSatisfy { $0.headers.values("X-Request-Id") == ["fixed"] })
        let renamed = await requests(service.document) { $0.requestIDHeader = "X-Correlation-Id" }
        #expect(renamed.allSatisfy { !$0.headers.contains("X-Request-Id") && $0.headers.values("X-Correlation-Id").count == 1 })
    }

    /// An operation that declares the header (shop's listProducts declares `X-Request-ID`, format uuid) gets its cases
    /// exactly as generated: one that leaves the header out on purpose must not get ours.
    @Test func anOperationDeclaringTheHeaderIsLeftAsGenerated() async throws {
        let shop = try loadShop()
        let on = await requests(shop) { $0.operationIds = ["listProducts"] }
        let off = await requests(shop) { $0.operationIds = ["listProducts"]; $0.requestIDHeader = nil }
        try #require(!on.isEmpty)
        func lines(_ requests: [RenderedRequest]) -> [String] {
            requests.map { request in request.method + " " + request.target + " " + request.headers.fields.map { $0.name + "=" + $0.value }.joined(separator: ";") }
        }
        #expect(lines(on) == lines(off))
        #expect(on == off)
        #expect(on.contains { !$0.headers.contains("X-Request-ID") })
        // createProduct declares no such header: all of its requests get one.
        let created = await requests(shop) { $0.operationIds = ["createProduct"] }
        #expect(!created.isEmpty && created.allSatisfy { $0.headers.values("X-Request-Id").count == 1 })
    }
}
