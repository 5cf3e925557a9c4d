import Testing
@testable import Sidecar

/// Sends one `GET` per target through a proxy for `spec` (in enforce mode, to a recording upstream that answers 200), and
/// checks that every forwarded request, and only those, reached the upstream. The path-reading suites (servlet, PHP,
/// format suffix, CherryPy) share it.
enum PathProbe {
    static func get(spec: String, _ targets: [String]) async throws -> [(target: String, status: Int?, body: String)] {
        let harness = try await Harness.start(spec: spec, respond: { _, _ in RecordingUpstream.Answer(headers: [], body: "") })
        var outcomes: [(String, Int?, String)] = []
        for target in targets {
            let result = RawClient.exchange(port: harness.port, "GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
            outcomes.append((target, result.responses.first?.status, String(decoding: result.responses.first?.body ?? [], as: UTF8.self)))
        }
        let count = harness.upstream?.requestCount ?? -1
        await harness.stop()
        #expect(count == outcomes.filter { $0.1 == 200 }.count, "every forwarded request and only those reached the upstream")
        return outcomes
    }
}
