import Foundation
import Testing
@testable import Sidecar

/// Connection-level abuse: slow heads and bodies, many idle connections, oversized heads, ReDoS input.
extension AbuseSuite {
@Suite(.timeLimit(.minutes(1)))
struct ConnectionAttacks {
    /// 50 connections trickle a head one byte every 100 ms; each is closed at the header timeout
    /// although bytes keep arriving (an idle timeout alone would never fire).
    @Test func headsTrickledByteByByteAreCutOffAtTheHeaderTimeout() async throws {
        try await underAttack(configure: { $0.headerTimeoutMilliseconds = 600 }) { port, harness in
            let closedAfter = await OffPool.run { () -> [Double] in
                let head = Array("GET /ping HTTP/1.1\r\nHost: h\r\nX-Padding: \(String(repeating: "p", count: 200))\r\n\r\n".utf8)
                // Timed from before connecting: the header timeout runs from the connection opening.
                let started = DispatchTime.now().uptimeNanoseconds
                let connections = (0..<50).compactMap { _ in RawConnection(port: port) }
                var closedAt = [Double?](repeating: nil, count: connections.count)
                var offset = 0
                while offset < head.count - 2, closedAt.contains(where: { $0 == nil }) {
                    for (index, connection) in connections.enumerated() where closedAt[index] == nil {
                        if !connection.send([head[offset]]) || connection.hasClosed() {
                            closedAt[index] = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                        }
                    }
                    offset += 1
                    Thread.sleep(forTimeInterval: 0.1)
                }
                connections.forEach { $0.shutdown() }
                return closedAt.map { $0 ?? .infinity }
            }
            #expect(closedAfter.count == 50)
            #expect(closedAfter.allSatisfy { $0 >= 0.55 && $0 < 2.5 }, "closed after \(closedAfter.min() ?? 0)...\(closedAfter.max() ?? 0) s")
            #expect(attackRequestsForwarded(harness) == 0)
        }
    }

