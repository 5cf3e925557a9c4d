import Foundation
import NIOPosix
import Testing
@testable import Sidecar
import Validation

/// The proxy reads upstream responses with its own HTTP/1 reader: every framing the upstream may use arrives
/// complete and validated, and anything malformed becomes a 502 instead of a half-read or misframed answer.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct UpstreamFramingTests {
    /// A proxy in front of a scripted upstream; `work` runs the client side.
    func withProxy(_ replies: [ScriptedUpstream.Reply], configure: @escaping (inout SidecarSettings) -> Void = { _ in },
                   _ work: (Harness, ScriptedUpstream) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let upstream = try await ScriptedUpstream.start(group: group, replies: replies)
        let harness = try await Harness.start(upstreamUp: false, configure: {
            $0.upstream = UpstreamAddress(useTLS: false, host: "127.0.0.1", port: upstream.port)
            configure(&$0)
        })
        do { try await work(harness, upstream) } catch { await harness.stop(); await upstream.stop(); throw error }
        await harness.stop()
        await upstream.stop()
        try? await group.shutdownGracefully()
    }

    let get = "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n"

    @Test func chunkedResponseInPiecesIsDechunkedValidatedAndSentWithALength() async throws {
        let reply = ScriptedUpstream.Reply(pieces: [
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n{\"id\":1",
            ",\r\n", "F;ext=1\r\n\"name\":\"first\"}\r\n0\r\nChecksum: x\r\n", "\r\n",
        ])
        try await withProxy([reply]) { harness, _ in
            let result = RawClient.exchange(port: harness.port, get, expectedResponses: 1)
            let response = try #require(result.responses.first)
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"id":1,"name":"first"}"#)
            #expect(response.headers.first("Content-Length") == "23")
            #expect(response.headers.first("Transfer-Encoding") == nil)
        }
    }

    @Test func chunkedResponseThatBreaksTheSchemaIsReplacedLikeAnyOther() async throws {
        let reply = ScriptedUpstream.Reply(pieces: [
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{\"id\":\"x\"}\r\n0\r\n\r\n".replacingOccurrences(of: "9\r\n", with: "A\r\n"),
        ])
        try await withProxy([reply]) { harness, _ in
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 502)
            #expect(String(decoding: response.body, as: UTF8.self).contains("invalid-response"))
        }
    }

    /// A response field value that is not UTF-8 reaches the client with the bytes the upstream sent (it was rewritten
    /// with U+FFFD, found by an adversarial audit).
    @Test func aResponseFieldValueThatIsNotUTF8ArrivesByteForByte() async throws {
        let field = Array("X-Note: caf".utf8) + [0xE9, 0xFF] + Array("\r\n".utf8)
        let reply = ScriptedUpstream.Reply(bytes: [
            Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n".utf8) + field + Array("Content-Length: 23\r\n\r\n{\"id\":3,\"name\":\"third\"}".utf8),
        ])
        try await withProxy([reply]) { harness, _ in
            let result = RawClient.exchange(port: harness.port, get, expectedResponses: 1)
            #expect(result.responses.first?.status == 200, "\(result.text)")
            #expect(result.bytes.firstRange(of: field) != nil, "\(result.text)")
        }
    }

    @Test func bodyUntilCloseIsReadToTheEnd() async throws {
        let reply = ScriptedUpstream.Reply(pieces: [
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"id\":2,", "\"name\":\"second\"}",
        ], close: true)
        try await withProxy([reply]) { harness, _ in
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"id":2,"name":"second"}"#)
        }
    }

    @Test func interimResponsesAreSkipped() async throws {
        let reply = ScriptedUpstream.Reply(pieces: [
            "HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{\"id\":1,\"name\":\"one\"}",
        ])
        try await withProxy([reply]) { harness, _ in
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"id":1,"name":"one"}"#)
        }
    }

    @Test func headResponseHasNoBodyAndTheConnectionIsReused() async throws {
        let head = ScriptedUpstream.Reply(pieces: ["HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n"])
        let get = ScriptedUpstream.Reply(pieces: ["HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{\"id\":1,\"name\":\"one\"}"])
        // HEAD is not declared for the operation: report mode lets it through to the upstream.
        try await withProxy([head, get], configure: { $0.mode = .report }) { harness, upstream in
            let result = RawClient.exchange(port: harness.port, "HEAD /items/1 HTTP/1.1\r\nHost: h\r\n\r\n" + self.get, timeoutMilliseconds: 800)
            #expect(result.text.hasPrefix("HTTP/1.1 200"))
            #expect(result.text.components(separatedBy: "HTTP/1.1 200").count == 3, "\(result.text)")
            #expect(result.text.hasSuffix(#"{"id":1,"name":"one"}"#))
            #expect(upstream.connectionCount == 1)
        }
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\nContent-Length: 2\n\n{}",                                                    // bare LF
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n folded\r\n\r\n{}",                               // obsolete folding
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",            // both framings
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",                     // differing lengths
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",               // invalid chunk size
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n",                  // chunk not ended by CRLF
        "HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}",                                          // bad status line
    ])
    func malformedResponsesBecome502(_ raw: String) async throws {
        try await withProxy([ScriptedUpstream.Reply(pieces: [raw])]) { harness, _ in
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 502, "\(raw.debugDescription)")
            #expect(String(decoding: response.body, as: UTF8.self).contains("upstream-unavailable"))
        }
    }

    @Test func aChunkedAnswerOverTheResponseLimitStreamsChunkedToAnHTTP11Client() async throws {
        let big = String(repeating: "x", count: 300)
        let reply = ScriptedUpstream.Reply(pieces: [
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            "A\r\n{\"id\":1,\"n\r\n", "134\r\name\":\"\(big)\"}\r\n", "0\r\n\r\n",
        ])
        try await withProxy([reply], configure: { $0.maximumResponseBodyBytes = 64 }) { harness, _ in
            let result = RawClient.exchange(port: harness.port, get, expectedResponses: 1)
            let response = try #require(result.responses.first, "\(result.text.prefix(300))")
            #expect(response.status == 200)
            #expect(response.headers.first("Transfer-Encoding") == "chunked")
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"id":1,"name":""# + big + #""}"#)
        }
    }

    @Test func anAnswerWithoutLengthEndsWithTheConnectionForAnHTTP10Client() async throws {
        let big = String(repeating: "y", count: 300)
        let reply = ScriptedUpstream.Reply(pieces: [
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            "13E\r\n{\"id\":1,\"name\":\"\(big)\"}\r\n0\r\n\r\n",
        ])
        try await withProxy([reply], configure: { $0.maximumResponseBodyBytes = 64 }) { harness, _ in
            let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.0\r\nHost: h\r\n\r\n")
            #expect(result.closedByServer)
            #expect(result.text.hasPrefix("HTTP/1.1 200"))
            #expect(result.text.contains("\r\nConnection: close\r\n"))
            #expect(!result.text.contains("Transfer-Encoding"))
            #expect(result.text.hasSuffix(#"{"id":1,"name":""# + big + #""}"#))
        }
    }

    @Test func bytesAfterAResponseRetireTheConnection() async throws {
        let first = ScriptedUpstream.Reply(pieces: ["HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{\"id\":1,\"name\":\"one\"}HTTP/1.1 200 OK\r\n"])
        let second = ScriptedUpstream.Reply(pieces: ["HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{\"id\":1,\"name\":\"two\"}"])
        try await withProxy([first, second]) { harness, upstream in
            let one = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            let two = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(String(decoding: one.body, as: UTF8.self) == #"{"id":1,"name":"one"}"#)
            #expect(String(decoding: two.body, as: UTF8.self) == #"{"id":1,"name":"two"}"#)
            #expect(upstream.connectionCount == 2)
        }
    }
}
