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
    /// How many findings the asking walker had when the check was asked for: where its finding goes among them.
    var findingIndex: Int
    /// Which walker asked (their findings are merged separately).
    var producer: Int
    /// How many checks that walker had asked for before this one.
    var sequence: Int
}

/// A finding of an example check: where it goes among its walker's findings, and which of that walker's checks made it.
struct DeferredFinding {
    var index: Int
    var sequence: Int
    var finding: Diagnostic
}

/// Validates examples and defaults on a second thread while the walk and the model rules go on.
///
/// Compiling the schemas an example reaches is the most expensive part of a lint run and depends on nothing the
/// other rules do, so the walk only queues checks here. Each finding records how many findings preceded it when
/// it was asked for, so the merged list is the one a single-threaded run makes. Two walkers may queue checks at once.
/// When no thread can be started, the checks queue up and run on the caller's thread in `finish()`.
final class ExampleChecks: @unchecked Sendable {
    private let validator: ExampleValidator
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var pending: [ExampleCheck] = []
    private var isClosed = false
    // The thread that calls `finish()` only.
    private var worker: BackgroundJob?
    // The worker's thread only, until it is joined.
    private var found: [(check: ExampleCheck, finding: Diagnostic)] = []

    init(validator: ExampleValidator) {
        self.validator = validator
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        // The job holds this object until `finish()` joins it.
        // Low priority: the checks can only go as fast as the walkers find them, so the walkers go first.
        worker = BackgroundJob(priority: .low) { self.work() }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Queues one check (from any thread).
    func check(_ check: ExampleCheck) {
        pthread_mutex_lock(mutex)
        pending.append(check)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for every queued check (every producer must be done); returns the findings of `producer` after
    /// `producer`, each with its place among that producer's findings, in the order the checks were queued.
    func finish() -> [[DeferredFinding]] {
        if let worker {
            pthread_mutex_lock(mutex)
            isClosed = true
            pthread_cond_signal(condition)
            pthread_mutex_unlock(mutex)
            // Without a thread of its own, the job runs `work()` here: it finds every check queued and closed.
            worker.join()
            self.worker = nil
        }
        var byProducer: [[DeferredFinding]] = []
        for (check, finding) in found {
            while byProducer.count <= check.producer { byProducer.append([]) }
            byProducer[check.producer].append(DeferredFinding(index: check.findingIndex, sequence: check.sequence, finding: finding))
        }
        return byProducer
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
        found.append((check, finding))
    }
}
