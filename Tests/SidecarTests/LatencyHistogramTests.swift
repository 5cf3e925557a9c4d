import Prometheus
import Schemas
import Testing
@testable import Sidecar

/// The proxy's own latency histogram writes what swift-prometheus's `DurationHistogram` writes for the same values.
@Suite struct LatencyHistogramTests {
    static let buckets: [Duration] = [.microseconds(50), .microseconds(100), .microseconds(250), .milliseconds(1), .milliseconds(2.5),
                                      .seconds(1), .seconds(10)]

    /// The registry's text for one `DurationHistogram` named `name` holding `values`.
    func registryText(_ name: String, help: String, _ values: [Int64]) -> String {
        let registry = PrometheusCollectorRegistry()
        let histogram = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), buckets: Self.buckets)
        for value in values { histogram.recordNanoseconds(value) }
        return String(decoding: registry.emitToBuffer(), as: UTF8.self)
    }

    func ownText(_ name: String, help: String, _ values: [Int64]) -> String {
        let histogram = LatencyHistogram(name: name, help: help, buckets: Self.buckets)
        for value in values { histogram.recordNanoseconds(value) }
        var buffer: [UInt8] = []
        histogram.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test("no values, one value per bucket edge, and 5,000 random values give the registry's text")
    func sameTextAsTheRegistry() {
        let help = #"Time spent \ validating"#
        #expect(ownText("t_seconds", help: help, []) == registryText("t_seconds", help: help, []))
        // Each bound, one nanosecond either side, zero and values past the last bound.
        var edges: [Int64] = [0, 1, 20_000_000_000, .max / 4]
        for bound: Int64 in [50_000, 100_000, 250_000, 1_000_000, 2_500_000, 1_000_000_000, 10_000_000_000] {
            edges += [bound - 1, bound, bound + 1]
        }
        #expect(ownText("t_seconds", help: help, edges) == registryText("t_seconds", help: help, edges))
        var generator = SeededRandom(seed: 20261203)
        let random = (0..<5_000).map { _ in Int64(generator.next() % 12_000_000_000) >> Int64(generator.next() % 30) }
        let own = ownText("t_seconds", help: help, random)
        #expect(own == registryText("t_seconds", help: help, random))
        #expect(own.contains("t_seconds_count 5000\n"))
    }

    @Test("values recorded from several threads at once are all counted")
    func concurrentRecording() async {
        let histogram = LatencyHistogram(name: "c_seconds", help: "h", buckets: Self.buckets)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for index in 0..<10_000 { histogram.recordNanoseconds(Int64((task * 10_000 + index) * 1_000)) }
                }
            }
        }
        var buffer: [UInt8] = []
        histogram.emit(into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(text.contains("c_seconds_count 40000\n"))
        #expect(text.contains("c_seconds_bucket{le=\"+Inf\"} 40000\n"))
        // 0, 1, ..., 50 microseconds: 51 values at or under the first bound.
        #expect(text.contains("c_seconds_bucket{le=\"\(Duration.microseconds(50).bucketRepresentation)\"} 51\n"))
    }
}
