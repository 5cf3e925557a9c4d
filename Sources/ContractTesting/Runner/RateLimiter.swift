/// Spaces requests evenly so that at most `perSecond` start each second, across all workers.
actor RateLimiter {
    private let interval: Duration
    private var next: ContinuousClock.Instant
    private let clock = ContinuousClock()

    init(perSecond: Double) {
        let rate = perSecond.isFinite ? min(max(perSecond, 0.001), 1_000_000_000) : 1_000_000_000
        self.interval = .nanoseconds(Int64(1_000_000_000 / rate))
        self.next = clock.now
    }

    /// Waits for the next free slot.
    func acquire() async {
        let now = clock.now
        let slot = max(now, next)
        next = slot + interval
        if slot > now { try? await clock.sleep(until: slot) }
    }
}

/// Hands out work items to concurrent workers.
actor WorkQueue {
    private var position = 0
    private let count: Int
    init(count: Int) { self.count = count }

    func take() -> Int? {
        guard position < count else { return nil }
        defer { position += 1 }
        return position
    }
}
