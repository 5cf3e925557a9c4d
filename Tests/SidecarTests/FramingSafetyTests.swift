import Testing
@testable import Sidecar

/// Request smuggling forms: each is refused with 400 and the connection closed, and nothing reaches the upstream.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct FramingSafetyTests {
    func expectRefused(_ request: String, status: Int = 400, configure: (inout SidecarSettings) -> Void = { _ in }) async throws {
        let harness = try await Harness.start(configure: configure)
        let result = RawClient.exchange(port: harness.port, request)
        await harness.stop()
        #expect(result.closedByServer, "connection must be closed")
        let response = try #require(result.responses.first, "no response: \(result.text)")
        #expect(response.status == status)
        #expect(response.headers.first("Connection") == "close")
        #expect(result.responses.count == 1)
        #expect(harness.upstream?.requestCount == 0)
    }

    @Test func contentLengthWithTransferEncodingIsRefused() async throws {
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n")
    }

    @Test func differingContentLengthsAreRefused() async throws {
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 16\r\nContent-Length: 5\r\n\r\n{\"name\":\"apple\"}")
    }

    @Test func invalidChunkSizeIsRefused() async throws {
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{\"name\":\"a\"}\r\n0\r\n\r\n")
    }

    /// Refusals before validation (framing, limits) get one JSON log line each, as validated rejections do; they
    /// were counted in metrics only (found by a documentation audit). No header value or query reaches the log.
    @Test func refusalsBeforeValidationAreLoggedOnce() async throws {
        let harness = try await Harness.start(configure: { $0.maximumRequestBodyBytes = 100; $0.maximumHeaderCount = 5 })
        _ = RawClient.exchange(port: harness.port, "POST /items?token=s3cret HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        _ = RawClient.exchange(port: harness.port, "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n")
        _ = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: secret-value\r\n\r\n")
        let logs = harness.logs.all.filter { $0.contains("request-refused") }
        await harness.stop()
        #expect(logs.count == 3, "\(logs)")
        #expect(logs.contains { $0.contains("framing") && $0.contains("\"status\":400") && $0.contains("content-length-with-transfer-encoding") },
                "\(logs)")
        #expect(logs.contains { $0.contains("max-body-size") && $0.contains("413") }, "\(logs)")
        #expect(logs.contains { $0.contains("max-header-count") && $0.contains("431") }, "\(logs)")
        #expect(!logs.contains { $0.contains("s3cret") || $0.contains("secret-value") })
    }

    @Test func framingErrorsAreCountedByKind() async throws {
        let harness = try await Harness.start()
        _ = RawClient.exchange(port: harness.port, "POST /items HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        let metrics = String(decoding: harness.runtime.services.metrics.exposition(), as: UTF8.self)
        await harness.stop()
        #expect(metrics.contains(#"specguard_framing_errors_total{kind="invalid-chunk-size"} 1"#), "\(metrics)")
    }

    @Test func exactlyTheHeaderCountLimitPassesAndOneMoreGets431() async throws {
        let harness = try await Harness.start(configure: { $0.maximumHeaderCount = 5 }) { _, _ in
            RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#)
        }
        let fields = (1...4).map { "X-F\($0): v\r\n" }.joined()
        let atLimit = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\(fields)\r\n", expectedResponses: 1)
        let overLimit = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\(fields)X-F5: v\r\n\r\n")
        await harness.stop()
        #expect(atLimit.responses.first?.status == 200)
        let refused = try #require(overLimit.responses.first)
        #expect(refused.status == 431)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("max-header-count"))
        #expect(overLimit.closedByServer)
        #expect(harness.upstream?.requestCount == 1)
    }

    @Test func obsoleteLineFoldingIsRefused() async throws {
        try await expectRefused("GET /items/1 HTTP/1.1\r\nHost: h\r\nX-Folded: first\r\n second\r\n\r\n")
    }

    @Test func bareLineFeedIsRefused() async throws {
        try await expectRefused("GET /items/1 HTTP/1.1\r\nHost: h\nX-Other: 1\r\n\r\n")
    }

    /// RFC 9112 §2.2: empty lines before a request line are skipped. They were taken for an empty head and the
    /// connection hung until the header timeout (found by an adversarial audit), stalling a pipeline behind them.
    @Test func emptyLinesBeforeARequestLineAreSkipped() async throws {
        let harness = try await Harness.start(respond: { _, _ in RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#) })
        let started = ContinuousClock.now
        let result = RawClient.exchange(port: harness.port, "\r\n\r\nGET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n"
                                        + "\r\nGET /items/2 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", expectedResponses: 2)
        let elapsed = ContinuousClock.now - started
        let forwarded = harness.upstream?.rawText ?? ""
        await harness.stop()
        #expect(result.responses.map(\.status) == [200, 200], "\(result.text)")
        #expect(elapsed < .seconds(2))
        // The upstream gets the requests without the empty lines.
        #expect(forwarded.hasPrefix("GET /items/1 HTTP/1.1\r\n"), "\(forwarded)")
        #expect(forwarded.contains("\r\n\r\nGET /items/2 HTTP/1.1\r\n"), "\(forwarded)")
    }

    @Test func aBareLineFeedBeforeARequestLineIsRefused() async throws {
        try await expectRefused("\nGET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n")
        try await expectRefused("\r\n\rGET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n")
    }

    /// A field value that is not UTF-8 (`obs-text`, RFC 9110 §5.5; Python `requests` and Node send `café` as Latin-1) was
    /// read with U+FFFD in place of its bytes and forwarded so (found by an adversarial audit), then refused with 400
    /// (a valid exchange lost). It is read as ISO-8859-1 and forwarded with exactly the bytes it arrived with.
    @Test func aFieldValueThatIsNotUTF8IsForwardedByteForByte() async throws {
        let harness = try await Harness.start(respond: { _, _ in RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#) })
        let field = Array("X-Name: caf".utf8) + [0xE9, 0x20, 0xFF, 0xC3] + Array("\r\n".utf8)
        let latin1 = RawClient.exchange(port: harness.port, Array("GET /items/1 HTTP/1.1\r\nHost: h\r\n".utf8) + field + Array("Connection: close\r\n\r\n".utf8))
        let utf8 = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nX-Name: café\r\nConnection: close\r\n\r\n")
        await harness.stop()
        #expect(latin1.responses.first?.status == 200, "\(latin1.text)")
        #expect(utf8.responses.first?.status == 200)
        let received = try #require(harness.upstream?.rawBytes)
        #expect(received.firstRange(of: field) != nil, "the upstream got: \(String(decoding: received, as: UTF8.self))")
        #expect(received.firstRange(of: Array("X-Name: café\r\n".utf8)) != nil)
        #expect(harness.upstream?.requestCount == 2)
    }

    /// A C1 control (0x80-0x9F read as ISO-8859-1) is a control character like any other in a header value.
    @Test func aLatin1ControlInAFieldValueIsRefused() async throws {
        let harness = try await Harness.start(respond: { _, _ in RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#) })
        let result = RawClient.exchange(port: harness.port, Array("GET /items/1 HTTP/1.1\r\nHost: h\r\nX-Name: a".utf8) + [0x85] + Array("b\r\nConnection: close\r\n\r\n".utf8))
        await harness.stop()
        #expect(result.responses.first?.status == 400, "\(result.text)")
        #expect(result.text.contains("control-character"))
        #expect(harness.upstream?.requestCount == 0)
    }

    @Test func bareCarriageReturnIsRefused() async throws {
        try await expectRefused("GET /items/1 HTTP/1.1\r\nHost: h\rX-Other: 1\r\n\r\n")
    }

    @Test func transferEncodingOtherThanChunkedIsRefused() async throws {
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked, identity\r\n\r\n0\r\n\r\n")
    }

    @Test func whitespaceBeforeTheColonIsRefused() async throws {
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nContent-Length : 16\r\nContent-Type: application/json\r\n\r\n{\"name\":\"apple\"}")
    }

    @Test func invalidContentLengthIsRefused() async throws {
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nContent-Length: +16\r\nContent-Type: application/json\r\n\r\n{\"name\":\"apple\"}")
    }

    @Test func declaredBodyOverTheLimitGets413WithoutReadingIt() async throws {
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"name\":",
                                status: 413, configure: { $0.maximumRequestBodyBytes = 1000 })
    }

    /// A chunk size over the limit gets 413 at its size line, before any data (it waited for the data and ended
    /// in a 408 after the body timeout; found by an adversarial audit).
    @Test func aChunkSizeOverTheLimitGets413AtOnce() async throws {
        let started = ContinuousClock.now
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffff\r\n",
                                status: 413, configure: { $0.maximumRequestBodyBytes = 1000; $0.bodyIdleTimeoutMilliseconds = 5_000 })
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"name\":\"apple\"}\r\n3e0\r\n",
                                status: 413, configure: { $0.maximumRequestBodyBytes = 1000; $0.bodyIdleTimeoutMilliseconds = 5_000 })
        #expect(ContinuousClock.now - started < .seconds(4))
    }

    @Test func chunkedBodyGrowingOverTheLimitGets413() async throws {
        let chunk = String(repeating: "a", count: 600)
        try await expectRefused("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n",
                                status: 413, configure: { $0.maximumRequestBodyBytes = 1000 })
    }
}

@Suite(.serialized, .timeLimit(.minutes(1)))
struct ClientIdleTimeoutTests {
    @Test func aClientThatStopsMidHeadersIsDisconnected() async throws {
        let harness = try await Harness.start(configure: { $0.clientIdleTimeoutMilliseconds = 200 })
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n", timeoutMilliseconds: 2_000)
        await harness.stop()
        #expect(result.closedByServer)
        #expect(harness.upstream?.requestCount == 0)
    }
}
