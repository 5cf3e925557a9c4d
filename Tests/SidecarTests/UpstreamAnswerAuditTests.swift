import Foundation
import Testing
@testable import Sidecar

/// What an audit of the upstream side found (a scripted upstream in front of the proxy, strict and tolerant clients
/// behind it): each answer here reached the client in a form other than the one validated, or stalled a valid one.
extension UpstreamFramingTests {
    static let invalidItem = Array(#"{"id":"x","evil":true}"#.utf8)
    static let validItem = Array(#"{"id":1,"name":"n1"}"#.utf8)

    static func answer(_ fields: String, _ body: [UInt8]) -> ScriptedUpstream.Reply {
        ScriptedUpstream.Reply(bytes: [Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\(fields)Content-Length: \(body.count)\r\n\r\n".utf8) + body])
    }

    /// Codings curl `--compressed` and browsers read but the proxy cannot decode passed unvalidated in enforce mode:
    /// brotli, raw deflate, a gzip member with bytes after it or without its trailer. They are violations now.
    @Test(arguments: ["br", "raw-deflate", "gzip-trailing", "gzip-truncated"])
    func answersWhoseCodingCannotBeDecodedAreReplacedInEnforceMode(_ variant: String) async throws {
        let coded: [UInt8]
        var coding = "gzip"
        switch variant {
        case "br": coding = "br"; coded = [0x1B, 0x15, 0x00, 0xF8, 0x25] + Self.invalidItem
        case "raw-deflate":
            coding = "deflate"
            let zlib = compress(Self.invalidItem, gzip: false)
            coded = Array(zlib.dropFirst(2).dropLast(4))
        case "gzip-trailing": coded = compress(Self.invalidItem) + Array("\0\0garbage".utf8)
        default: coded = Array(compress(Self.invalidItem).dropLast(8))
        }
        try await withProxy([Self.answer("Content-Encoding: \(coding)\r\n", coded)]) { harness, _ in
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 502, "\(variant)")
            #expect(String(decoding: response.body, as: UTF8.self).contains("content-encoding"), "\(variant)")
        }
        // In report mode the answer passes as it came (and is counted as a violation).
        try await withProxy([Self.answer("Content-Encoding: \(coding)\r\n", coded)], configure: { $0.mode = .report }) { harness, _ in
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 200, "\(variant)")
            #expect(response.body == coded, "\(variant)")
        }
    }

    /// An empty coding (`Content-Encoding: `, `identity,`) is no coding to clients: the body is validated as it is.
    @Test func emptyCodingsAreReadAsNone() async throws {
        try await withProxy([Self.answer("Content-Encoding: \r\n", Self.invalidItem), Self.answer("Content-Encoding: identity,\r\n", Self.validItem)]) { harness, _ in
            let first = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(first.status == 502)
            let second = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(second.status == 200)
            #expect(second.body == Self.validItem)
        }
    }

    /// The first of two Content-Type fields was validated, browsers use the last (`text/html`).
    @Test func twoContentTypeFieldsAreReplaced() async throws {
        try await withProxy([Self.answer("Content-Type: text/html\r\n", Self.validItem)]) { harness, _ in
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 502)
        }
    }

    /// A field the upstream's `Connection` lists is dropped on the way to the client, so the answer is validated without
    /// it: `Connection: Content-Type` left a body checked as JSON to arrive without a type, `Connection: Content-Encoding`
    /// a gzip body checked inflated to arrive coded and labelled JSON.
    @Test func fieldsThatConnectionListsAreNotValidated() async throws {
        let gzipped = compress(Self.validItem)
        try await withProxy([Self.answer("Connection: Content-Type\r\n", Self.validItem),
                             Self.answer("Content-Encoding: gzip\r\nConnection: Content-Encoding\r\n", gzipped),
                             Self.answer("Connection: keep-alive, X-Debug\r\nX-Debug: 1\r\n", Self.validItem)]) { harness, _ in
            let first = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(first.status == 502)
            let second = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(second.status == 502)
            let third = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(third.status == 200)
            #expect(third.headers.first("X-Debug") == nil)
        }
    }

    /// Empty lines before the status line are skipped: `\r\n\r\n` ahead of a whole answer read as an empty head and
    /// the client waited for the request timeout (504).
    @Test func emptyLinesBeforeTheStatusLineAreSkipped() async throws {
        var reply = Self.answer("", Self.validItem)
        reply = ScriptedUpstream.Reply(bytes: [Array("\r\n\r\n\n".utf8) + reply.pieces.flatMap { $0 }])
        try await withProxy([reply], configure: { $0.requestTimeoutMilliseconds = 5_000 }) { harness, _ in
            let started = Date()
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 200)
            #expect(response.body == Self.validItem)
            #expect(Date().timeIntervalSince(started) < 4)
        }
    }

