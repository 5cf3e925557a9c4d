import Foundation
import NIOHTTP1
import Testing
@testable import Sidecar
import Validation

@Suite(.serialized, .timeLimit(.minutes(1)))
struct ProxyForwardingTests {
    static let createdItem: @Sendable (NIOHTTP1Head, [UInt8]) -> RecordingUpstream.Answer = { head, _ in
        if head.method == .POST { return RecordingUpstream.Answer(status: 201, body: #"{"id":7,"name":"apple"}"#) }
        let last = head.uri.split(separator: "/").last.map(String.init) ?? "1"
        let id = Int(last) ?? 1
        return RecordingUpstream.Answer(status: 200, body: #"{"id":\#(id),"name":"item \#(id)"}"#)
    }

    @Test func validRequestArrivesByteIdenticalMinusHopByHopPlusForwardedHeaders() async throws {
        let harness = try await Harness.start(respond: Self.createdItem)
        let request = "POST /items?trace=1 HTTP/1.1\r\nHost: shop.test\r\nX-Request-Id: r-1\r\n"
            + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
            + "Connection: keep-alive, X-Hop\r\nX-Hop: drop me\r\nKeep-Alive: timeout=5\r\nProxy-Authorization: Basic eDp5\r\n"
            + "TE: trailers\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"name\":\"apple\"}"
        let result = RawClient.exchange(port: harness.port, request, expectedResponses: 1)
        await harness.stop()
        #expect(result.responses.first?.status == 201)
        let expected = "POST /items?trace=1 HTTP/1.1\r\nHost: shop.test\r\nX-Request-Id: r-1\r\n"
            + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
            + "Content-Type: application/json\r\nContent-Length: 16\r\n"
            + "X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: shop.test\r\n\r\n{\"name\":\"apple\"}"
        #expect(harness.upstream?.rawText == expected)
    }

    @Test func rawTargetIsForwardedWithoutReEncoding() async throws {
        let harness = try await Harness.start(respond: Self.createdItem)
        let result = RawClient.exchange(port: harness.port, "GET /items/%31?q=a%20b&r=%7E&s=x+y HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        await harness.stop()
        #expect(result.responses.first?.status == 200)
        #expect(harness.upstream?.rawText.hasPrefix("GET /items/%31?q=a%20b&r=%7E&s=x+y HTTP/1.1\r\n") == true)
    }

    @Test func invalidRequestNeverReachesUpstreamAndGetsProblemDocument() async throws {
        let harness = try await Harness.start(respond: Self.createdItem)
        let body = #"{"name":"","admin":true}"#
        let result = RawClient.exchange(port: harness.port, "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)", expectedResponses: 1)
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 400)
        #expect(response.headers.first("Content-Type") == "application/problem+json")
        let problem = String(decoding: response.body, as: UTF8.self)
        #expect(problem.contains(#""status":400"#))
        #expect(problem.contains("minLength"))
        #expect(problem.contains("additionalProperties"))
        #expect(harness.upstream?.requestCount == 0)
        #expect(harness.upstream?.rawBytes.isEmpty == true)
    }

    @Test func unknownPathGets404AndWrongMethod405WithAllow() async throws {
        let harness = try await Harness.start(respond: Self.createdItem)
        let result = RawClient.exchange(port: harness.port, "GET /admin HTTP/1.1\r\nHost: h\r\n\r\nDELETE /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 2)
        await harness.stop()
        let responses = result.responses
        #expect(responses.map { $0.status } == [404, 405])
        #expect(responses.last?.headers.first("Allow") == "GET")
        #expect(harness.upstream?.requestCount == 0)
    }

    @Test func pipelinedRequestsAreAnsweredInOrderOnOneConnection() async throws {
        let harness = try await Harness.start(respond: Self.createdItem)
        let requests = (1...5).map { "GET /items/\($0) HTTP/1.1\r\nHost: h\r\n\r\n" }.joined()
            + "GET /items/0 HTTP/1.1\r\nHost: h\r\n\r\n" + "GET /items/6 HTTP/1.1\r\nHost: h\r\n\r\n"
        let result = RawClient.exchange(port: harness.port, requests, expectedResponses: 7)
        await harness.stop()
        let responses = result.responses
        #expect(responses.map { $0.status } == [200, 200, 200, 200, 200, 400, 200])
        let names = responses.map { String(decoding: $0.body, as: UTF8.self) }
        for (index, id) in [1, 2, 3, 4, 5].enumerated() { #expect(names[index].contains("item \(id)")) }
        #expect(names.last?.contains("item 6") == true)
        #expect(harness.upstream?.requestCount == 6)
    }

    @Test func chunkedRequestIsForwardedWithContentLength() async throws {
        let harness = try await Harness.start(respond: Self.createdItem)
        let request = "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "8\r\n{\"name\":\r\n8\r\n\"apple\"}\r\n0\r\n\r\n"
        let result = RawClient.exchange(port: harness.port, request, expectedResponses: 1)
        await harness.stop()
        #expect(result.responses.first?.status == 201)
        let received = harness.upstream?.rawText ?? ""
        #expect(!received.lowercased().contains("transfer-encoding"))
        #expect(received.contains("Content-Length: 16\r\n"))
        #expect(received.hasSuffix("\r\n\r\n{\"name\":\"apple\"}"))
    }

    @Test func connectionCloseIsHonoured() async throws {
        let harness = try await Harness.start(respond: Self.createdItem)
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        await harness.stop()
        #expect(result.closedByServer)
        #expect(result.responses.first?.status == 200)
        #expect(result.responses.first?.headers.first("Connection") == "close")
    }

    @Test func normalizingModeForwardsTheCleanedBody() async throws {
        let harness = try await Harness.start(configure: { $0.normalize = true }, respond: Self.createdItem)
        let body = #"{"name":"apple"}"#
        let result = RawClient.exchange(port: harness.port, "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)", expectedResponses: 1)
        await harness.stop()
        #expect(result.responses.first?.status == 201)
        let forwarded = String(decoding: harness.upstream?.lastRequest?.body ?? [], as: UTF8.self)
        #expect(forwarded == #"{"name":"apple","size":3}"#)
        #expect(harness.upstream?.rawText.contains("Content-Length: \(forwarded.utf8.count)\r\n") == true)
    }

    @Test func forwardedHeadersCanBeTurnedOff() async throws {
        let harness = try await Harness.start(configure: { $0.forwardedHeaders = false }, respond: Self.createdItem)
        _ = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        await harness.stop()
        #expect(harness.upstream?.rawText == "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n")
    }

    @Test func clientSuppliedForwardedFieldsAreReplacedUnlessTheClientIsATrustedForwarder() async throws {
        let request = "GET /items/1 HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: https\r\nX-Real-IP: 10.0.0.1\r\n\r\n"
        let harness = try await Harness.start(respond: Self.createdItem)
        _ = RawClient.exchange(port: harness.port, request, expectedResponses: 1)
        await harness.stop()
        let text = harness.upstream?.rawText ?? ""
        #expect(text.contains("X-Forwarded-For: 127.0.0.1\r\n"))
        #expect(text.contains("X-Forwarded-Proto: http\r\n"))
        #expect(!text.contains("https"))
        #expect(!text.contains("X-Real-IP"))
        // The test client connects from 127.0.0.1: as a trusted forwarder its fields pass on and the chain is extended.
        let trusted = try await Harness.start(configure: { $0.trustedForwarders = [AddressRange("127.0.0.0/8")].compactMap { $0 } }, respond: Self.createdItem)
        _ = RawClient.exchange(port: trusted.port, request, expectedResponses: 1)
        await trusted.stop()
        let passed = trusted.upstream?.rawText ?? ""
        #expect(passed.contains("X-Forwarded-For: 10.0.0.1, 127.0.0.1\r\n"))
        #expect(passed.contains("X-Forwarded-Proto: https\r\n"))
        #expect(passed.contains("X-Real-IP: 10.0.0.1\r\n"))
    }

    @Test func expectContinueIsAnsweredHereAndNotForwarded() async throws {
        let harness = try await Harness.start(respond: Self.createdItem)
        let request = "POST /items HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"name\":\"apple\"}"
        let result = RawClient.exchange(port: harness.port, request, expectedResponses: 2)
        await harness.stop()
        #expect(result.responses.map { $0.status } == [100, 201])
        #expect(harness.upstream?.rawText.lowercased().contains("expect") == false)
    }
}
