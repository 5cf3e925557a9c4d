#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Sidecar

/// A client that shuts down its sending side after its request (half-close) still gets the answer, also when the
/// end of its input is read while the upstream is still working on the response.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct HalfCloseTests {
    @Test func aClientThatHalfClosesAfterItsRequestStillGetsTheResponse() async throws {
        let harness = try await Harness.start(respond: { _, _ in
            RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#, delayMilliseconds: 300)
        })
        let port = harness.port
        let statuses = await OffPool.run { () -> [Int] in
            guard let connection = RawConnection(port: port) else { return [] }
            defer { connection.shutdown() }
            connection.send("GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n")
            Glibc.shutdown(connection.descriptor, Int32(SHUT_WR))
            return connection.receive(milliseconds: 3_000, responses: 1).responses.map(\.status)
        }
        await harness.stop()
        #expect(statuses == [200])
    }

    @Test func pipelinedRequestsBeforeAHalfCloseAreAllAnswered() async throws {
        let harness = try await Harness.start(respond: { _, _ in
            RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#, delayMilliseconds: 100)
        })
        let port = harness.port
        let statuses = await OffPool.run { () -> [Int] in
            guard let connection = RawConnection(port: port) else { return [] }
            defer { connection.shutdown() }
            connection.send("GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: h\r\n\r\n")
            Glibc.shutdown(connection.descriptor, Int32(SHUT_WR))
            return connection.receive(milliseconds: 3_000, responses: 2).responses.map(\.status)
        }
        await harness.stop()
        #expect(statuses == [200, 200])
    }
}
