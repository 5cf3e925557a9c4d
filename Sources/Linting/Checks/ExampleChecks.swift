import Documents
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One example or default value to validate against a schema, and how to report it when it does not match.
struct ExampleCheck: Sendable {
    var value: JSONValue
    var schemaFile: String
    var schemaTokens: [String]
    var ruleId: String
    /// The finding's message before the violation text.
    var messagePrefix: String
    var location: SourceLocation
    /// Pointer tokens of the finding (its text is built only when there is a finding).
    var findingTokens: [String]
    /// How many findings the run had when the check was asked for: where its finding goes among them.
    var findingIndex: Int
}

/// Validates examples and defaults on a second thread while the walk and the model rules go on.
///
/// Compiling the schemas an example reaches is the most expensive part of a lint run and depends on nothing the
/// other rules do, so the walk only queues checks here. Each finding records how many findings preceded it when
/// it was asked for, so the merged list is the one a single-threaded run makes. When no thread can be started,
/// the checks queue up and run on the caller's thread in `finish()`.
final class ExampleChecks: @unchecked Sendable {
    private let validator: ExampleValidator
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var pending: [ExampleCheck] = []
    private var isClosed = false
    // The walk's thread only.
    private var batch: [ExampleCheck] = []
    private var worker: BackgroundJob?
    // The worker's thread only, until it is joined.
    private var found: [(index: Int, finding: Diagnostic)] = []

    /// Checks queued before the worker is woken (fewer lock round trips than one per check).
    private static let batchSize = 16

    init(validator: ExampleValidator) {
        self.validator = validator
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        // The job holds this object until `finish()` joins it.
        worker = BackgroundJob { self.work() }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Queues one check.
    func check(_ check: ExampleCheck) {
        batch.append(check)
        if batch.count >= Self.batchSize { flush() }
    }

    /// Waits for every queued check; returns the findings, each with its place among the run's findings, in the
    /// order the checks were queued.
    func finish() -> [(index: Int, finding: Diagnostic)] {
        guard let worker else { return found }
        flush()
        pthread_mutex_lock(mutex)
        isClosed = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        // Without a thread of its own, the job runs `work()` here: it finds every check queued and closed.
        worker.join()
        self.worker = nil
        return found
    }

    private func flush() {
        guard !batch.isEmpty else { return }
        pthread_mutex_lock(mutex)
        pending.append(contentsOf: batch)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        batch.removeAll(keepingCapacity: true)
    }

    /// The worker thread: takes whatever is queued, runs it, until closed and drained.
    private func work() {
        var taken: [ExampleCheck] = []
        while true {
            pthread_mutex_lock(mutex)
            while pending.isEmpty && !isClosed { pthread_cond_wait(condition, mutex) }
            swap(&taken, &pending)
            let closed = isClosed
            pthread_mutex_unlock(mutex)
            for check in taken { run(check) }
            taken.removeAll(keepingCapacity: true)
            if closed {
                pthread_mutex_lock(mutex)
                let drained = pending.isEmpty
                pthread_mutex_unlock(mutex)
                if drained { return }
            }
        }
    }

    private func run(_ check: ExampleCheck) {
        guard let problem = validator.firstViolation(of: check.value, schemaFile: check.schemaFile, schemaTokens: check.schemaTokens) else { return }
        let severity = RuleCatalog.rule(check.ruleId)?.severity ?? .error
        let finding = Diagnostic(severity: severity, code: check.ruleId, message: FindingCollector.oneLine(check.messagePrefix + problem),
                                 location: check.location, pointer: pointerText(check.findingTokens))
        found.append((check.findingIndex, finding))
    }
}
