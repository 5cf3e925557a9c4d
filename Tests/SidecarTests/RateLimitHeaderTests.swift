import Testing
@testable import Sidecar
import Validation

/// `RateLimit-Limit/-Remaining/-Reset` on every answer of a rate-limited operation, not only on the 429.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RateLimitHeaderTests {
    static let oneLimited = "GET /limited HTTP/1.1\r\nHost: h\r\n\r\n"
    static let threeLimited = String(repeating: oneLimited, count: 3)

    /// Starts a harness, sends `requests` (raw HTTP/1.1), waits for `count` answers, stops it: the answers.
    static func answers(to requests: String, count: Int, kind: SidecarKind = .proxy, upstreamUp: Bool = true,
                        configure: (inout SidecarSettings) -> Void = { _ in },
                        respond: @escaping @Sendable (NIOHTTP1Head, [UInt8]) -> RecordingUpstream.Answer = { _, _ in RecordingUpstream.Answer() })
        async throws -> [HTTPResponse] {
        let harness = try await Harness.start(kind: kind, upstreamUp: upstreamUp, configure: configure, respond: respond)
        let result = RawClient.exchange(port: harness.port, requests, expectedResponses: count)
        await harness.stop()
        return result.responses
    }

    @Test func allowedAnswersCarryQuotaHeadersWithRemainingCountingDown() async throws {
        let responses = try await Self.answers(to: Self.threeLimited, count: 3, respond: { _, _ in RecordingUpstream.Answer(headers: [], body: "") })
        #expect(responses.map { $0.status } == [200, 200, 429])
        #expect(responses.map { $0.headers.values("RateLimit-Limit") } == [["2"], ["2"], ["2"]])
        #expect(responses.map { $0.headers.values("RateLimit-Remaining") } == [["1"], ["0"], ["0"]])
        for response in responses.prefix(2) {
            #expect(Int(response.headers.first("RateLimit-Reset") ?? "") ?? 0 >= 1)
            #expect(response.headers.first("Retry-After") == nil)
        }
    }

    @Test func refusedAnswerStillCarriesRetryAfterAndOneSetOfQuotaHeaders() async throws {
        let responses = try await Self.answers(to: Self.threeLimited, count: 3, respond: { _, _ in RecordingUpstream.Answer(headers: [], body: "") })
        let limited = try #require(responses.last)
        #expect(limited.status == 429)
        #expect(Int(limited.headers.first("Retry-After") ?? "") ?? 0 >= 1)
        #expect(limited.headers.values("RateLimit-Limit").count == 1)
        #expect(limited.headers.values("RateLimit-Reset").count == 1)
    }

    @Test func upstreamRateLimitHeadersWinAndAreNotDuplicated() async throws {
        let responses = try await Self.answers(to: Self.oneLimited, count: 1, respond: { _, _ in
            RecordingUpstream.Answer(headers: [("RateLimit-Limit", "100"), ("RateLimit-Remaining", "99")], body: "")
        })
        let response = try #require(responses.first)
        #expect(response.status == 200)
        #expect(response.headers.values("RateLimit-Limit") == ["100"])
        #expect(response.headers.values("RateLimit-Remaining") == ["99"])
        #expect(response.headers.values("RateLimit-Reset").isEmpty)
    }

    @Test func upstreamSendingOnlyOneRateLimitFieldGetsNoneOfOurs() async throws {
        let responses = try await Self.answers(to: Self.oneLimited, count: 1,
                                               respond: { _, _ in RecordingUpstream.Answer(headers: [("ratelimit-limit", "100")], body: "") })
        let response = try #require(responses.first)
        #expect(response.headers.values("RateLimit-Limit") == ["100"])
        #expect(response.headers.values("RateLimit-Remaining").isEmpty)
    }

    @Test func reportModeForwardsOverTheLimitWithRemainingZeroAndNoRetryAfter() async throws {
        let responses = try await Self.answers(to: Self.threeLimited, count: 3, configure: { $0.mode = .report },
                                               respond: { _, _ in RecordingUpstream.Answer(headers: [], body: "") })
        #expect(responses.map { $0.status } == [200, 200, 200])
        let last = try #require(responses.last)
        #expect(last.headers.values("RateLimit-Remaining") == ["0"])
        #expect(last.headers.first("Retry-After") == nil)
    }

    @Test func unlimitedOperationAnswersCarryNoRateLimitHeaders() async throws {
        let responses = try await Self.answers(to: "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", count: 1, respond: { _, _ in RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#) })
        let response = try #require(responses.first)
        #expect(response.status == 200)
        #expect(!response.headers.fields.contains { RateLimitDecision.isRateLimitField($0.name) })
    }

    @Test func globalRateLimitAddsQuotaHeadersToRelayedAnswers() async throws {
        let responses = try await Self.answers(to: "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", count: 1,
                                               configure: { $0.rateLimit = RateLimitSettings(requestsPerSecond: 0.01, burst: 5) },
                                               respond: { _, _ in RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#) })
        let response = try #require(responses.first)
        #expect(response.status == 200)
        #expect(response.headers.values("RateLimit-Limit") == ["5"])
        #expect(response.headers.values("RateLimit-Remaining") == ["4"])
    }

    @Test func mockAnswersCarryQuotaHeaders() async throws {
        let responses = try await Self.answers(to: Self.threeLimited, count: 3, kind: .mock)
        #expect(responses.map { $0.status } == [200, 200, 429])
        #expect(responses.map { $0.headers.values("RateLimit-Remaining") } == [["1"], ["0"], ["0"]])
    }

    @Test func rateLimitFieldNamesAreRecognizedInAnyCase() {
        #expect(RateLimitDecision.isRateLimitField("RateLimit-Limit"))
        #expect(RateLimitDecision.isRateLimitField("ratelimit-policy"))
        #expect(RateLimitDecision.isRateLimitField("RATELIMIT"))
        #expect(!RateLimitDecision.isRateLimitField("X-RateLimit-Limit"))
        #expect(!RateLimitDecision.isRateLimitField("Rate"))
    }
}

/// Our own answers to an exchange that took a token carry the quota too.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RateLimitHeaderOnOwnAnswersTests {
    @Test func unreachableUpstreamAnswerCarriesQuotaHeaders() async throws {
        let responses = try await RateLimitHeaderTests.answers(to: RateLimitHeaderTests.oneLimited, count: 1, upstreamUp: false)
        let response = try #require(responses.first)
        #expect(response.status == 502)
        #expect(response.headers.values("RateLimit-Limit") == ["2"])
        #expect(response.headers.values("RateLimit-Remaining") == ["1"])
    }
}
