import NIOCore
import NIOPosix

/// Gathers the log lines written on an event loop's thread during one round of the loop and writes them with one call
/// at its end, instead of one `write` per line: with the access log on, a busy loop finishes many exchanges a round
/// (README → Performance → Access log). Lines written off an event loop are written at once; a round's
/// lines are written before the loop handles anything else, in the order they were logged, and also when 64 KiB have
/// gathered. What a thread has gathered is written when it ends (the variable's value goes with the thread), so a
/// loop's last round is not lost at shutdown; a crash loses at most that round's lines.
final class LineBatcher: Sendable {
    /// One thread's gathered bytes (only ever touched on that thread).
    private final class Batch: @unchecked Sendable {
        var bytes: [UInt8] = []
        var flushScheduled = false
        let write: @Sendable ([UInt8]) -> Void

        init(write: @escaping @Sendable ([UInt8]) -> Void) {
            self.write = write
            bytes.reserveCapacity(16 * 1024)
        }

        func flush() {
            guard !bytes.isEmpty else { return }
            write(bytes)
            bytes.removeAll(keepingCapacity: true)
        }

        deinit { flush() }
    }

    static let flushThreshold = 64 * 1024

    private let batches = ThreadSpecificVariable<Batch>()
    private let write: @Sendable ([UInt8]) -> Void

    /// Lines go to `write`, one call per round (or per line off an event loop).
    init(write: @escaping @Sendable ([UInt8]) -> Void) {
        self.write = write
    }

    /// Adds `line` (ending in a newline).
    func append(_ line: UnsafeBufferPointer<UInt8>) {
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else {
            write(Array(line))
            return
        }
        let batch: Batch
        if let existing = batches.currentValue {
            batch = existing
        } else {
            batch = Batch(write: write)
            batches.currentValue = batch
        }
        batch.bytes.append(contentsOf: line)
        if batch.bytes.count >= Self.flushThreshold {
            batch.flush()
            return
        }
        guard !batch.flushScheduled else { return }
        batch.flushScheduled = true
        loop.assumeIsolated().execute {
            batch.flushScheduled = false
            batch.flush()
        }
    }
}
