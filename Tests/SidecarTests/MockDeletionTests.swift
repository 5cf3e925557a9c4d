import Testing
@testable import Sidecar
import Validation

@Suite(.serialized, .timeLimit(.minutes(1)))
struct MockDeletionTests {
    static let spec = """
    openapi: 3.0.3
    info: {title: notes, version: "1"}
    paths:
      /notes/{id}:
        parameters:
          - {name: id, in: path, required: true, schema: {type: integer}}
        get:
          responses:
            "200":
              description: ok
              content:
                application/json:
                  example: {id: 1, text: milk}
            "404": {description: gone}
        put:
          requestBody:
            content:
              application/json:
                schema: {type: object}
          responses:
            "200": {description: stored}
        delete:
          responses:
            "204": {description: deleted}
      /notes/{id}/tags:
        parameters:
          - {name: id, in: path, required: true, schema: {type: integer}}
        get:
          responses:
            "200":
              description: ok
              content:
                application/json:
                  example: [a]
    """

    @Test func aDeletedResourceAndWhatIsUnderItAnswer404UntilAPutBringsItBack() async throws {
        let harness = try await Harness.start(spec: Self.spec, kind: .mock)
        defer { Task { await harness.stop() } }
        func status(_ request: String) -> Int? {
            RawClient.exchange(port: harness.port, request, expectedResponses: 1).responses.first?.status
        }
        #expect(status("GET /notes/1 HTTP/1.1\r\nHost: h\r\n\r\n") == 200)
        #expect(status("DELETE /notes/1 HTTP/1.1\r\nHost: h\r\n\r\n") == 204)
        #expect(status("GET /notes/1 HTTP/1.1\r\nHost: h\r\n\r\n") == 404)
        #expect(status("GET /notes/1/tags HTTP/1.1\r\nHost: h\r\n\r\n") == 404)
        #expect(status("GET /notes/2 HTTP/1.1\r\nHost: h\r\n\r\n") == 200)
        #expect(status("GET /notes/1 HTTP/1.1\r\nHost: h\r\nPrefer: code=200\r\n\r\n") == 200)
        #expect(status("PUT /notes/1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}") == 200)
        #expect(status("GET /notes/1 HTTP/1.1\r\nHost: h\r\n\r\n") == 200)
        await harness.stop()
    }

    @Test func theMemoryIsBounded() {
        let deletions = MockDeletions(capacity: 4)
        for id in 1...5 { deletions.delete("/n/\(id)") }
        // Past the capacity the oldest half was forgotten.
        #expect(!deletions.isDeleted("/n/1"))
        #expect(!deletions.isDeleted("/n/2"))
        #expect(deletions.isDeleted("/n/5"))
        #expect(deletions.isDeleted("/n/5/x"))
        #expect(deletions.deletedPath(covering: "/n/5/x/y") == "/n/5")  // the message names the DELETE that was sent
        #expect(!deletions.isDeleted("/n/50"))
    }
}

/// Complete answers of ours (the mock's and the problem documents) go out as one write of head and body: the framing
/// must stay what it was when the body followed the head, on one keep-alive connection.
@Suite struct CompleteAnswerFramingTests {
    @Test func aNoContentAnAnswerWithABodyAndAProblemFollowEachOtherFramedRight() async throws {
        let harness = try await Harness.start(spec: MockDeletionTests.spec, kind: .mock)
        defer { Task { await harness.stop() } }
        let requests = "DELETE /notes/1 HTTP/1.1\r\nHost: h\r\n\r\n" + "GET /notes/2 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "PUT /notes/3 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]"
        let responses = RawClient.exchange(port: harness.port, Array(requests.utf8), expectedResponses: 3).responses
        try #require(responses.count == 3)
        #expect(responses[0].status == 204)
        #expect(responses[0].headers.values("Content-Length") == [])
        #expect(responses[0].body.isEmpty)
        #expect(responses[1].status == 200)
        #expect(responses[1].headers.values("Content-Length") == [String(responses[1].body.count)])
        #expect(String(decoding: responses[1].body, as: UTF8.self).contains("milk"))
        #expect(responses[2].status == 400)
        #expect(responses[2].headers.values("Content-Type") == ["application/problem+json"])
        #expect(responses[2].headers.values("Content-Length") == [String(responses[2].body.count)])
        #expect(String(decoding: responses[2].body, as: UTF8.self).hasPrefix("{\"type\":"))
        await harness.stop()
    }
}
