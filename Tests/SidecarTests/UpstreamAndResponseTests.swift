import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
@testable import Sidecar
import Validation

@Suite(.serialized, .timeLimit(.minutes(1)))
struct UpstreamAndResponseTests {
    @Test func upstreamDownGives502ProblemDocument() async throws {
        let harness = try await Harness.start(upstreamUp: false)
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        let metrics = String(decoding: harness.runtime.services.metrics.exposition(), as: UTF8.self)
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 502)
        #expect(response.headers.first("Content-Type") == "application/problem+json")
        #expect(String(decoding: response.body, as: UTF8.self).contains("upstream-unavailable"))
        #expect(metrics.contains(#"outcome="upstream_unavailable""#))
    }

    @Test func upstreamTooSlowGives504ProblemDocument() async throws {
        let harness = try await Harness.start(configure: { $0.requestTimeoutMilliseconds = 200 }) { _, _ in
            RecordingUpstream.Answer(body: #"{"id":1,"name":"late"}"#, delayMilliseconds: 1_500)
        }
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 504)
        #expect(String(decoding: response.body, as: UTF8.self).contains("upstream-timeout"))
    }

    @Test func upstreamConnectionsAreReused() async throws {
        let harness = try await Harness.start(respond: { _, _ in RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#) })
        for _ in 0..<3 {
            let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            #expect(result.responses.first?.status == 200)
        }
        let text = harness.upstream?.rawText ?? ""
        await harness.stop()
        // Three requests on the upstream side, none asking to close: one kept-alive connection carried them.
        #expect(text.components(separatedBy: "GET /items/1 HTTP/1.1").count == 4)
        #expect(!text.lowercased().contains("connection: close"))
    }

    @Test func invalidResponseBecomes502InEnforceModeAndIsLoggedNotSent() async throws {
        let harness = try await Harness.start(respond: { _, _ in RecordingUpstream.Answer(body: #"{"id":"seven","secret":"s3cr3t-value"}"#) })
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nX-API-Key: top-secret-key\r\n\r\n", expectedResponses: 1)
        let logs = harness.logs.all
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 502)
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(body.contains("invalid-response"))
        #expect(!body.contains("s3cr3t-value"))
        let line = try #require(logs.first { $0.contains("response-replaced") })
        #expect(line.contains(#""operation":"GET /items/{id}""#))
        #expect(!line.contains("top-secret-key"))
        #expect(!line.contains("s3cr3t-value"))
    }

    @Test func invalidResponsePassesInReportModeAndIsCounted() async throws {
        let harness = try await Harness.start(configure: { $0.mode = .report }) { _, _ in RecordingUpstream.Answer(body: #"{"id":"seven"}"#) }
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        let metrics = String(decoding: harness.runtime.services.metrics.exposition(), as: UTF8.self)
        await harness.stop()
        #expect(result.responses.first?.status == 200)
        #expect(result.responses.first.map { String(decoding: $0.body, as: UTF8.self) } == #"{"id":"seven"}"#)
        #expect(metrics.contains(#"specguard_violations_total{rule="type",direction="response"} 1"#) || metrics.contains(#"direction="response""#))
        #expect(metrics.contains(#"outcome="reported""#))
    }

    @Test func responseOverTheLimitStreamsThroughUnvalidatedAndIsCountedAsSkipped() async throws {
        let big = #"{"id":"not-an-integer","padding":""# + String(repeating: "x", count: 4_000) + #""}"#
        let harness = try await Harness.start(configure: { $0.maximumResponseBodyBytes = 1_000 }) { _, _ in RecordingUpstream.Answer(body: big) }
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        let metrics = String(decoding: harness.runtime.services.metrics.exposition(), as: UTF8.self)
        await harness.stop()
        #expect(result.responses.first?.status == 200)
        #expect(result.responses.first?.body.count == big.utf8.count)
        #expect(metrics.contains("specguard_responses_unvalidated_total 1"))
    }

    /// Buffered answers up to `bodyInHeadBufferLimit` bytes go out in the head's buffer, longer ones after it: both
    /// arrive whole, with their length, on one kept-alive connection (pipelined, so the writes of the two follow each other).
    @Test func bufferedAnswersArriveWholeOnBothSidesOfTheInlineLimit() async throws {
        let limit = ProxyExchange.bodyInHeadBufferLimit
        let prefix = #"{"id":1,"name":""#, suffix = #""}"#
        let sizes = [limit - 1, limit, limit + 1, 3 * limit]
        let bodies = sizes.map { prefix + String(repeating: "n", count: $0 - prefix.utf8.count - suffix.utf8.count) + suffix }
        let harness = try await Harness.start(respond: { head, _ in
            let index = (Int(head.uri.split(separator: "/").last ?? "") ?? 1) - 1
            return RecordingUpstream.Answer(body: bodies[max(0, min(index, bodies.count - 1))])
        })
        let requests = sizes.indices.map { "GET /items/\($0 + 1) HTTP/1.1\r\nHost: h\r\n\r\n" }.joined()
        let result = RawClient.exchange(port: harness.port, requests, expectedResponses: sizes.count)
        await harness.stop()
        #expect(result.responses.count == sizes.count)
        for (response, body) in zip(result.responses, bodies) {
            #expect(response.status == 200)
            #expect(response.headers.first("Content-Length") == String(body.utf8.count))
            #expect(String(decoding: response.body, as: UTF8.self) == body)
        }
    }

    @Test func reportModeForwardsInvalidRequestsAndCountsThem() async throws {
        let harness = try await Harness.start(configure: { $0.mode = .report }) { _, _ in RecordingUpstream.Answer(status: 201, body: #"{"id":1,"name":"x"}"#) }
        let body = #"{"name":""}"#
        let result = RawClient.exchange(port: harness.port, "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)", expectedResponses: 1)
        let metrics = String(decoding: harness.runtime.services.metrics.exposition(), as: UTF8.self)
        let logs = harness.logs.all
        await harness.stop()
        #expect(result.responses.first?.status == 201)
        #expect(harness.upstream?.requestCount == 1)
        #expect(metrics.contains(#"specguard_requests_total{operation="POST /items",outcome="reported"} 1"#))
        #expect(logs.contains { $0.contains("request-violation") && $0.contains("minLength") })
    }

    @Test func hopByHopResponseHeadersAreRemoved() async throws {
        let harness = try await Harness.start(respond: { _, _ in
            RecordingUpstream.Answer(headers: [("Content-Type", "application/json"), ("Keep-Alive", "timeout=9"), ("X-Trace", "t1"), ("Connection", "X-Trace")], body: #"{"id":1,"name":"a"}"#)
        })
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 200)
        #expect(response.headers.first("Keep-Alive") == nil)
        #expect(response.headers.first("X-Trace") == nil)
    }

    @Test func upstreamDroppingKeptAliveConnectionsIsRetriedOnAFreshOne() async throws {
        let harness = try await Harness.start(respond: { _, _ in
            RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#, closeSilently: true)
        })
        var statuses: [Int] = []
        for _ in 0..<5 {
            let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 2)
            statuses += result.responses.map { $0.status }
        }
        await harness.stop()
        #expect(statuses == Array(repeating: 200, count: 10))
    }
}

/// The "upstream down" tests' port: refused, and never handed to a parallel test's server (CI once saw both).
@Suite struct ClosedPortTests {
    @Test func aClosedPortRefusesConnectsAndCannotBeBoundAgain() async throws {
        let closed = try Harness.unusedPort()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bound = try? await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: closed.port).get()
        #expect(bound == nil, "a server could take the reserved port \(closed.port)")
        try? await bound?.close()
        var refused = false
        do {
            let channel = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: closed.port).get()
            try? await channel.close()
        } catch {
            refused = true
        }
        #expect(refused, "a connect to the reserved port \(closed.port) succeeded")
        // Many servers on port 0 while it is held: none is given it.
        var servers: [Channel] = []
        for _ in 0..<200 {
            servers.append(try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: "127.0.0.1", port: 0).get())
        }
        #expect(!servers.contains { $0.localAddress?.port == closed.port })
        for server in servers { try? await server.close() }
        try await group.shutdownGracefully()
    }
}
