#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
@testable import Sidecar

/// The upstream connect and idle timeouts.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct UpstreamTimeoutTests {
    /// A listening socket whose accept queue is full (backlog 0, never accepted, filled by a few connections):
    /// the kernel drops further SYNs, so a connect to it hangs until the connecting side gives up.
    final class Blackhole {
        let port: Int
        private var descriptors: [Int32] = []

        init() throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            descriptors.append(listener)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard listen(listener, 0) == 0 else { throw POSIXError(.EADDRINUSE) }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
            port = Int(UInt16(bigEndian: address.sin_port))
            for _ in 0..<4 {
                let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
                descriptors.append(filler)
                _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            }
            usleep(100_000)
        }

        deinit { for descriptor in descriptors { close(descriptor) } }
    }

    @Test func anUpstreamThatNeverAcceptsGives502AfterTheConnectTimeout() async throws {
        let blackhole = try Blackhole()
        let harness = try await Harness.start(configure: {
            $0.upstream = UpstreamAddress(useTLS: false, host: "127.0.0.1", port: blackhole.port)
            $0.connectTimeoutMilliseconds = 300
            $0.requestTimeoutMilliseconds = 10_000
        })
        let started = ContinuousClock.now
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        let elapsed = ContinuousClock.now - started
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 502)
        #expect(String(decoding: response.body, as: UTF8.self).contains("upstream-unavailable"))
        // The connect timeout (300 ms), not the request timeout (10 s), ended the wait.
        #expect(elapsed < .seconds(3))
        #expect(elapsed >= .milliseconds(250))
    }

    @Test func idleUpstreamConnectionsAreClosedAfterTheIdleTimeout() async throws {
        let harness = try await Harness.start(configure: { $0.idleTimeoutMilliseconds = 200 }) { _, _ in
            RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#)
        }
        let upstream = try #require(harness.upstream)
        #expect(RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").responses.first?.status == 200)
        #expect(RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").responses.first?.status == 200)
        let reused = upstream.connectionCount
        try await Task.sleep(for: .milliseconds(700))
        let closedWhileIdle = upstream.closedConnectionCount
        #expect(RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").responses.first?.status == 200)
        let after = upstream.connectionCount
        await harness.stop()
        #expect(reused == 1)
        #expect(closedWhileIdle == 1)
        #expect(after == 2)
    }

    @Test func aKeptAliveUpstreamConnectionStillTimesOutOnALaterExchange() async throws {
        // The deadline timer is armed once per connection: the first exchange's timer must re-arm for the second one's deadline.
        let answered = NIOLockedValueBox(0)
        let harness = try await Harness.start(configure: { $0.requestTimeoutMilliseconds = 300 }) { _, _ in
            let index = answered.withLockedValue { count in count += 1; return count }
            return RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#, delayMilliseconds: index == 1 ? 0 : 2_000)
        }
        let first = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        try await Task.sleep(for: .milliseconds(150))
        let started = ContinuousClock.now
        let second = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        let elapsed = ContinuousClock.now - started
        let connections = harness.upstream?.connectionCount
        await harness.stop()
        #expect(first.responses.first?.status == 200)
        #expect(second.responses.first?.status == 504)
        #expect(connections == 1)
        #expect(elapsed >= .milliseconds(250))
        #expect(elapsed < .milliseconds(1_500))
    }
}
