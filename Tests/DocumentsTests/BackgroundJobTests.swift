import Documents
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Background jobs run their closure on a thread of their own, at the priority asked for.
struct BackgroundJobTests {
    #if os(Linux)
    static func niceOfThisThread() -> Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    @Test func aLowPriorityJobRunsFiveNiceStepsLowerAndLeavesItsCallerAlone() {
        let caller = Self.niceOfThisThread()
        let seen = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
        defer { seen.deallocate() }
        seen.initialize(repeating: -100, count: 2)
        let low = BackgroundJob(priority: .low) { seen[0] = Self.niceOfThisThread() }
        let normal = BackgroundJob { seen[1] = Self.niceOfThisThread() }
        low.join()
        normal.join()
        #expect(seen[0] == min(19, caller + 5))
        #expect(seen[1] == caller)
        #expect(Self.niceOfThisThread() == caller)
    }
    #endif

    @Test func everyJobRunsOnceAndJoinWaitsForIt() {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 8)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 8)
        let jobs = (0..<8).map { index in BackgroundJob(priority: index % 2 == 0 ? .low : .normal) { counts[index] += 1 } }
        for job in jobs { job.join() }
        for job in jobs { job.join() }
        #expect((0..<8).allSatisfy { counts[$0] == 1 })
    }
}
