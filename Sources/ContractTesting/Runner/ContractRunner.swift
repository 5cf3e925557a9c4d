import Documents
import OpenAPIModel
import Validation

/// What the runner tells its caller while it works (progress goes to stderr in the CLI).
public enum ProgressEvent: Sendable {
    /// An operation is about to run `cases` cases.
    case operationStarted(label: String, cases: Int)
    /// `done` of the operation's cases have been answered.
    case caseFinished(label: String, done: Int, total: Int)
    /// The operation finished with this many failing cases.
    case operationFinished(label: String, failures: Int)
    /// A later phase started (`stateful`, `unsupported methods`, `shrinking`).
    case phase(String)
}

/// Runs a contract test: generates cases per selected operation, sends them with bounded concurrency
/// and rate, judges every exchange with the checks, follows links, and shrinks failures.
public struct ContractRunner: Sendable {
    public let document: OpenAPIDocument
    public let configuration: RunConfiguration
    let validator: ExchangeValidator
    let generator: CaseGenerator
    let evaluator: CheckEvaluator
    let transport: any HTTPTransport

    public init(document: OpenAPIDocument, validator: ExchangeValidator, configuration: RunConfiguration, transport: any HTTPTransport) {
        self.document = document
        self.validator = validator
        self.configuration = configuration
        self.transport = transport
        self.generator = CaseGenerator(document: document, validator: validator, credentials: configuration.credentials,
                                       headers: configuration.headers, seed: configuration.seed)
        var enabled = Set(configuration.checks)
        if configuration.maximumResponseMilliseconds != nil { enabled.insert(.maxResponseTime) } else { enabled.remove(.maxResponseTime) }
        self.evaluator = CheckEvaluator(document: document, validator: validator, enabled: enabled,
                                        maximumResponseMilliseconds: configuration.maximumResponseMilliseconds)
    }

    /// The validator contract tests judge with: the contract only. Sanitization rules (injection scanners,
    /// control characters) are a proxy policy, not part of the spec, so they neither keep a schema-valid case
    /// from being sent nor make a case "invalid" that the service may rightly accept.
    public static func makeValidator(for document: OpenAPIDocument) -> ExchangeValidator {
        ExchangeValidator(document: document, options: ValidationOptions(sanitization: SanitizationPolicy(enabledRules: [])))
    }

    /// The full URL for a rendered request.
    public func url(for request: RenderedRequest) -> String {
        var base = Substring(configuration.baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        return base + request.target
    }

    /// A case's result after sending and judging.
    struct Judged: Sendable {
        var testCase: TestCase
        var exchange: Exchange
        var failures: [CheckFailure]
    }

    public func run(progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in }) async -> RunReport {
        let clock = ContinuousClock()
        let start = clock.now
        let limiter = configuration.rateLimit.map { RateLimiter(perSecond: $0) }
        var summaries: [OperationSummary] = []
        var judgedAll: [Judged] = []
        var totals = GenerationStatistics()
        let selected = document.operations.indices.filter { configuration.selects(document.operations[$0]) }
        let unsupported = evaluator.enabled.contains(.unsupportedMethod)
            ? generator.unsupportedMethodCases().filter { selected.contains($0.operationIndex) } : []
        for index in selected {
            let operation = document.operations[index]
            var (cases, statistics) = generator.cases(forOperation: index, maximum: configuration.maximumCases)
            cases += unsupported.filter { $0.operationIndex == index }
            totals.merge(statistics)
            progress(.operationStarted(label: operation.label, cases: cases.count))
            let judged = await execute(cases, label: operation.label, limiter: limiter, progress: progress)
            var summary = OperationSummary(operationIndex: index, label: operation.label, operationId: operation.operationId)
            summary.declaredResponses = operation.responses.map(\.key.description)
            summary.statistics = statistics
            summaries.append(summary)
            judgedAll += judged
            progress(.operationFinished(label: operation.label, failures: judged.filter { !$0.failures.isEmpty }.count))
            // Nothing answered the first operation at all: the base URL is wrong or the service is down, and
            // each further request would only wait out its timeout (the client retries refused connections).
            if !judgedAll.isEmpty, judgedAll.allSatisfy({ $0.exchange.response == nil && !isAbandoned($0.exchange) }) {
                progress(.phase("no response from \(configuration.baseURL); stopping"))
                break
            }
        }
        if configuration.stateful, judgedAll.contains(where: { $0.exchange.response != nil }) {
            progress(.phase("stateful"))
            let links = StatefulLinks(document: document, generator: generator)
            var latest = judgedAll
            // Chains: the answers to followed links are followed in turn, a few hops deep (each hop follows
            // the first successful answer of each operation in the previous one).
            for _ in 0..<Self.maximumStatefulHops {
                let linked = links.followUps(after: latest, selected: Set(selected))
                if linked.isEmpty { break }
                latest = []
                // In order: a DELETE must not overtake the GET and PUT of the same resource.
                for testCase in linked {
                    if let limiter { await limiter.acquire() }
                    latest += await sendWithFollowUps(testCase, limiter: limiter)
                }
                judgedAll += latest
            }
        }
        for judged in judgedAll {
            guard let position = summaries.firstIndex(where: { $0.operationIndex == judged.testCase.operationIndex }) else { continue }
            summaries[position].casesRun += 1
            if let response = judged.exchange.response {
                summaries[position].statusesSeen.insert(response.status)
                if judged.testCase.kind != .unsupportedMethod,
                   let key = document.operations[judged.testCase.operationIndex].response(for: response.status)?.key.description {
                    summaries[position].exercisedResponses.insert(key)
                }
            } else if isAbandoned(judged.exchange) {
                summaries[position].abandonedAtThreshold += 1
            } else {
                summaries[position].transportErrors += 1
                if summaries[position].firstTransportError == nil {
                    summaries[position].firstTransportError = "\(judged.exchange.request.method) \(judged.exchange.url): \(judged.exchange.transportError ?? "no response")"
                }
            }
            for failure in judged.failures {
                let reportedIndex = Self.reportedOperationIndex(failure, judged.testCase)
                let reported = summaries.firstIndex { $0.operationIndex == reportedIndex } ?? position
                summaries[reported].failures[failure.check, default: 0] += 1
            }
        }
        if judgedAll.contains(where: { !$0.failures.isEmpty }) { progress(.phase("shrinking")) }
        let failures = await report(judgedAll)
        return RunReport(seed: configuration.seed, baseURL: configuration.baseURL, checks: evaluator.enabled.sorted(), operations: summaries,
                         failures: failures, casesSent: judgedAll.count,
                         durationMilliseconds: (clock.now - start).milliseconds,
                         operationsNotSelected: document.operations.indices.filter { !selected.contains($0) }.map { document.operations[$0].label },
                         statistics: totals)
    }

