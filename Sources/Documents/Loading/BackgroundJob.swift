#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a closure on a thread of its own; `join()` waits for it to end. When no thread can be started, `join()`
/// runs the closure on the caller's thread, so the work is done either way.
///
/// A plain thread rather than a `Task`: the readers and the linter are synchronous, and waiting for a task from
/// synchronous code would block a thread of the cooperative pool (two threads on a two-core machine).
public final class BackgroundJob: @unchecked Sendable {
    /// How the job's thread competes for the CPU with the others.
    public enum Priority: Sendable {
        case normal
        /// Runs when the jobs at normal priority leave a core free (Linux: five nice steps lower, this thread only). For work that
        /// others feed (the linter's example checks wait for what the walkers find) or that nothing waits for
        /// until the end (the model rules): the feeders then finish first, and the rest share both cores at the end
        /// instead of one job finishing alone.
        case low
    }

    private var body: (() -> Void)?
    private var thread: pthread_t?
    private let priority: Priority

    public init(priority: Priority = .normal, _ body: @escaping () -> Void) {
        self.body = body
        self.priority = priority
        var started = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&started, nil, { raw in
            guard let raw else { return nil }
            BackgroundJob.runOnItsThread(Unmanaged<BackgroundJob>.fromOpaque(raw).takeRetainedValue())
            return nil
        }, context)
        if status == 0 {
            thread = started
        } else {
            Unmanaged<BackgroundJob>.fromOpaque(context).release()
        }
    }

    private static func runOnItsThread(_ job: BackgroundJob) {
        if ShortRunMemory.advisesThreadHeaps { ShortRunMemory.adviseThreadHeap() }
        if job.priority == .low { lowerThisThreadsPriority() }
        job.body?()
    }

    /// Five nice steps lower for the calling thread only (on Linux `setpriority` with `PRIO_PROCESS` and 0 names the
    /// calling thread; elsewhere it would name the whole process, so it is left alone there). Relative to the nice
    /// the thread started with (its creator's), at most 19. Only ever called on a job's own thread: a job that runs
    /// on its caller's thread keeps the caller's priority.
    static func lowerThisThreadsPriority() {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let current = getpriority(which, 0)
        guard errno == 0 else { return }
        _ = setpriority(which, 0, min(19, current + 5))
        #endif
    }

    /// Waits for the closure to finish (runs it here when it has no thread); later calls return at once.
    public func join() {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        } else {
            body?()
        }
        body = nil
    }
}