    @Test func aBodyThatStallsGets408AtTheBodyIdleTimeout() async throws {
        try await underAttack(configure: { $0.bodyIdleTimeoutMilliseconds = 500 }) { port, harness in
            let (result, took) = await OffPool.run { () -> (RawClient.Result, Double) in
                guard let connection = RawConnection(port: port) else { return (RawClient.Result(bytes: [], closedByServer: false), 0) }
                defer { connection.shutdown() }
                var result = RawClient.Result(bytes: [], closedByServer: false)
                let took = seconds {
                    connection.send("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":")
                    result = connection.receive(milliseconds: 3_000, responses: 1)
                }
                return (result, took)
            }
            #expect(result.finalResponses.first?.status == 408)
            #expect(took >= 0.4 && took < 2, "answered after \(took) s")
            #expect(attackRequestsForwarded(harness) == 0)
        }
    }

    /// A byte every 100 ms never trips a 500 ms idle timeout, but is far under the minimum rate.
    @Test func aBodyTrickledUnderTheMinimumRateGets408() async throws {
        try await underAttack(configure: { $0.bodyIdleTimeoutMilliseconds = 500; $0.minimumBodyBytesPerSecond = 1_000 }) { port, harness in
            let (result, took) = await OffPool.run { () -> (RawClient.Result, Double) in
                guard let connection = RawConnection(port: port) else { return (RawClient.Result(bytes: [], closedByServer: false), 0) }
                defer { connection.shutdown() }
                let started = DispatchTime.now().uptimeNanoseconds
                connection.send("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
                var answer = RawClient.Result(bytes: [], closedByServer: false)
                for _ in 0..<60 {
                    guard connection.send(" ") else { break }
                    answer = connection.receive(milliseconds: 100, responses: 1)
                    if !answer.finalResponses.isEmpty || answer.closedByServer { break }
                }
                return (answer, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            }
            #expect(result.finalResponses.first?.status == 408, "\(result.text.prefix(300))")
            #expect(result.text.contains("bytes per second"))
            #expect(took >= 0.4 && took < 3, "answered after \(took) s")
            #expect(attackRequestsForwarded(harness) == 0)
        }
    }

    @Test func aThousandIdleConnectionsDoNotStarveOthersAndAreClosed() async throws {
        try await underAttack(configure: { $0.headerTimeoutMilliseconds = 1_500 }) { port, harness in
            let connections = await OffPool.run { (0..<1_000).compactMap { _ in RawConnection(port: port) } }
            #expect(connections.count == 1_000)
            // The probe keeps running meanwhile; then every idle connection must be closed by the proxy.
            let allClosed = await OffPool.run { () -> Bool in
                let deadline = DispatchTime.now().uptimeNanoseconds + 6_000_000_000
                var open = connections
                while !open.isEmpty, DispatchTime.now().uptimeNanoseconds < deadline {
                    open = open.filter { !$0.hasClosed() }
                    if !open.isEmpty { Thread.sleep(forTimeInterval: 0.1) }
                }
                return open.isEmpty
            }
            connections.forEach { $0.shutdown() }
            #expect(allClosed, "the proxy closed every idle connection")
            try await Task.sleep(for: .milliseconds(200))
            #expect(harness.runtime.services.connections.count < 10)
        }
    }

    @Test func tooManyHeaderFieldsGet431() async throws {
        try await underAttack { port, harness in
            let fields = (0..<150).map { "X-Field-\($0): v\r\n" }.joined()
            let (result, took) = await timedExchange(port: port, Array("GET /ping HTTP/1.1\r\nHost: h\r\n\(fields)\r\n".utf8))
            #expect(result.finalResponses.first?.status == 431)
            #expect(took < 2)
            #expect(attackRequestsForwarded(harness) == 0)
        }
    }

    @Test func hugeAndNumerousHeadersAreRefusedAndTheConnectionClosed() async throws {
        try await underAttack { port, harness in
            let huge = "GET /ping HTTP/1.1\r\nHost: h\r\nX-Huge: \(String(repeating: "a", count: 1 << 20))\r\n\r\n"
            let numerous = "GET /ping HTTP/1.1\r\nHost: h\r\n" + (0..<20_000).map { "X-\($0): v\r\n" }.joined() + "\r\n"
            for request in [huge, numerous] {
                let (result, took) = await timedExchange(port: port, Array(request.utf8), awaitClose: true)
                let status = result.finalResponses.first?.status ?? 0
                #expect(status == 431, "\(result.text.prefix(200))")
                #expect(result.closedByServer)
                #expect(took < 3)
            }
            #expect(attackRequestsForwarded(harness) == 0)
        }
    }

    /// Patterns that are costly to compile (nested counted repetition, a 100,000-character pattern) make the
    /// spec refused at load, in milliseconds; they never reach a request.
    @Test func patternsCostlyToCompileAreRefusedAtLoadQuickly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for pattern in ["^((a{1,1000}){1,1000}){1,1000}$", "^(" + String(repeating: "a|", count: 50_000) + "b)$"] {
            let spec = abuseSpec.replacingOccurrences(of: "pattern: \"^(a+)+$\"", with: "pattern: \"\(pattern)\"")
            #expect(spec != abuseSpec)
            let path = try directory.write("costly.yaml", spec)
            var loaded = false
            let took = seconds { loaded = (try? SpecLoader.load(path: path, options: SidecarRuntime.validationOptions(SidecarSettings(specPath: path))).get()) != nil }
            #expect(took < 2, "settled in \(took) s (loaded: \(loaded))")
            #expect(!loaded, "the spec is refused: the pattern is over PCRE2's size or the pattern length limit")
        }
    }

    @Test func catastrophicPatternsStayBounded() async throws {
        try await underAttack { port, _ in
            let evil = String(repeating: "a", count: 5_000) + "b"
            let body = #"{"text":"\#(String(repeating: "a", count: 100_000))b","email":"\#(String(repeating: "a", count: 50_000))!"}"#
            for _ in 0..<5 {
                let (path, pathSeconds) = await timedExchange(port: port, Wire.get("/regex/" + evil))
                #expect(path.finalResponses.first?.status == 400)
                #expect(pathSeconds < 1, "path pattern took \(pathSeconds) s")
                let (result, bodySeconds) = await timedExchange(port: port, Wire.post(body, target: "/regex-body"))
                #expect(result.finalResponses.first?.status == 400)
                #expect(bodySeconds < 1, "body patterns took \(bodySeconds) s")
            }
            let (valid, _) = await timedExchange(port: port, Wire.get("/regex/aaaa"))
            #expect(valid.finalResponses.first?.status == 200)
        }
    }
}
}
