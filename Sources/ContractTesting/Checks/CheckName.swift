/// The checks, by the stable names users select with `--checks`.
public enum CheckName: String, Sendable, Hashable, CaseIterable, Comparable {
    case notAServerError = "not_a_server_error"
    case statusCodeConformance = "status_code_conformance"
    case contentTypeConformance = "content_type_conformance"
    case responseHeadersConformance = "response_headers_conformance"
    case responseSchemaConformance = "response_schema_conformance"
    case negativeDataRejection = "negative_data_rejection"
    case positiveDataAcceptance = "positive_data_acceptance"
    case ignoredAuth = "ignored_auth"
    case unsupportedMethod = "unsupported_method"
    case maxResponseTime = "max_response_time"
    case useAfterFree = "use_after_free"

    /// The checks `all` selects (`max_response_time` runs only when a threshold is given).
    public static let defaults: [CheckName] = allCases.filter { $0 != .maxResponseTime }

    /// One line saying what the check demands.
    public var summary: String {
        switch self {
        case .notAServerError: return "no response has a 5xx status"
        case .statusCodeConformance: return "every status is declared for its operation"
        case .contentTypeConformance: return "every body's Content-Type is declared for its status"
        case .responseHeadersConformance: return "required response headers are present and match their schemas"
        case .responseSchemaConformance: return "every response body matches its schema"
        case .negativeDataRejection: return "invalid input is refused with 4xx"
        case .positiveDataAcceptance: return "valid input is not refused with 4xx other than 401/403/404/409"
        case .ignoredAuth: return "missing or bad credentials are refused with 401/403"
        case .unsupportedMethod: return "an undeclared method gets 405 with an Allow header listing the declared methods"
        case .maxResponseTime: return "every response arrives within the threshold"
        case .useAfterFree: return "after a successful DELETE, a GET of the resource (or of a resource under it) answers 404 or 410"
        }
    }

    /// Parses `--checks`: a comma-separated list of names, or `all`. Unknown names are returned separately.
    public static func parseList(_ text: String) -> (checks: [CheckName], unknown: [String]) {
        var checks: [CheckName] = []
        var unknown: [String] = []
        for part in text.split(separator: ",").map({ $0.trimmingSpaces }) where !part.isEmpty {
            if part == "all" {
                for check in allCases where !checks.contains(check) { checks.append(check) }
            } else if let check = CheckName(rawValue: part) {
                if !checks.contains(check) { checks.append(check) }
            } else {
                unknown.append(part)
            }
        }
        return (checks, unknown)
    }

    public static func < (lhs: CheckName, rhs: CheckName) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
