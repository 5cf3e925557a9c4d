import NIOConcurrencyHelpers
import Prometheus
import Validation

/// What happened to one exchange, as counted in `specguard_requests_total{outcome}`.
public enum ExchangeOutcome: String, Sendable, CaseIterable {
    /// Valid and answered by the upstream.
    case forwarded
    /// Invalid request, answered with a problem document.
    case rejected
    /// Invalid request or response let through in report mode.
    case reported
    /// The upstream response violated the spec and was replaced by 502.
    case invalidResponse = "invalid_response"
    case rateLimited = "rate_limited"
    case upstreamUnavailable = "upstream_unavailable"
    case upstreamTimeout = "upstream_timeout"
    /// Answered by the mock server.
    case mocked
}

/// Prometheus metrics of the proxy and the mock server (`/metrics` on the admin listener).
public final class SidecarMetrics: Sendable {
    /// The Prometheus registry behind `/metrics`.
    public let registry: PrometheusCollectorRegistry
    /// The two latency histograms, recorded on every exchange: ours (`LatencyHistogram`), written after the registry's
    /// metrics in the exposition.
    private let validationSeconds: LatencyHistogram
    private let upstreamSeconds: LatencyHistogram
    private let skippedResponses: Counter
    private let reloadsSucceeded: Counter
    private let reloadsRefused: Counter
    /// `specguard_open_connections`: client connections open now.
    let openConnections: Gauge
    /// `specguard_connections_refused_total`: client connections closed at once over `max-connections`.
    let refusedConnections: Counter
    /// Counters looked up once per label set.
    private let counters = NIOLockedValueBox<[CounterKey: Counter]>([:])

    /// A counter's name and label values (the label names follow from the name): hashed as they are, where a key text
    /// joined from them cost four string appends per count (some 3k instructions per violation of a refused request).
    private struct CounterKey: Hashable {
        let name: String
        let first: String
        let second: String
    }

    /// Registers the metrics in `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let buckets: [Duration] = [.microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
                                   .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
                                   .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                   .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]
        validationSeconds = LatencyHistogram(name: "specguard_validation_duration_seconds", help: "Time spent validating requests and responses",
                                             buckets: buckets)
        upstreamSeconds = LatencyHistogram(name: "specguard_upstream_duration_seconds",
                                           help: "Time from the end of request validation (then the request is forwarded) to the end of the upstream response",
                                           buckets: buckets)
        skippedResponses = registry.makeCounter(descriptor: MetricNameDescriptor(
            metricName: "specguard_responses_unvalidated_total", unitName: "", helpText: "Responses streamed through unvalidated because they exceed the response limit"))
        reloadsSucceeded = registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "specguard_reloads_total", unitName: "", helpText: "Spec reloads"),
                                               labels: [("result", "applied")])
        reloadsRefused = registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "specguard_reloads_total", unitName: "", helpText: "Spec reloads"),
                                             labels: [("result", "refused")])
        openConnections = registry.makeGauge(descriptor: MetricNameDescriptor(
            metricName: "specguard_open_connections", unitName: "", helpText: "Client connections open now"))
        refusedConnections = registry.makeCounter(descriptor: MetricNameDescriptor(
            metricName: "specguard_connections_refused_total", unitName: "", helpText: "Client connections closed at once because max-connections were open"))
    }

    /// The counter `name` with the labels `first` and `second` (label name, value), made at its first count.
    private func counter(_ name: String, _ first: (String, String), _ second: (String, String)? = nil, help: String) -> Counter {
        let key = CounterKey(name: name, first: first.1, second: second?.1 ?? "")
        return counters.withLockedValue { counters in
            if let existing = counters[key] { return existing }
            let labels = [first] + (second.map { [$0] } ?? [])
            let made = registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
            counters[key] = made
            return made
        }
    }

    /// One exchange finished with `outcome` for the operation labelled `operation` (e.g. `GET /pets/{id}`).
    public func recordExchange(operation: String, outcome: ExchangeOutcome) {
        exchangeCounter(operation: operation, outcome: outcome).increment()
    }

    /// The counter behind `recordExchange`, for callers that cache it.
    func exchangeCounter(operation: String, outcome: ExchangeOutcome) -> Counter {
        counter("specguard_requests_total", ("operation", operation), ("outcome", outcome.rawValue),
                help: "Requests by operation and outcome")
    }

    /// A violation of `rule` (the keyword) in a request or a response.
    public func recordViolation(rule: String, direction: String) {
        counter("specguard_violations_total", ("rule", rule), ("direction", direction),
                help: "Violations by rule").increment()
    }

    /// A framing error (request smuggling attempt or malformed message).
    public func recordFramingError(kind: String) {
        counter("specguard_framing_errors_total", ("kind", kind), help: "Requests refused for framing errors").increment()
    }

    /// A client connection dropped for sending its head or body too slowly (`phase`: header or body).
    public func recordClientTimeout(phase: String) {
        counter("specguard_client_timeouts_total", ("phase", phase), help: "Client connections dropped for slow heads or bodies").increment()
    }

    /// Time spent validating one request or response.
    public func recordValidation(nanoseconds: UInt64) {
        validationSeconds.recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// Time from sending a request upstream to the end of its response.
    public func recordUpstream(nanoseconds: UInt64) {
        upstreamSeconds.recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// A response streamed through unvalidated because it exceeds the response limit.
    public func recordSkippedResponse() { skippedResponses.increment() }

    /// A reload that was applied or refused.
    public func recordReload(applied: Bool) {
        (applied ? reloadsSucceeded : reloadsRefused).increment()
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] {
        var buffer = registry.emitToBuffer()
        validationSeconds.emit(into: &buffer)
        upstreamSeconds.emit(into: &buffer)
        return buffer
    }
}

extension RequestVerdict {
    /// The `operation` label: the matched operation, or for unmatched requests a standard method (else
    /// `OTHER`) with `?`, so arbitrary methods cannot grow the label set without bound.
    var metricsLabel: String {
        if operationIndex != nil { return operationLabel }
        return metricsMethod(method) + " " + (pathTemplate ?? "?")
    }
}

/// A method as a metrics label: standard methods as sent, anything else `OTHER`.
func metricsMethod(_ method: String) -> String {
    ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "QUERY"].contains(method) ? method : "OTHER"
}
