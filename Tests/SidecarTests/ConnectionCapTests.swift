import Foundation
import Testing
@testable import Sidecar

/// `max-connections`: over the cap a new client connection is closed at once; a freed slot serves again.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ConnectionCapTests {
    static let request = "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n"
    static let item: @Sendable (NIOHTTP1Head, [UInt8]) -> RecordingUpstream.Answer = { _, _ in
        RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#)
    }

    /// Opens a connection and completes one exchange on it, leaving it open (idle, kept alive).
    static func servedConnection(port: Int) -> RawConnection? {
        guard let connection = RawConnection(port: port) else { return nil }
        connection.send(request)
        guard connection.receive(milliseconds: 3_000, responses: 1).responses.first?.status == 200 else {
            connection.shutdown()
            return nil
        }
        return connection
    }

    @Test func connectionOverTheCapIsClosedAtOnceAndAFreedSlotServesAgain() async throws {
        let harness = try await Harness.start(configure: { $0.maximumConnections = 2 }, respond: Self.item)
        let port = harness.port
        let outcome = await OffPool.run { () -> (held: Int, refusedAfter: Double?, servedAfterFreeing: Bool) in
            let held = [Self.servedConnection(port: port), Self.servedConnection(port: port)].compactMap { $0 }
            // Each descriptor is closed exactly once: closing one twice could close a descriptor number another
            // test (running in parallel) has been given meanwhile.
            defer { held.dropFirst().forEach { $0.shutdown() } }
            var refusedAfter: Double?
            if let third = RawConnection(port: port) {
                let started = Date()
                third.send(Self.request)
                let result = third.receive(milliseconds: 2_000)
                if result.closedByServer && result.responses.isEmpty { refusedAfter = Date().timeIntervalSince(started) }
                third.shutdown()
            }
            held.first?.shutdown()
            // The server learns of the close asynchronously: retry until a new connection is served (bounded).
            let deadline = Date().addingTimeInterval(5)
            var served = false
            while !served, Date() < deadline {
                if let fresh = Self.servedConnection(port: port) {
                    served = true
                    fresh.shutdown()
                } else {
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            return (held.count, refusedAfter, served)
        }
        await harness.stop()
        #expect(outcome.held == 2)
        let refusedAfter = try #require(outcome.refusedAfter, "the third connection was not closed without an answer")
        #expect(refusedAfter < 1)
        #expect(outcome.servedAfterFreeing)
    }

    @Test func refusedConnectionsAndOpenConnectionsAreInTheMetrics() async throws {
        let harness = try await Harness.start(configure: {
            $0.maximumConnections = 1
            $0.adminListen = HostPort(host: "127.0.0.1", port: 0)
        }, respond: Self.item)
        let port = harness.port
        let adminPort = try #require(harness.runtime.adminPort)
        let metrics = await OffPool.run { () -> String in
            let held = Self.servedConnection(port: port)
            defer { held?.shutdown() }
            if let refused = RawConnection(port: port) {
                _ = refused.receive(milliseconds: 2_000)
                refused.shutdown()
            }
            let response = RawClient.exchange(port: adminPort, "GET /metrics HTTP/1.1\r\nHost: admin\r\n\r\n", expectedResponses: 1)
            return String(decoding: response.responses.first?.body ?? [], as: UTF8.self)
        }
        await harness.stop()
        #expect(metrics.contains("specguard_connections_refused_total 1"))
        #expect(metrics.contains("specguard_open_connections 1"))
    }

    @Test func zeroMeansNoCap() async throws {
        let harness = try await Harness.start(configure: { $0.maximumConnections = 0 }, respond: Self.item)
        let port = harness.port
        let served = await OffPool.run { () -> Int in
            let connections = (0..<5).compactMap { _ in Self.servedConnection(port: port) }
            connections.forEach { $0.shutdown() }
            return connections.count
        }
        await harness.stop()
        #expect(served == 5)
    }

    @Test func gateAdmitsUpToTheCapAndAgainAfterAClose() {
        let gate = ConnectionGate(maximum: 2, metrics: SidecarMetrics())
        #expect(gate.admit())
        #expect(gate.admit())
        #expect(!gate.admit())
        gate.closed()
        #expect(gate.admit())
        #expect(gate.openCount == 2)
    }

    @Test func maxConnectionsIsReadFromTheConfigFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("specguard.yaml", """
            proxy:
              max-connections: 250
            mock:
              max-connections: 0
            """)
        let root = try ConfigFile.read(path: path).get()
        var proxy = SidecarSettings(specPath: "")
        try ConfigFile.apply(root, section: "proxy", to: &proxy).get()
        var mock = SidecarSettings(specPath: "")
        try ConfigFile.apply(root, section: "mock", to: &mock).get()
        #expect(proxy.maximumConnections == 250)
        #expect(mock.maximumConnections == 0)
        #expect(SidecarSettings(specPath: "").maximumConnections == 10_000)
    }
}
