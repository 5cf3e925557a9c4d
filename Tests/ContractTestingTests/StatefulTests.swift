import ContractFixtures
import ContractTesting
import Documents
import OpenAPIModel
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
        let transport = InProcessTransport(log: log) { request in
            let verdict = validator.validate(request: request)
            guard verdict.isValid else { return FixtureReply(status: verdict.status, headers: verdict.responseHeaders.map { ($0.name, $0.value) }) }
            switch request.method {
            case "POST": return FixtureReply(status: 201, headers: [("Location", "/things/t-4711")])
            case "DELETE": return FixtureReply(status: 204)
            default: return FixtureReply(status: 200)
            }
        }
        var configuration = RunConfiguration(baseURL: "http://things.test")
        configuration.maximumCases = 5
        let report = await ContractRunner(document: document, validator: validator, configuration: configuration, transport: transport).run()
        let requests = await log.requests
        let followed = requests.filter { $0.target == "/things/t-4711" }.map(\.method)
        // In document order (GET before DELETE), after the POST that created it.
        #expect(followed == ["GET", "DELETE"])
        #expect(report.passed, "\(report.failures.map { "\($0.operationId ?? "") \($0.check.rawValue) \($0.message) [\($0.originalLabel)] \($0.exchange.request.target)" })")
    }
}
