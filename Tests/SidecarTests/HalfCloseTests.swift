#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Sidecar

/// A client that shuts down its sending side after its request (half-close) still gets the answer, also when the
/// end of its input is read while the upstream is still working on the response.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct HalfCloseTests {
    /// Sends `requests`, shuts down the sending side, and returns the statuses of up to `expected` answers and
    /// whether the proxy closed the connection within a second after them.
    func statusesAfterHalfClose(_ requests: String, expected: Int, upstreamDelayMilliseconds: Int64) async throws -> [Int] {
        try await answersAfterHalfClose(requests, expected: expected, upstreamDelayMilliseconds: upstreamDelayMilliseconds).statuses
    }

    func answersAfterHalfClose(_ requests: String, expected: Int, upstreamDelayMilliseconds: Int64) async throws -> (statuses: [Int], closed: Bool) {
        let harness = try await Harness.start(respond: { _, _ in
            RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#, delayMilliseconds: upstreamDelayMilliseconds)
        })
        let port = harness.port
        let answers = await OffPool.run { () -> (statuses: [Int], closed: Bool) in
            guard let connection = RawConnection(port: port) else { return ([], false) }
            defer { connection.shutdown() }
            connection.send(requests)
            Glibc.shutdown(connection.descriptor, Int32(SHUT_WR))
            let statuses = connection.receive(milliseconds: 3_000, responses: expected).responses.map(\.status)
            for _ in 0..<100 {
                if connection.hasClosed() { return (statuses, true) }
                usleep(10_000)
            }
            return (statuses, false)
        }
        await harness.stop()
        return answers
    }

    @Test func theConnectionClosesOnceEveryRequestBeforeTheHalfCloseIsAnswered() async throws {
        let answers = try await answersAfterHalfClose("GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: h\r\n\r\n",
                                                      expected: 2, upstreamDelayMilliseconds: 100)
        #expect(answers.statuses == [200, 200])
        #expect(answers.closed, "the proxy must close a half-closed connection after its last answer, not at the idle timeout")
    }

    @Test func aClientThatHalfClosesAfterItsRequestStillGetsTheResponse() async throws {
        let statuses = try await statusesAfterHalfClose("GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expected: 1, upstreamDelayMilliseconds: 300)
        #expect(statuses == [200])
    }

    @Test func pipelinedRequestsBeforeAHalfCloseAreAllAnswered() async throws {
        let statuses = try await statusesAfterHalfClose("GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: h\r\n\r\n",
                                                        expected: 2, upstreamDelayMilliseconds: 100)
        #expect(statuses == [200, 200])
    }
}
