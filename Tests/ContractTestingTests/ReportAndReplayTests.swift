import ContractFixtures
@testable import ContractTesting
import Documents
import OpenAPIModel
import Testing
import Validation

@Suite("Reports, replay and settings")
struct ReportAndReplayTests {
    func faultyReport() async throws -> (RunReport, SecretMasker) {
        let service = try FixtureService(faulty: true)
        var configuration = RunConfiguration(baseURL: "http://fixture.test")
        configuration.maximumCases = 20
        configuration.operationIds = ["getProfile", "search", "getReports"]
        let runner = ContractRunner(document: service.document, validator: ContractRunner.makeValidator(for: service.document),
                                    configuration: configuration, transport: InProcessTransport(service: service))
        return (await runner.run(), SecretMasker(document: service.document, credentials: Credentials()))
    }

    @Test func junitHasOneTestcasePerOperationAndCheck() async throws {
        let (report, masker) = try await faultyReport()
        let xml = MachineReports(masker: masker).junit(report)
        let testcases = xml.components(separatedBy: "<testcase ").count - 1
        #expect(testcases == report.operations.count * report.checks.count)
        #expect(xml.components(separatedBy: "<failure ").count - 1 == report.failures.count)
        #expect(xml.contains("name=\"unsupported_method\""))
    }

    @Test func sarifPointsFindingsAtSpecLines() async throws {
        let (report, masker) = try await faultyReport()
        let text = MachineReports(masker: masker).sarif(report)
        let root = try #require(DocumentParser.parse(Array(text.utf8), file: "x.sarif", format: .json).root)
        let results = try #require(root["runs"]?.arrayValue?.first?["results"]?.arrayValue)
        #expect(results.count == report.failures.count)
        for result in results {
            let line = result["locations"]?.arrayValue?.first?["physicalLocation"]?["region"]?["startLine"]?.intValue ?? 0
            #expect(line > 1)
            #expect(CheckName(rawValue: result["ruleId"]?.stringValue ?? "") != nil)
        }
    }

    @Test func jsonReportHasFailuresAndCoverage() async throws {
        let (report, masker) = try await faultyReport()
        let root = try #require(DocumentParser.parse(Array(MachineReports(masker: masker).json(report).utf8), file: "r.json", format: .json).root)
        #expect(root["passed"]?.boolValue == false)
        #expect(root["failures"]?.arrayValue?.count == report.failures.count)
        #expect(root["failures"]?.arrayValue?.first?["curl"]?.stringValue?.hasPrefix("curl ") == true)
        #expect(root["coverage"]?["operationsNotSelected"]?.arrayValue?.count == report.operationsNotSelected.count)
        #expect(root["operations"]?.arrayValue?.first?["unexercisedResponses"] != nil)
    }

