import Validation

/// The text report: summary table (operations × checks), failures with request, response, spec location,
/// `curl` and seed, then coverage.
public struct ConsoleReporter: Sendable {
    public let masker: SecretMasker
    /// Bytes of a body shown in a failure.
    public var bodyExcerpt = 400

    public init(masker: SecretMasker) {
        self.masker = masker
    }

    public func render(_ report: RunReport) -> String {
        var out = ""
        out += summaryTable(report)
        out += "\n"
        for failure in report.failures { out += describe(failure, seed: report.seed) + "\n" }
        for operation in report.operations where operation.transportErrors > 0 {
            out += "ERROR \(operation.label): \(operation.transportErrors) request\(operation.transportErrors == 1 ? "" : "s") got no response; first: \(masker.target(operation.firstTransportError ?? "?"))\n\n"
        }
        out += coverage(report)
        let failing = Set(report.failures.map(\.operationIndex)).count
        out += "\n\(report.casesSent) cases sent to \(report.operations.count) operations in \(Int(report.durationMilliseconds)) ms (seed \(report.seed)); "
        out += "\(report.statistics.totalDropped) generated cases dropped by the self-check\n"
        if report.passed {
            out += "PASSED: every check passed\n"
        } else {
            out += "FAILED: \(report.failures.count) failure\(report.failures.count == 1 ? "" : "s") on \(failing) operation\(failing == 1 ? "" : "s")"
            out += report.totalTransportErrors > 0 ? ", \(report.totalTransportErrors) request\(report.totalTransportErrors == 1 ? "" : "s") without a response\n" : "\n"
        }
        return out
    }

    func summaryTable(_ report: RunReport) -> String {
        let checks = report.checks
        let labelWidth = min(60, max(9, report.operations.map(\.label.count).max() ?? 9))
        var out = "Checks: " + checks.enumerated().map { "[\($0.offset + 1)] \($0.element.rawValue)" }.joined(separator: "  ") + "\n"
        out += pad("Operation", labelWidth) + "  " + pad("Cases", 5, right: true)
        for index in checks.indices { out += "  " + pad("[\(index + 1)]", 5, right: true) }
        out += "\n"
        for operation in report.operations {
            out += pad(operation.label, labelWidth) + "  " + pad(String(operation.casesRun), 5, right: true)
            for check in checks {
                let count = operation.failures[check] ?? 0
                out += "  " + pad(count == 0 ? (operation.casesRun == 0 ? "-" : "ok") : "F\(count)", 5, right: true)
            }
            out += "\n"
        }
        return out
    }

    public func describe(_ failure: FailureReport, seed: UInt64) -> String {
        var lines: [String] = []
        lines.append("FAIL \(failure.check.rawValue)  \(failure.operationLabel)" + (failure.operationId.map { " (\($0))" } ?? ""))
        lines.append("  \(masker.text(failure.message))")
        lines.append("  spec: \(failure.specLocation.location.file):\(failure.specLocation.location.line)  \(failure.specLocation.pointer)")
        var caseLine = "  case: \(failure.testCase.kind.rawValue), \(failure.originalLabel)"
        if failure.shrinkSteps > 0 { caseLine += ", shrunk in \(failure.shrinkSteps) step\(failure.shrinkSteps == 1 ? "" : "s")" }
        if failure.occurrences > 1 { caseLine += "; \(failure.occurrences) failing cases" }
        lines.append(caseLine)
        let request = failure.exchange.request
        lines.append("  request:  \(request.method) \(masker.target(failure.exchange.url))")
        for field in request.headers { lines.append("            \(field.name): \(masker.header(field.name, field.value))") }
        if !request.body.isEmpty { lines.append("            " + excerpt(request.body)) }
        if let response = failure.exchange.response {
            lines.append("  response: \(response.status) \(response.reason)  (\(Int(failure.exchange.elapsedMilliseconds)) ms)")
            for field in response.headers where ["content-type", "allow", "location", "www-authenticate"].contains(field.name.lowercased()) {
                lines.append("            \(field.name): \(masker.header(field.name, field.value))")
            }
            if !response.body.isEmpty { lines.append("            " + excerpt(response.body)) }
        } else {
            lines.append("  response: none after \(Int(failure.exchange.elapsedMilliseconds)) ms")
        }
        lines.append("  reproduce: " + CurlCommand.make(request, url: failure.exchange.url, masker: masker))
        lines.append("  seed: \(seed)  (specguard test --seed \(seed) --operation-id \(failure.operationId ?? "?"))")
        return lines.joined(separator: "\n") + "\n"
    }

    func coverage(_ report: RunReport) -> String {
        var out = "Coverage: \(report.operations.count - report.operationsNeverExercised.count)/\(report.operations.count) selected operations exercised"
        if !report.operationsNotSelected.isEmpty { out += " (\(report.operationsNotSelected.count) not selected)" }
        out += "\n"
        for label in report.operationsNeverExercised { out += "  never exercised: \(label)\n" }
        let declared = report.operations.reduce(0) { $0 + $1.declaredResponses.count }
        let exercised = report.operations.reduce(0) { $0 + $1.exercisedResponses.count }
        out += "  declared responses exercised: \(exercised)/\(declared)\n"
        for operation in report.operations where !operation.unexercisedResponses.isEmpty {
            out += "  \(operation.label): never saw \(operation.unexercisedResponses.joined(separator: ", "))\n"
        }
        return out
    }

    private func excerpt(_ bytes: [UInt8]) -> String {
        let text = masker.text(String(decoding: bytes.prefix(bodyExcerpt), as: UTF8.self))
        return text.replacingAll("\r", with: "\\r").replacingAll("\n", with: "\\n") + (bytes.count > bodyExcerpt ? "…" : "")
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        let padding = String(repeating: " ", count: max(0, width - clipped.count))
        return right ? padding + clipped : clipped + padding
    }
}