    /// An unreadable answer on a reused connection (bytes an earlier answer left, say) gets an idempotent request sent
    /// once more on a new connection, as a connection closed while idle does; a POST is never sent twice: 502.
    @Test func anUnreadableAnswerOnAReusedConnectionIsRetriedOnlyForIdempotentRequests() async throws {
        let bad = ScriptedUpstream.Reply(pieces: ["HTTP/1.1 200 OK\r\nBad Header\r\n\r\n"])
        try await withProxy([Self.answer("", Self.validItem), bad, Self.answer("", Self.validItem)]) { harness, upstream in
            let client = "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: h\r\n\r\n"
            let result = RawClient.exchange(port: harness.port, client, expectedResponses: 2)
            #expect(result.responses.map(\.status) == [200, 200])
            #expect(upstream.requestCount == 3)
            #expect(upstream.connectionCount == 2)
        }
        let created = ScriptedUpstream.Reply(pieces: ["HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"id\":7,\"name\":\"n7\"}"])
        try await withProxy([Self.answer("", Self.validItem), bad, created]) { harness, upstream in
            let post = "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"name\":\"n7\"}"
            let result = RawClient.exchange(port: harness.port, get + post, expectedResponses: 2)
            #expect(result.responses.map(\.status) == [200, 502])
            #expect(upstream.requestCount == 2)
        }
    }

    /// An answer that does not start with `HTTP/` is a 502 at once, not a 504 after the request timeout.
    @Test func anAnswerThatIsNotHTTPIsRefusedAtOnce() async throws {
        try await withProxy([ScriptedUpstream.Reply(pieces: ["SSH-2.0-OpenSSH_9.0\r\n"])], configure: { $0.requestTimeoutMilliseconds = 5_000 }) { harness, _ in
            let started = Date()
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 502)
            #expect(Date().timeIntervalSince(started) < 4)
        }
    }

    /// `101` switches protocols and `HTTP/2.0` is not HTTP/1.1: both are refused at once, not skipped or relayed.
    @Test(arguments: ["HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"id\":1,\"name\":\"n1\"}",
                      "HTTP/2.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"id\":1,\"name\":\"n1\"}"])
    func otherProtocolsAreRefused(_ raw: String) async throws {
        try await withProxy([ScriptedUpstream.Reply(pieces: [raw])]) { harness, _ in
            let response = try #require(RawClient.exchange(port: harness.port, get, expectedResponses: 1).responses.first)
            #expect(response.status == 502)
        }
    }

    /// A 204 goes on without the upstream's `Content-Length` (RFC 9110 §8.6: a 204 must not carry one).
    @Test func aNoContentAnswerLosesItsLength() async throws {
        let spec = "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\nX-Kept: 1\r\n\r\n"
        try await withProxy([ScriptedUpstream.Reply(pieces: [spec])], configure: { $0.validateResponses = false }) { harness, _ in
            let result = RawClient.exchange(port: harness.port, get, expectedResponses: 1)
            #expect(result.text.hasPrefix("HTTP/1.1 204"), "\(result.text)")
            #expect(!result.text.lowercased().contains("content-length"), "\(result.text)")
            #expect(result.text.contains("X-Kept: 1"))
        }
    }

    /// A streamed answer (over the response limit) goes on with one `Content-Length` of the proxy's own: the upstream's
    /// `100, 100` is 100 to the reader here and an error to strict clients (Node's parser).
    @Test func aStreamedAnswerGetsOneLength() async throws {
        let body = #"{"id":1,"name":""# + String(repeating: "z", count: 80) + #""}"#
        let reply = ScriptedUpstream.Reply(pieces: ["HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count), \(body.utf8.count)\r\n\r\n" + body])
        try await withProxy([reply], configure: { $0.maximumResponseBodyBytes = 32 }) { harness, _ in
            let result = RawClient.exchange(port: harness.port, get, expectedResponses: 1)
            #expect(result.text.contains("\r\nContent-Length: \(body.utf8.count)\r\n"), "\(result.text.prefix(200))")
            #expect(!result.text.contains(", \(body.utf8.count)"))
            #expect(result.text.hasSuffix(body))
        }
    }
}
