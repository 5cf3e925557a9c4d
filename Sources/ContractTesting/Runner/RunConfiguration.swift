import OpenAPIModel

/// Everything a contract test run is told: where, what, how fast, which checks.
public struct RunConfiguration: Sendable {
    /// The API's base URL (`http://127.0.0.1:8080/api/v1`); request targets are appended to it.
    public var baseURL: String
    public var workers: Int = 4
    /// Per-request timeout.
    public var timeoutMilliseconds: Int = 10_000
    /// Requests per second across all workers (nil: unlimited).
    public var rateLimit: Double?
    /// Cases per operation.
    public var maximumCases: Int = 100
    public var operationIds: [String] = []
    /// Path templates (exact, or a prefix ending in `*`).
    public var paths: [String] = []
    public var tags: [String] = []
    public var methods: [String] = []
    /// Extra headers on every request.
    public var headers: [(String, String)] = []
    /// Each request carries a new correlation ID (a random UUID) in this field, unless the operation declares a header
    /// of that name (its cases set it, or leave it out on purpose) or it is set already (`headers`): the report shows
    /// it with the request, and the service's log, or the sidecar's in front of it, has it too. Nil: none.
    public var requestIDHeader: String? = "X-Request-Id"
    public var credentials = Credentials()
    public var seed: UInt64 = 0
    public var checks: [CheckName] = CheckName.defaults
    public var maximumResponseMilliseconds: Double?
    /// With a `max_response_time` threshold, wait for a slow response (up to the timeout) so that the other
    /// checks judge it too; by default a request still unanswered at the threshold is failed then and abandoned.
    public var awaitSlowResponses = false
    /// Follow `links` and `Location` headers after creating operations.
    public var stateful = true
    /// Shrink failing cases to a minimal failing case.
    public var shrink = true
    /// Sends per failure while shrinking.
    public var shrinkBudget = 24

    /// The time a request is given: the timeout, or the `max_response_time` threshold when that is shorter and
    /// slow responses are not awaited (the case has failed once the threshold passes).
    public var requestDeadlineMilliseconds: Int {
        guard let threshold = maximumResponseMilliseconds, !awaitSlowResponses else { return timeoutMilliseconds }
        return max(1, min(timeoutMilliseconds, Int(threshold.rounded(.up))))
    }

    public init(baseURL: String) {
        self.baseURL = baseURL
    }

    /// Whether the filters select `operation`.
    public func selects(_ operation: OpenAPIModel.Operation) -> Bool {
        if !operationIds.isEmpty, !operationIds.contains(operation.operationId ?? "") { return false }
        if !methods.isEmpty, !methods.contains(where: { $0.uppercased() == operation.method.name }) { return false }
        if !tags.isEmpty, !operation.tags.contains(where: tags.contains) { return false }
        if !paths.isEmpty, !paths.contains(where: { pattern in
            pattern.hasSuffix("*") ? operation.path.hasPrefix(String(pattern.dropLast())) : operation.path == pattern
        }) { return false }
        return true
    }
}
