import Foundation
import Testing
@testable import Sidecar

/// The abuse suite: its tests run one at a time, so each one's memory and latency figures are its own.
@Suite(.serialized) struct AbuseSuite {}

/// The contract the abuse suite runs against: a cheap probe route, a JSON body, and two catastrophic
/// regular expressions (in a path parameter and in a body property).
let abuseSpec = """
openapi: 3.1.0
info: {title: Abuse, version: "1"}
paths:
  /ping:
    get:
      operationId: ping
      responses: {"200": {description: ok}}
  /items:
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: [object, array], properties: {name: {type: string}}}
      responses: {"201": {description: created}}
  /regex/{value}:
    get:
      operationId: regexPath
      parameters:
        - {name: value, in: path, required: true, schema: {type: string, pattern: "^(a+)+$"}}
      responses: {"200": {description: ok}}
  /regex-body:
    post:
      operationId: regexBody
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                text: {type: string, pattern: "^(a|aa)+$"}
                email: {type: string, pattern: "^([a-zA-Z0-9])(([\\\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$"}
      responses: {"201": {description: created}}
"""

/// How long a probe request may take while an attack runs (generous for a loaded 2-core machine).
let probeLatencyBound = 2.0
/// How much the process may hold on to (MiB) after one attack, and how far above its starting point its peak
/// may go during it. Generous because other suites run in the same process meanwhile (the tests that build
/// validators for the four large real specs hold a few hundred MiB for a while: 192 MiB was once exceeded
/// by 310 in a full run); the memory attacks (1 GiB gzip bomb, 1 GiB streamed body) would pass 1 GiB if
/// they were not bounded, so these bounds still catch them.
let retainedGrowthBound = 512.0
let peakGrowthBound = 768.0

/// Starts the abuse proxy, runs `attack` (blocking work is the closure's own business) while a probe sends
/// valid requests, then checks the probe: every request answered 200, none slower than the bound; and the
/// process's resident memory, retained and peak, stayed under the bounds.
func underAttack(configure: @escaping (inout SidecarSettings) -> Void = { _ in },
                 _ attack: @escaping @Sendable (_ port: Int, _ harness: Harness) async throws -> Void) async throws {
    let harness = try await Harness.start(spec: abuseSpec, configure: configure) { head, _ in
        RecordingUpstream.Answer(status: head.method == .POST ? 201 : 200, headers: [], body: "")
    }
    let before = residentMegabytes()
    resetPeakResident()
    let probe = ResponsivenessProbe(port: harness.port, request: "GET /ping HTTP/1.1\r\nHost: h\r\n\r\n")
    probe.start()
    do {
        try await attack(harness.port, harness)
    } catch {
        _ = await probe.stop()
        await harness.stop()
        throw error
    }
    // At least a few probe requests, so a short attack is still measured against something.
    for _ in 0..<100 where probe.count < 3 { try await Task.sleep(for: .milliseconds(20)) }
    let (latencies, failures) = await probe.stop()
    let after = residentMegabytes()
    let peak = peakResidentMegabytes()
    await harness.stop()
    #expect(latencies.count >= 3, "the probe ran")
    #expect(failures.isEmpty, "probe failures: \(failures.prefix(5))")
    let slowest = latencies.max() ?? 0
    #expect(slowest < probeLatencyBound, "slowest probe took \(slowest) s")
    #expect(after - before < retainedGrowthBound, "resident memory grew from \(before) to \(after) MiB")
    #expect(peak - before < peakGrowthBound, "resident memory peaked at \(peak) MiB from \(before) MiB")
}

/// Seconds `work` took.
func seconds(_ work: () throws -> Void) rethrows -> Double {
    let started = DispatchTime.now().uptimeNanoseconds
    try work()
    return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
}

/// Sends one request on a fresh connection off the cooperative pool; the answer (with `awaitClose`, also
/// whether the proxy then closed the connection, waiting up to a second for it) and how long the answer took.
func timedExchange(port: Int, _ request: [UInt8], timeoutMilliseconds: Int = 5_000, awaitClose: Bool = false) async -> (result: RawClient.Result, seconds: Double) {
    await OffPool.run {
        var result = RawClient.Result(bytes: [], closedByServer: false)
        guard let connection = RawConnection(port: port) else { return (result, 0) }
        defer { connection.shutdown() }
        let took = seconds {
            connection.send(request)
            result = connection.receive(milliseconds: timeoutMilliseconds, responses: 1)
        }
        if awaitClose, !result.closedByServer {
            let rest = connection.receive(milliseconds: 1_000)
            result = RawClient.Result(bytes: result.bytes + rest.bytes, closedByServer: rest.closedByServer)
        }
        return (result, took)
    }
}

/// Requests the upstream received other than the probe's.
func attackRequestsForwarded(_ harness: Harness) -> Int {
    harness.upstream?.requests.filter { $0.head.uri != "/ping" }.count ?? -1
}
