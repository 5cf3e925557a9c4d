import Documents
import OpenAPIModel

/// One reported failure: a check that failed, with the (shrunk) case that shows it.
public struct FailureReport: Sendable {
    public var check: CheckName
    public var operationIndex: Int
    /// `GET /products/{productId}`.
    public var operationLabel: String
    public var operationId: String?
    public var message: String
    public var specLocation: NodeSource
    /// The minimal failing case found and its exchange.
    public var testCase: TestCase
    public var exchange: Exchange
    /// The label of the case that first failed (before shrinking).
    public var originalLabel: String
    /// How many reductions shrinking kept.
    public var shrinkSteps: Int
    /// How many cases failed this check on this operation.
    public var occurrences: Int
}

/// What happened to one operation.
public struct OperationSummary: Sendable {
    public var operationIndex: Int
    public var label: String
    public var operationId: String?
    public var casesRun = 0
    /// Failing cases by check.
    public var failures: [CheckName: Int] = [:]
    /// Requests that got no response (connection errors, timeouts).
    public var transportErrors = 0
    /// The first such error, with its URL.
    public var firstTransportError: String?
    /// Requests abandoned unanswered at the `max_response_time` threshold (each is that check's finding).
    public var abandonedAtThreshold = 0
    /// Declared response keys (`200`, `4XX`, `default`) in document order.
    public var declaredResponses: [String] = []
    /// Declared keys some response was judged against.
    public var exercisedResponses: Set<String> = []
    /// Every status received.
    public var statusesSeen: Set<Int> = []
    /// Cases generated and dropped by the self-check.
    public var statistics = GenerationStatistics()

    /// Declared keys never exercised.
    public var unexercisedResponses: [String] { declaredResponses.filter { !exercisedResponses.contains($0) } }
}

/// The outcome of a run.
public struct RunReport: Sendable {
    public var seed: UInt64
    public var baseURL: String
    public var checks: [CheckName]
    public var operations: [OperationSummary]
    public var failures: [FailureReport]
    public var casesSent: Int
    public var durationMilliseconds: Double
    /// Operations of the spec the filters left out.
    public var operationsNotSelected: [String]
    public var statistics: GenerationStatistics

    /// True when no check failed and every request got a response.
    public var passed: Bool { failures.isEmpty && totalTransportErrors == 0 }
    /// Requests that got no response (connection refused, timeout).
    public var totalTransportErrors: Int { operations.reduce(0) { $0 + $1.transportErrors } }
    /// True when requests were sent and none got a response (wrong base URL, service down).
    public var nothingAnswered: Bool { casesSent > 0 && totalTransportErrors == casesSent }
    /// Selected operations that got no response at all.
    public var operationsNeverExercised: [String] { operations.filter { $0.casesRun == 0 || $0.statusesSeen.isEmpty }.map(\.label) }
}

extension OpenAPIModel.Operation {
    /// `GET /path`.
    var label: String { method.name + " " + path }
}
