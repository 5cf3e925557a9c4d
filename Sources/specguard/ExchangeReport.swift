import Documents
import Validation

/// The result of checking one exchange, with its text and JSON renderings.
struct ExchangeOutcome {
    var verdict: RequestVerdict
    var responseViolations: [Violation]
    var responseStatus: Int?

    var isValid: Bool { verdict.isValid && responseViolations.isEmpty }

    /// `verdict`: the request's, when already made (the proxy's checks); else the validator's.
    static func check(_ request: HTTPRequest, _ response: HTTPResponse?, _ validator: ExchangeValidator, verdict: RequestVerdict? = nil) -> ExchangeOutcome {
        let verdict = verdict ?? validator.validate(request: request)
        var found: [Violation] = []
        if let response, let index = verdict.operationIndex {
            found = validator.validate(response: response, operationIndex: index, requestMethod: request.method)
        }
        return ExchangeOutcome(verdict: verdict, responseViolations: found, responseStatus: response?.status)
    }

    var text: String {
        var out = ""
        out += "request \(verdict.operationLabel): " + (verdict.isValid ? "valid\n" : "\(verdict.status) (\(count(verdict.violations.count)))\n")
        for violation in verdict.violations { out += "  " + Self.line(violation) + "\n" }
        for header in verdict.responseHeaders { out += "  → \(header.name): \(header.value)\n" }
        if let responseStatus {
            out += "response \(responseStatus): " + (responseViolations.isEmpty ? "valid\n" : "\(count(responseViolations.count))\n")
            for violation in responseViolations { out += "  " + Self.line(violation) + "\n" }
        }
        return out
    }

    private func count(_ number: Int) -> String { number == 1 ? "1 violation" : "\(number) violations" }

    static func line(_ violation: Violation) -> String {
        var place = violation.location.rawValue
        if let name = violation.name { place += " " + name }
        if let pointer = violation.pointer, !pointer.tokens.isEmpty { place += " " + pointer.description }
        return "\(place): \(violation.keyword): \(violation.message)"
    }

    /// `{status, operation, errors, response: {status, errors}}`; `status` is what a proxy would answer (0 when valid).
    var json: JSONValue {
        var object = JSONObject()
        object["status", keyLocation: .unknown] = JSONValue(.number(JSONNumber(verdict.status)))
        object["valid", keyLocation: .unknown] = JSONValue(.bool(isValid))
        object["operation", keyLocation: .unknown] = verdict.pathTemplate == nil ? JSONValue(.null) : JSONValue(.string(verdict.operationLabel))
        if let id = verdict.operationId { object["operationId", keyLocation: .unknown] = JSONValue(.string(id)) }
        object["errors", keyLocation: .unknown] = verdict.problem?.jsonValue["errors"] ?? JSONValue(.array([]))
        if !verdict.responseHeaders.isEmpty {
            object["headers", keyLocation: .unknown] = JSONValue(.array(verdict.responseHeaders.map { field in
                JSONValue(.object(JSONObject([JSONMember(key: "name", value: JSONValue(.string(field.name))),
                                              JSONMember(key: "value", value: JSONValue(.string(field.value)))])))
            }))
        }
        if let responseStatus {
            var response = JSONObject()
            response["status", keyLocation: .unknown] = JSONValue(.number(JSONNumber(responseStatus)))
            response["errors", keyLocation: .unknown] = responseViolations.isEmpty ? JSONValue(.array([]))
                : ProblemDocument(responseViolations: responseViolations).jsonValue["errors"] ?? JSONValue(.array([]))
            object["response", keyLocation: .unknown] = JSONValue(.object(response))
        }
        return JSONValue(.object(object))
    }
}

/// A HAR run: each exchange, and a summary per operation.
struct HARReport {
    var outcomes: [ExchangeOutcome]

    struct Row {
        var label: String
        var exchanges = 0
        var invalidRequests = 0
        var invalidResponses = 0
    }

    var rows: [Row] {
        var rows: [Row] = []
        for outcome in outcomes {
            let label = outcome.verdict.pathTemplate == nil ? "(unrouted)" : outcome.verdict.operationLabel
            let index = rows.firstIndex(where: { $0.label == label }) ?? rows.count
            if index == rows.count { rows.append(Row(label: label)) }
            rows[index].exchanges += 1
            if !outcome.verdict.isValid { rows[index].invalidRequests += 1 }
            if !outcome.responseViolations.isEmpty { rows[index].invalidResponses += 1 }
        }
        return rows
    }

    var text: String {
        var out = ""
        for (number, outcome) in outcomes.enumerated() where !outcome.isValid {
            out += "#\(number) " + outcome.text
        }
        let rows = self.rows
        let width = max(9, rows.map(\.label.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(0, count - text.count)) }
        out += pad("operation", width) + "  exchanges  invalid requests  invalid responses\n"
        for row in rows {
            out += pad(row.label, width) + "  " + pad(String(row.exchanges), 9) + "  " + pad(String(row.invalidRequests), 16) + "  \(row.invalidResponses)\n"
        }
        let invalid = outcomes.filter { !$0.isValid }.count
        out += "\(outcomes.count) exchange\(outcomes.count == 1 ? "" : "s") checked, \(invalid) with violations\n"
        return out
    }

    /// `{status, errors, exchanges: [...], summary: [...]}`: `status` and `errors` are those of the first invalid exchange.
    var json: JSONValue {
        var object = JSONObject()
        let firstInvalid = outcomes.first(where: { !$0.isValid })
        object["status", keyLocation: .unknown] = JSONValue(.number(JSONNumber(firstInvalid?.verdict.status ?? 0)))
        object["errors", keyLocation: .unknown] = firstInvalid?.json["errors"] ?? JSONValue(.array([]))
        object["exchanges", keyLocation: .unknown] = JSONValue(.array(outcomes.map(\.json)))
        object["summary", keyLocation: .unknown] = JSONValue(.array(rows.map { row in
            JSONValue(.object(JSONObject([
                JSONMember(key: "operation", value: JSONValue(.string(row.label))),
                JSONMember(key: "exchanges", value: JSONValue(.number(JSONNumber(row.exchanges)))),
                JSONMember(key: "invalidRequests", value: JSONValue(.number(JSONNumber(row.invalidRequests)))),
                JSONMember(key: "invalidResponses", value: JSONValue(.number(JSONNumber(row.invalidResponses)))),
            ])))
        }))
        return JSONValue(.object(object))
    }
}