    /// Sends cases with `workers` concurrent senders and judges each exchange.
    func execute(_ cases: [TestCase], label: String, limiter: RateLimiter?, progress: @escaping @Sendable (ProgressEvent) -> Void) async -> [Judged] {
        guard !cases.isEmpty else { return [] }
        let queue = WorkQueue(count: cases.count)
        let counter = WorkQueue(count: Int.max)
        let results = await withTaskGroup(of: [(Int, [Judged])].self) { group in
            for _ in 0..<max(1, min(configuration.workers, cases.count)) {
                group.addTask {
                    var local: [(Int, [Judged])] = []
                    while let position = await queue.take() {
                        if let limiter { await limiter.acquire() }
                        local.append((position, await sendWithFollowUps(cases[position], limiter: limiter)))
                        let done = (await counter.take() ?? 0) + 1
                        progress(.caseFinished(label: label, done: done, total: cases.count))
                    }
                    return local
                }
            }
            var all: [(Int, [Judged])] = []
            for await part in group { all += part }
            return all
        }
        return results.sorted { $0.0 < $1.0 }.flatMap(\.1)
    }

    func send(_ testCase: TestCase) async -> Judged {
        var rendered = generator.render(testCase)
        if let name = configuration.requestIDHeader, !rendered.headers.contains(name), !declaresHeader(name, testCase.operationIndex) {
            var ids = CorrelationIDGenerator()
            rendered.headers.append(name: name, value: ids.next())
        }
        let exchange = await transport.send(rendered, url: url(for: rendered), timeoutMilliseconds: configuration.requestDeadlineMilliseconds)
        let failures = evaluator.evaluate(kind: testCase.kind, operationIndex: testCase.operationIndex, exchange: exchange,
                                          leavesOperation: testCase.leavesOperation,
                                          context: testCase.kind == .afterDelete ? testCase.label : nil)
        return Judged(testCase: testCase, exchange: exchange, failures: failures)
    }

    /// Whether operation `index` (or its path) declares a header parameter `name` (ASCII case ignored).
    func declaresHeader(_ name: String, _ index: Int) -> Bool {
        guard index >= 0, index < document.operations.count else { return false }
        return document.operations[index].parameters.contains { $0.location == .header && asciiCaseInsensitiveEquals($0.name, name) }
    }

    /// Sends a case and, when it was a DELETE that succeeded, at once the GETs of what it removed
    /// (in the same worker, so no other case can re-create the resource in between).
    func sendWithFollowUps(_ testCase: TestCase, limiter: RateLimiter?) async -> [Judged] {
        let judged = await send(testCase)
        var result = [judged]
        for followUp in afterDeleteCases(judged) {
            if let limiter { await limiter.acquire() }
            result.append(await send(followUp))
        }
        return result
    }

    /// The operation a failure is reported against: a `use_after_free` failure belongs to the DELETE that
    /// did not remove the resource; every other failure to the operation whose response it judges.
    static func reportedOperationIndex(_ failure: CheckFailure, _ testCase: TestCase) -> Int {
        failure.check == .useAfterFree ? testCase.reportedOperationIndex : testCase.operationIndex
    }