    @Test func curlQuotesSingleQuotes() throws {
        let request = RenderedRequest(method: "POST", target: "/a?x=1", headers: [("Content-Type", "application/json")], body: Array(#"{"a":"it's"}"#.utf8), usesClientCertificate: false)
        let masker = SecretMasker(document: try fixtureDocument(), credentials: Credentials())
        #expect(CurlCommand.make(request, url: "http://h/a?x=1", masker: masker) == #"curl -i -X POST 'http://h/a?x=1' -H 'Content-Type: application/json' --data-binary '{"a":"it'\''s"}'"#)
    }

    static let har = """
    {"log": {"version": "1.2", "entries": [
      {"request": {"method": "GET", "url": "http://127.0.0.1:8080/profile", "headers": []},
       "response": {"status": 200, "statusText": "OK", "headers": [{"name": "Content-Type", "value": "application/json"}],
                    "content": {"mimeType": "application/json", "text": "{\\"name\\":\\"Ada\\"}"}}, "time": 3},
      {"request": {"method": "GET", "url": "http://127.0.0.1:8080/search?q=lamp", "headers": []},
       "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "application/json"}],
                    "content": {"mimeType": "application/json", "text": "WyJsYW1wIl0=", "encoding": "base64"}}, "time": 2},
      {"request": {"method": "POST", "url": "http://127.0.0.1:8080/orders", "headers": [{"name": "Content-Type", "value": "application/json"}],
                   "postData": {"mimeType": "application/json", "text": "{\\"sku\\":\\"bad\\",\\"quantity\\":2}"}},
       "response": {"status": 201, "headers": [{"name": "Content-Type", "value": "application/json"}], "content": {"text": "{\\"orderId\\":\\"o-1\\"}"}}, "time": 2},
      {"request": {"method": "DELETE", "url": "http://127.0.0.1:8080/reports", "headers": []},
       "response": {"status": 405, "headers": [{"name": "Allow", "value": "GET"}], "content": {"text": ""}}, "time": 1}
    ]}}
    """

    @Test func replayJudgesRecordedTrafficWithTheSameChecks() throws {
        let document = try fixtureDocument()
        let exchanges = try HARReplay.exchanges(fromHAR: Array(Self.har.utf8), file: "t.har")
        #expect(exchanges.count == 4)
        let report = HARReplay(document: document, validator: ContractRunner.makeValidator(for: document), checks: CheckName.defaults).judge(exchanges)
        #expect(reportedPairs(report) == ["getProfile response_schema_conformance", "createOrder negative_data_rejection"])
        #expect(report.operations.count == 4)
    }

    @Test func replayRefusesAFileWithoutEntries() {
        #expect(throws: HARReplay.ReadError.self) { try HARReplay.exchanges(fromHAR: Array("{}".utf8), file: "x.har") }
    }

    @Test func settingsAreReadFromTheTestSection() throws {
        let yaml = """
        proxy:
          listen: 8080
        test:
          base-url: http://127.0.0.1:9000
          workers: 2
          max-cases: 7
          rate-limit: 10/s
          auth: [bearer:abc]
          header: {X-Trace: "1"}
          request-id-header: none
          checks: [not_a_server_error, ignored_auth]
          seed: 99
          max-response-time-ms: 800
          await-slow-responses: true
          no-shrink: true
          no-stateful: false
          replay: traffic.har
        """
        let settings = try TestSettings.parse(Array(yaml.utf8), file: "specguard.yaml")
        #expect(settings.maximumResponseMilliseconds == 800 && settings.awaitSlowResponses == true)
        // Every flag has its key (these three had none).
        #expect(settings.noShrink == true && settings.noStateful == false && settings.replay == "traffic.har")
        #expect(settings.baseURL == "http://127.0.0.1:9000")
        #expect(settings.workers == 2 && settings.maximumCases == 7 && settings.seed == 99)
        #expect(settings.auth == ["bearer:abc"])
        #expect(settings.headers == ["X-Trace: 1"])
        #expect(settings.requestIDHeader == "none")
        #expect(settings.checks == "not_a_server_error,ignored_auth")
        #expect(TestSettings.parseRate(settings.rateLimit ?? "") == 10)
    }

    @Test func unknownSettingIsAnErrorWithItsLine() {
        #expect(throws: TestSettings.Problem.self) { try TestSettings.parse(Array("test:\n  wrokers: 2\n".utf8), file: "s.yaml") }
    }

    @Test func awaitSlowResponsesMustBeABoolean() {
        #expect(throws: TestSettings.Problem.self) { try TestSettings.parse(Array("test:\n  await-slow-responses: sometimes\n".utf8), file: "s.yaml") }
    }

    @Test func checkListParsingReportsUnknownNames() {
        let parsed = CheckName.parseList("not_a_server_error, bogus")
        #expect(parsed.checks == [.notAServerError])
        #expect(parsed.unknown == ["bogus"])
        #expect(CheckName.parseList("all").checks.count == CheckName.allCases.count)
    }

    @Test func authValuesAreParsed() throws {
        var credentials = Credentials()
        try credentials.add("basic:ada:pa:ss")
        #expect(credentials.basic?.user == "ada" && credentials.basic?.password == "pa:ss")
        #expect(throws: Credentials.ParseError.self) { try credentials.add("token:x") }
    }
}
