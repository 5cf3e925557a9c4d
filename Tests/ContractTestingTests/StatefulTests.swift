import ContractFixtures
import ContractTesting
import Documents
import OpenAPIModel
import Synchronization
import Testing
import Validation

/// Stateful sequences: ids from `Location` headers (no links) and from `$response.body` links.
@Suite("Stateful sequences")
struct StatefulTests {
    static let spec = """
    openapi: 3.1.0
    info: {title: Things, version: "1"}
    paths:
      /things:
        post:
          operationId: createThing
          requestBody:
            required: true
            content:
              application/json:
                schema: {type: object, required: [name], properties: {name: {type: string, maxLength: 10}}}
          responses:
            "201":
              description: Created
              headers:
                Location: {required: true, schema: {type: string}}
            default: {description: error}
      /things/{thingId}:
        parameters:
          - {name: thingId, in: path, required: true, schema: {type: string, pattern: "^t-[0-9]+$"}}
        get:
          operationId: getThing
          responses:
            "200": {description: ok}
            default: {description: error}
        delete:
          operationId: deleteThing
          responses:
            "204": {description: gone}
            default: {description: error}
    """

    @Test func locationHeaderFeedsTheOperationsOfThatPath() async throws {
        let document = try #require(OpenAPIDocument.load(text: Self.spec, file: "things.yaml").document)
        let validator = ContractRunner.makeValidator(for: document)
        let log = RequestLog()
        let report = await run(document, validator, log: log, deletes: true)
        let requests = await log.requests
        let followed = requests.filter { $0.target == "/things/t-4711" }.map(\.method)
        // In document order (GET before DELETE), after the POST that created it; the DELETE's success is
        // followed at once by a GET of the same resource, which must (and does) answer 404.
        #expect(followed == ["GET", "DELETE", "GET"])
        #expect(report.passed, "\(report.failures.map { "\($0.operationId ?? "") \($0.check.rawValue) \($0.message) [\($0.originalLabel)] \($0.exchange.request.target)" })")
    }

    @Test func aDeleteThatDoesNotRemoveIsReportedAgainstTheDelete() async throws {
        let document = try #require(OpenAPIDocument.load(text: Self.spec, file: "things.yaml").document)
        let validator = ContractRunner.makeValidator(for: document)
        let report = await run(document, validator, log: RequestLog(), deletes: false)
        let failure = try #require(report.failures.first { $0.check == .useAfterFree })
        #expect(failure.operationId == "deleteThing")
        #expect(failure.exchange.request.method == "GET")
        #expect(failure.message.contains("answered 200 after DELETE /things/"))
        #expect(failure.specLocation.pointer.description == "/paths/~1things~1{thingId}/delete")
        #expect(report.failures.allSatisfy { $0.check == .useAfterFree })
    }

    @Test func useAfterFreeCanBeLeftOut() async throws {
        let document = try #require(OpenAPIDocument.load(text: Self.spec, file: "things.yaml").document)
        let validator = ContractRunner.makeValidator(for: document)
        let log = RequestLog()
        let report = await run(document, validator, log: log, deletes: false) { $0.checks = CheckName.defaults.filter { $0 != .useAfterFree } }
        #expect(report.passed)
        #expect(await log.requests.filter { $0.target == "/things/t-4711" }.map(\.method) == ["GET", "DELETE"])
    }

    /// Runs against an in-process service for `things.yaml` whose DELETE removes the thing (`deletes`) or not.
    private func run(_ document: OpenAPIDocument, _ validator: ExchangeValidator, log: RequestLog, deletes: Bool,
                     configure: (inout RunConfiguration) -> Void = { _ in }) async -> RunReport {
        let deleted = Mutex<Set<String>>([])
        let transport = InProcessTransport(log: log) { request in
            let verdict = validator.validate(request: request)
            guard verdict.isValid else { return FixtureReply(status: verdict.status, headers: verdict.responseHeaders.map { ($0.name, $0.value) }) }
            let path = String(request.path)
            switch request.method {
            case "POST": return FixtureReply(status: 201, headers: [("Location", "/things/t-4711")])
            case "DELETE":
                if deletes { deleted.withLock { _ = $0.insert(path) } }
                return FixtureReply(status: 204)
            default: return FixtureReply(status: deleted.withLock { $0.contains(path) } ? 404 : 200)
            }
        }
        var configuration = RunConfiguration(baseURL: "http://things.test")
        configuration.maximumCases = 5
        configure(&configuration)
        return await ContractRunner(document: document, validator: validator, configuration: configuration, transport: transport).run()
    }

    static let chainSpec = """
    openapi: 3.0.3
    info: {title: chain, version: "1"}
    paths:
      /orders:
        post:
          operationId: createOrder
          responses:
            "201":
              description: created
              content:
                application/json:
                  schema: {type: object, properties: {id: {type: string}}}
              links:
                GetOrder: {operationId: getOrder, parameters: {orderId: $response.body#/id}}
      /orders/{orderId}:
        get:
          operationId: getOrder
          parameters:
            - {name: orderId, in: path, required: true, schema: {type: string}}
          responses:
            "200":
              description: the order
              content:
                application/json:
                  schema: {type: object, properties: {invoice: {type: string}}}
              links:
                GetInvoice: {operationId: getInvoice, parameters: {invoiceId: $response.body#/invoice}}
      /invoices/{invoiceId}:
        get:
          operationId: getInvoice
          parameters:
            - {name: invoiceId, in: path, required: true, schema: {type: string}}
          responses:
            "200": {description: the invoice}
    """

    @Test func linksAreFollowedAcrossSeveralHops() async throws {
        let document = try #require(OpenAPIDocument.load(text: Self.chainSpec, file: "chain.yaml").document)
        let validator = ContractRunner.makeValidator(for: document)
        let log = RequestLog()
        let transport = InProcessTransport(log: log) { request in
            switch (request.method, String(request.path)) {
            case ("POST", _): return FixtureReply(status: 201, headers: [("Content-Type", "application/json")], body: Array(#"{"id":"o-77"}"#.utf8))
            case ("GET", "/orders/o-77"): return FixtureReply(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"invoice":"inv-5"}"#.utf8))
            case ("GET", let path) where path.hasPrefix("/orders/"):
                return FixtureReply(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"invoice":"inv-1"}"#.utf8))
            default: return FixtureReply(status: 200)
            }
        }
        var configuration = RunConfiguration(baseURL: "http://chain.test")
        configuration.maximumCases = 3
        configuration.checks = CheckName.defaults.filter { $0 != .unsupportedMethod }  // the stand-in answers every method
        let report = await ContractRunner(document: document, validator: validator, configuration: configuration, transport: transport).run()
        let targets = await log.requests.map(\.target)
        // POST → (link) GET /orders/o-77 → (link from that answer) GET /invoices/inv-5.
        #expect(targets.contains("/orders/o-77"))
        #expect(targets.contains("/invoices/inv-5"))
        #expect(report.passed)
    }
}
