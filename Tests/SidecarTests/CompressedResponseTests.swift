import Testing
@testable import Sidecar

/// Upstream responses with `Content-Encoding`: validated decoded, sent to the client as coded.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CompressedResponseTests {
    func fetch(_ body: String, coding: String = "gzip") async throws -> (status: Int?, body: [UInt8], sent: [UInt8]) {
        let coded = compress(Array(body.utf8), gzip: coding == "gzip")
        let harness = try await Harness.start(respond: { _, _ in
            RecordingUpstream.Answer(headers: [("Content-Type", "application/json"), ("Content-Encoding", coding)], bodyBytes: coded)
        })
        let port = harness.port
        let result = await OffPool.run { RawClient.exchange(port: port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n", expectedResponses: 1) }
        await harness.stop()
        return (result.responses.first?.status, result.responses.first?.body ?? [], coded)
    }

    @Test func aValidGzipResponseIsValidatedAndSentCoded() async throws {
        let outcome = try await fetch(#"{"id":1,"name":"first"}"#)
        #expect(outcome.status == 200)
        #expect(outcome.body == outcome.sent)
    }

    @Test func anInvalidGzipResponseIsReplacedBy502() async throws {
        let outcome = try await fetch(#"{"id":"one"}"#)
        #expect(outcome.status == 502)
    }

    @Test func anInvalidDeflateResponseIsReplacedBy502() async throws {
        let outcome = try await fetch(#"{"id":"one"}"#, coding: "deflate")
        #expect(outcome.status == 502)
    }
}
