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
    private var body: (() -> Void)?
    private var thread: pthread_t?

    public init(_ body: @escaping () -> Void) {
        self.body = body
        var started = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&started, nil, { raw in
            guard let raw else { return nil }
            if ShortRunMemory.advisesThreadHeaps { ShortRunMemory.adviseThreadHeap() }
            Unmanaged<BackgroundJob>.fromOpaque(raw).takeRetainedValue().body?()
            return nil
        }, context)
        if status == 0 {
            thread = started
        } else {
            Unmanaged<BackgroundJob>.fromOpaque(context).release()
        }
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