    /// Whether the exchange was given up at the `max_response_time` threshold (a finding, not an error).
    func isAbandoned(_ exchange: Exchange) -> Bool {
        !configuration.awaitSlowResponses && exchange.abandonedAtThreshold(configuration.maximumResponseMilliseconds)
    }

    /// Links are followed this many hops from the first answers.
    static let maximumStatefulHops = 3

    /// At most this many GETs follow one successful DELETE.
    static let maximumAfterDeleteCases = 3

    /// GETs of the resource a successful DELETE removed, and of resources under it whose path parameters
    /// the DELETE supplies (`/items/{id}` → `/items/{id}`, `/items/{id}/label`): each must not answer 2xx.
    func afterDeleteCases(_ judged: Judged) -> [TestCase] {
        guard evaluator.enabled.contains(.useAfterFree), judged.testCase.methodOverride == nil, !judged.testCase.leavesOperation,
              judged.testCase.kind != .afterDelete, let response = judged.exchange.response, (200..<300).contains(response.status),
              judged.testCase.operationIndex >= 0, judged.testCase.operationIndex < document.operations.count else { return [] }
        let operation = document.operations[judged.testCase.operationIndex]
        guard operation.method.name == "DELETE" else { return [] }
        let pathValues = judged.testCase.parameters.filter { $0.location == .path && $0.value != nil }
        let supplied = Set(pathValues.map(\.name))
        var result: [TestCase] = []
        for (index, candidate) in document.operations.enumerated() where candidate.method.name == "GET" {
            guard candidate.path == operation.path || candidate.path.hasPrefix(operation.path + "/"),
                  candidate.parameters.filter({ $0.location == .path }).allSatisfy({ supplied.contains($0.name) }),
                  var followUp = generator.linkedCase(operationIndex: index, fixed: pathValues, label: "") else { continue }
            followUp.kind = .afterDelete
            followUp.checkedOperationIndex = judged.testCase.operationIndex
            followUp.label = "after DELETE \(judged.exchange.request.target) answered \(response.status)"
            guard generator.selfCheck(followUp) else { continue }
            result.append(followUp)
            if result.count == Self.maximumAfterDeleteCases { break }
        }
        return result
    }

    /// One report per (operation, check): the first failing case, shrunk.
    func report(_ judged: [Judged]) async -> [FailureReport] {
        var firsts: [(key: String, judged: Judged, failure: CheckFailure, count: Int)] = []
        for item in judged {
            for failure in item.failures {
                let key = "\(Self.reportedOperationIndex(failure, item.testCase)) \(failure.check.rawValue)"
                if let position = firsts.firstIndex(where: { $0.key == key }) { firsts[position].count += 1 } else {
                    firsts.append((key, item, failure, 1))
                }
            }
        }
        var reports: [FailureReport] = []
        for entry in firsts {
            let reportedIndex = Self.reportedOperationIndex(entry.failure, entry.judged.testCase)
            let operation = document.operations[reportedIndex]
            var best = entry.judged
            var failure = entry.failure
            var steps = 0
            if configuration.shrink, best.testCase.kind != .stateful, best.testCase.kind != .afterDelete,
               best.testCase.kind != .unsupportedMethod {
                (best, failure, steps) = await shrink(best, failure, operation)
            }
            if reportedIndex != best.testCase.operationIndex { failure.specLocation = operation.source }
            reports.append(FailureReport(check: failure.check, operationIndex: reportedIndex, operationLabel: operation.label,
                                         operationId: operation.operationId, message: failure.message, specLocation: failure.specLocation,
                                         testCase: best.testCase, exchange: best.exchange, originalLabel: entry.judged.testCase.label,
                                         shrinkSteps: steps, occurrences: entry.count))
        }
        return reports.sorted { ($0.operationIndex, $0.check) < ($1.operationIndex, $1.check) }
    }

    private func shrink(_ start: Judged, _ failure: CheckFailure, _ operation: OpenAPIModel.Operation) async -> (Judged, CheckFailure, Int) {
        let required = Set(operation.parameters.filter(\.required).map { $0.location.rawValue + ":" + $0.name })
        var best = start
        var bestFailure = failure
        var budget = configuration.shrinkBudget
        var steps = 0
        var improved = true
        while improved, budget > 0 {
            improved = false
            for candidate in Shrinker.candidates(best.testCase, requiredParameters: required) where budget > 0 {
                guard generator.selfCheck(candidate) else { continue }
                budget -= 1
                let judged = await send(candidate)
                if let same = judged.failures.first(where: { $0.check == failure.check }) {
                    best = judged
                    bestFailure = same
                    steps += 1
                    improved = true
                    break
                }
            }
        }
        return (best, bestFailure, steps)
    }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
