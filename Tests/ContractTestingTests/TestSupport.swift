import ContractFixtures
import ContractTesting
import Documents
import Foundation
import OpenAPIModel
import Testing
import Validation

/// The package root, from this file's path (Tests/ContractTestingTests/TestSupport.swift).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func loadShop() throws -> OpenAPIDocument {
    let result = OpenAPIDocument.load(path: packageRoot + "/specs/shop.yaml")
    return try #require(result.document)
}

func fixtureDocument() throws -> OpenAPIDocument {
    try FixtureService(faulty: false).document
}

/// Every case of every operation, with the generator that made them.
func allCases(_ document: OpenAPIDocument, seed: UInt64 = 1, credentials: Credentials = Credentials()) -> (CaseGenerator, [TestCase]) {
    let generator = CaseGenerator(document: document, validator: ContractRunner.makeValidator(for: document), credentials: credentials, seed: seed)
    var cases: [TestCase] = []
    for index in document.operations.indices { cases += generator.cases(forOperation: index).cases }
    return (generator, cases)
}

func operationIndex(_ document: OpenAPIDocument, _ id: String) throws -> Int {
    try #require(document.operations.firstIndex { $0.operationId == id })
}

/// Answers requests by calling a fixture service directly (no sockets), timing the reply's delay.
struct InProcessTransport: HTTPTransport {
    let respond: @Sendable (HTTPRequest) -> FixtureReply
    let log: RequestLog?

    init(service: FixtureService, log: RequestLog? = nil) {
        self.respond = { service.respond($0) }
        self.log = log
    }

    init(log: RequestLog? = nil, respond: @escaping @Sendable (HTTPRequest) -> FixtureReply) {
        self.respond = respond
        self.log = log
    }

    func send(_ request: RenderedRequest, url: String, timeoutMilliseconds: Int) async -> Exchange {
        await log?.record(request)
        let reply = respond(HTTPRequest(method: request.method, target: request.target, headers: request.headers, body: request.body))
        if reply.delayMilliseconds > timeoutMilliseconds {
            try? await Task.sleep(for: .milliseconds(timeoutMilliseconds))
            return Exchange(request: request, url: url, response: nil, transportError: "deadline exceeded", timedOut: true,
                            elapsedMilliseconds: Double(timeoutMilliseconds))
        }
        if reply.delayMilliseconds > 0 { try? await Task.sleep(for: .milliseconds(reply.delayMilliseconds)) }
        var headers = HTTPHeaders()
        for (name, value) in reply.headers { headers.append(name: name, value: value) }
        return Exchange(request: request, url: url, response: HTTPResponse(status: reply.status, headers: headers, body: reply.body),
                        elapsedMilliseconds: Double(reply.delayMilliseconds) + 1)
    }

    func shutdown() async {}
}

/// Requests a transport saw, in order.
actor RequestLog {
    private(set) var requests: [RenderedRequest] = []
    func record(_ request: RenderedRequest) { requests.append(request) }
}

/// The (operationId, check) pairs a report lists.
func reportedPairs(_ report: RunReport) -> Set<String> {
    Set(report.failures.map { "\($0.operationId ?? "?") \($0.check.rawValue)" })
}

func plantedPairs() -> Set<String> {
    Set(FixtureService.plantedFaults.map { "\($0.operationId) \($0.check)" })
}
