import Documents
import Validation

/// JSON, JUnit XML and SARIF renderings of a run.
public struct MachineReports: Sendable {
    public let masker: SecretMasker

    public init(masker: SecretMasker) {
        self.masker = masker
    }

    // MARK: JSON

    /// The JSON report: stable field names `passed`, `seed`, `casesSent`, `checks`, `operations`
    /// (with `coverage`), `failures`, `coverage`.
    public func json(_ report: RunReport) -> String {
        let operations: [JSONValue] = report.operations.map { operation in
            .object([
                ("operation", .string(operation.label)),
                ("operationId", operation.operationId.map { .string($0) } ?? .null),
                ("casesRun", .integer(operation.casesRun)),
                ("transportErrors", .integer(operation.transportErrors)),
                ("firstTransportError", operation.firstTransportError.map { .string(masker.target($0)) } ?? .null),
                ("abandonedAtThreshold", .integer(operation.abandonedAtThreshold)),
                ("failures", .object(operation.failures.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .integer($0.value)) })),
                ("statusesSeen", .array(operation.statusesSeen.sorted().map { .integer($0) })),
                ("declaredResponses", .array(operation.declaredResponses.map { .string($0) })),
                ("exercisedResponses", .array(operation.declaredResponses.filter(operation.exercisedResponses.contains).map { .string($0) })),
                ("unexercisedResponses", .array(operation.unexercisedResponses.map { .string($0) })),
                ("casesDroppedBySelfCheck", .integer(operation.statistics.totalDropped)),
            ])
        }
        let failures: [JSONValue] = report.failures.map { failure in
            var members: [(String, JSONValue)] = [
                ("check", .string(failure.check.rawValue)),
                ("operation", .string(failure.operationLabel)),
                ("operationId", failure.operationId.map { .string($0) } ?? .null),
                ("message", .string(masker.text(failure.message))),
                ("specLocation", .object([("file", .string(failure.specLocation.location.file)), ("line", .integer(failure.specLocation.location.line)),
                                          ("pointer", .string(failure.specLocation.pointer.description))])),
                ("case", .object([("kind", .string(failure.testCase.kind.rawValue)), ("label", .string(failure.testCase.label)),
                                  ("originalLabel", .string(failure.originalLabel)), ("shrinkSteps", .integer(failure.shrinkSteps))])),
                ("occurrences", .integer(failure.occurrences)),
                ("request", .object([("method", .string(failure.exchange.request.method)), ("url", .string(masker.target(failure.exchange.url))),
                                     ("headers", .object(failure.exchange.request.headers.map { ($0.name, .string(masker.header($0.name, $0.value))) })),
                                     ("body", .string(masker.text(String(decoding: failure.exchange.request.body, as: UTF8.self))))])),
                ("curl", .string(CurlCommand.make(failure.exchange.request, url: failure.exchange.url, masker: masker))),
                ("seed", .string(String(report.seed))),
            ]
            if let response = failure.exchange.response {
                members.append(("response", .object([("status", .integer(response.status)),
                                                      ("headers", .object(response.headers.map { ($0.name, .string(masker.header($0.name, $0.value))) })),
                                                      ("body", .string(masker.text(String(decoding: response.body.prefix(4096), as: UTF8.self)))),
                                                      ("elapsedMs", .integer(Int(failure.exchange.elapsedMilliseconds)))])))
            }
            return .object(members)
        }
        let root = JSONValue.object([
            ("passed", .bool(report.passed)),
            ("seed", .string(String(report.seed))),
            ("baseURL", .string(report.baseURL)),
            ("casesSent", .integer(report.casesSent)),
            ("durationMs", .integer(Int(report.durationMilliseconds))),
            ("checks", .array(report.checks.map { .string($0.rawValue) })),
            ("casesDroppedBySelfCheck", .integer(report.statistics.totalDropped)),
            ("operations", .array(operations)),
            ("failures", .array(failures)),
            ("coverage", .object([
                ("operationsSelected", .integer(report.operations.count)),
                ("operationsExercised", .array(report.operations.filter { !report.operationsNeverExercised.contains($0.label) }.map { .string($0.label) })),
                ("operationsNeverExercised", .array(report.operationsNeverExercised.map { .string($0) })),
                ("operationsNotSelected", .array(report.operationsNotSelected.map { .string($0) })),
            ])),
        ])
        return JSONWriter.pretty(root) + "\n"
    }

    // MARK: JUnit

    /// One `testcase` per operation and check; a failing one carries the failure text with its curl command.
    public func junit(_ report: RunReport) -> String {
        var cases = ""
        var total = 0, failed = 0
        for operation in report.operations {
            for check in report.checks {
                total += 1
                cases += "    <testcase classname=\"\(xml(operation.label))\" name=\"\(check.rawValue)\">\n"
                if let failure = report.failures.first(where: { $0.operationIndex == operation.operationIndex && $0.check == check }) {
                    failed += 1
                    let body = ConsoleReporter(masker: masker).describe(failure, seed: report.seed)
                    cases += "      <failure message=\"\(xml(masker.text(failure.message)))\" type=\"\(check.rawValue)\">\(xml(body))</failure>\n"
                } else if operation.casesRun == 0 {
                    cases += "      <skipped message=\"no case was sent\"/>\n"
                }
                cases += "    </testcase>\n"
            }
            if operation.transportErrors > 0 {
                total += 1
                failed += 1
                cases += "    <testcase classname=\"\(xml(operation.label))\" name=\"requests\">\n"
                cases += "      <error message=\"\(operation.transportErrors) requests got no response\">\(xml(masker.target(operation.firstTransportError ?? "")))</error>\n"
                cases += "    </testcase>\n"
            }
        }
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="specguard test" tests="\(total)" failures="\(failed)" time="\(report.durationMilliseconds / 1000)">
          <testsuite name="specguard contract tests" tests="\(total)" failures="\(failed)" time="\(report.durationMilliseconds / 1000)">
        \(cases)  </testsuite>
        </testsuites>

        """
    }

    // MARK: SARIF

    /// SARIF 2.1.0 with one rule per check and each failure pointed at the spec line it violates.
    public func sarif(_ report: RunReport) -> String {
        let rules: [JSONValue] = CheckName.allCases.map { check in
            .object([("id", .string(check.rawValue)), ("shortDescription", .object([("text", .string(check.summary))]))])
        }
        let results: [JSONValue] = report.failures.map { failure in
            .object([
                ("ruleId", .string(failure.check.rawValue)),
                ("level", .string("error")),
                ("message", .object([("text", .string("\(failure.operationLabel): \(masker.text(failure.message)). Reproduce: \(CurlCommand.make(failure.exchange.request, url: failure.exchange.url, masker: masker)) (seed \(report.seed))"))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(failure.specLocation.location.file))])),
                    ("region", .object([("startLine", .integer(max(1, failure.specLocation.location.line))),
                                        ("startColumn", .integer(max(1, failure.specLocation.location.column)))])),
                ]))])])),
            ])
        }
        let root = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([("name", .string("specguard")), ("informationUri", .string("https://github.com/specguard/specguard")), ("rules", .array(rules))]))])),
                ("results", .array(results)),
            ])])),
        ])
        return JSONWriter.pretty(root) + "\n"
    }

    private func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
