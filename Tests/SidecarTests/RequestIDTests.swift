import Foundation
import NIOHTTP1
import Testing
@testable import Sidecar
import Validation

/// The exchange's correlation ID (`RequestID`): in every problem document (field and `requestId`), in the log line of
/// the exchange, the client's own when it sent a well-formed one, and with `forwardRequestID` also in the forwarded
/// request.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RequestIDTests {
    static let invalidBody = #"{"name":""}"#
    static func invalidPost(_ extraFields: String = "") -> String {
        "POST /items HTTP/1.1\r\nHost: h\r\n\(extraFields)Content-Type: application/json\r\nContent-Length: \(invalidBody.utf8.count)\r\n\r\n\(invalidBody)"
    }

    /// 8-4-4-4-12 lowercase hex digits, version 4, variant 10.
    static func isVersion4UUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)) {
                return false
            }
        }
        return bytes[14] == UInt8(ascii: "4") && "89ab".utf8.contains(bytes[19])
    }

    /// The `requestId` member of a problem document.
    static func requestIdMember(_ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return object["requestId"] as? String
    }

    /// The `request_id` of the first log line holding `event`.
    static func loggedID(_ lines: [String], event: String) -> String? {
        for line in lines where line.contains(#""event":"\#(event)""#) {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                if let id = object["request_id"] as? String { return id }
                if let metadata = object["metadata"] as? [String: Any], let id = metadata["request_id"] as? String { return id }
            }
        }
        return nil
    }

    // MARK: The generator and the client's value

    @Test func madeIDsAreVersion4UUIDsAndDoNotRepeat() {
        var generator = CorrelationIDGenerator()
        var seen = Set<String>()
        for _ in 0..<20_000 {
            let id = generator.next()
            #expect(Self.isVersion4UUID(id), "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
        // Two generators seeded by the system do not start alike; one seeded alike repeats its sequence.
        var one = CorrelationIDGenerator(), other = CorrelationIDGenerator()
        #expect(one.next() != other.next())
        var first = CorrelationIDGenerator(seed: (1, 2, 3, 4)), second = CorrelationIDGenerator(seed: (1, 2, 3, 4))
        #expect((0..<5).map { _ in first.next() } == (0..<5).map { _ in second.next() })
        var zero = CorrelationIDGenerator(seed: (0, 0, 0, 0))
        #expect(zero.next() != zero.next())
    }

    @Test func aClientsValueIsTakenOnlyWhenItIsOneWellFormedField() {
        let longest = String(repeating: "a", count: RequestID.maximumLength)
        let accepted: [(Validation.HTTPHeaders, String)] = [
            ([("X-Request-Id", "abc-123")], "abc-123"),
            ([("x-request-id", "Root=1-5759e988;Sampled=1")], "Root=1-5759e988;Sampled=1"),
            ([("X-REQUEST-ID", longest)], longest),
            ([("Host", "h"), ("X-Request-Id", "~!#$%&'*+.^_`|")], "~!#$%&'*+.^_`|"),
        ]
        for (headers, id) in accepted { #expect(RequestID.fromClient(headers, name: "X-Request-Id") == id) }
        let refused: [Validation.HTTPHeaders] = [
            [],
            [("X-Request-Id", "")],
            [("X-Request-Id", "has space")],
            [("X-Request-Id", "tab\there")],
            [("X-Request-Id", longest + "a")],
            [("X-Request-Id", "caf\u{E9}")],
            [("X-Request-Id", "a"), ("X-Request-Id", "b")],
            [("X-Request-Id", "a"), ("x-request-id", "a")],
            [("X_Request_Id", "a")],
            [("X-Request-Ids", "a")],
        ]
        for headers in refused { #expect(RequestID.fromClient(headers, name: "X-Request-Id") == nil, "\(headers.fields)") }
        // Another name is looked up byte for byte, case ignored.
        #expect(RequestID.fromClient([("x-correlation-id", "c-1"), ("X-Request-Id", "r-1")], name: "X-Correlation-Id") == "c-1")
        #expect(RequestID.fromClient([("X-Request-Id", "r-1")], name: "X-Correlation-Id") == nil)
    }

    @Test func theFieldNameMustBeATokenThatTheProxyDoesNotSetOrFrameBy() {
        for name in ["X-Request-Id", "X-Correlation-ID", "x_trace_id", "Request-Id"] { #expect(ConfigFile.requestIDHeaderName(name) == name) }
        for name in ["", "X Request", "X-Request-Id:", "Content-Length", "content_length", "Host", "Transfer-Encoding", "X-Forwarded-For",
                     "Connection", "Proxy-Foo", String(repeating: "x", count: 65), "X-Caf\u{E9}", "Authorization", "cookie", "Set_Cookie",
                     "Proxy-Authorization"] {
            #expect(ConfigFile.requestIDHeaderName(name) == nil, "\(name)")
        }
    }

    @Test func configFileSetsTheNameInBothSectionsAndForwardingInTheProxys() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("specguard.yaml", """
            spec: s.yaml
            proxy: {request-id-header: X-Correlation-Id, forward-request-id: true}
            mock: {request-id-header: X-Mock-Id}
            """)
        let root = try ConfigFile.read(path: path).get()
        var proxy = SidecarSettings(specPath: "")
        try ConfigFile.apply(root, section: "proxy", to: &proxy).get()
        #expect(proxy.requestIDHeader == "X-Correlation-Id")
        #expect(proxy.forwardRequestID)
        var mock = SidecarSettings(specPath: "")
        try ConfigFile.apply(root, section: "mock", to: &mock).get()
        #expect(mock.requestIDHeader == "X-Mock-Id")
        #expect(!mock.forwardRequestID)
        let bad = try directory.write("bad.yaml", "proxy: {request-id-header: Content-Length}\n")
        var settings = SidecarSettings(specPath: "")
        guard case .failure(let error) = ConfigFile.apply(try ConfigFile.read(path: bad).get(), section: "proxy", to: &settings) else {
            Issue.record("a framing field was taken as the ID's field")
            return
        }
        #expect(error.description.contains("request-id-header"))
        let misplaced = try directory.write("misplaced.yaml", "mock: {forward-request-id: true}\n")
        #expect(throws: (any Error).self) { try ConfigFile.apply(try ConfigFile.read(path: misplaced).get(), section: "mock", to: &settings).get() }
    }

    // MARK: Through the proxy

    @Test func aRejectedRequestWithoutAnIDGetsAMadeOneInTheDocumentTheFieldAndTheLogLine() async throws {
        let harness = try await Harness.start()
        let result = RawClient.exchange(port: harness.port, Self.invalidPost(), expectedResponses: 1)
        let logs = harness.logs.all
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 400)
        let id = try #require(Self.requestIdMember(response.body))
        #expect(Self.isVersion4UUID(id))
        #expect(response.headers.first("X-Request-Id") == id)
        #expect(Self.loggedID(logs, event: "request-rejected") == id)
        #expect(harness.upstream?.requestCount == 0)
    }

    @Test func aClientsIDIsUsedAndAMalformedOneIsNot() async throws {
        let harness = try await Harness.start()
        let given = RawClient.exchange(port: harness.port, Self.invalidPost("X-Request-Id: client-7f3a\r\n"), expectedResponses: 1)
        let malformed = RawClient.exchange(port: harness.port, Self.invalidPost("X-Request-Id: two words\r\n"), expectedResponses: 1)
        let twice = RawClient.exchange(port: harness.port, Self.invalidPost("X-Request-Id: a\r\nX-Request-Id: b\r\n"), expectedResponses: 1)
        let logs = harness.logs.all
        await harness.stop()
        let response = try #require(given.responses.first)
        #expect(Self.requestIdMember(response.body) == "client-7f3a")
        #expect(response.headers.first("X-Request-Id") == "client-7f3a")
        #expect(Self.loggedID(logs, event: "request-rejected") == "client-7f3a")
        for other in [malformed, twice] {
            let answer = try #require(other.responses.first)
            let id = try #require(Self.requestIdMember(answer.body))
            #expect(Self.isVersion4UUID(id))
            #expect(answer.headers.values("X-Request-Id") == [id])
        }
    }

    @Test func pipelinedExchangesEachGetTheirOwnID() async throws {
        let harness = try await Harness.start()
        let result = RawClient.exchange(port: harness.port, Self.invalidPost() + Self.invalidPost("X-Request-Id: second\r\n") + Self.invalidPost(),
                                        expectedResponses: 3)
        await harness.stop()
        let ids = result.responses.compactMap { Self.requestIdMember($0.body) }
        #expect(ids.count == 3)
        #expect(ids[1] == "second")
        #expect(Set(ids).count == 3)
    }

    @Test func aRequestThatCannotBeFramedGetsAnIDToo() async throws {
        let harness = try await Harness.start(respond: ProxyForwardingTests.createdItem)
        // After a refused exchange whose client named its ID, on the same connection: the unframeable request's is new.
        let earlier = Self.invalidPost("X-Request-Id: earlier\r\n")
        let result = RawClient.exchange(port: harness.port, earlier + "POST /items HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
                                        expectedResponses: 2)
        let logs = harness.logs.all
        await harness.stop()
        try #require(result.responses.count == 2)
        #expect(Self.requestIdMember(result.responses[0].body) == "earlier")
        let response = result.responses[1]
        #expect(response.status == 400)
        let id = try #require(Self.requestIdMember(response.body))
        #expect(Self.isVersion4UUID(id))
        #expect(response.headers.first("X-Request-Id") == id)
        #expect(Self.loggedID(logs, event: "request-refused") == id)
    }

    @Test func byDefaultNothingIsAddedToTheForwardedRequest() async throws {
        let harness = try await Harness.start(respond: ProxyForwardingTests.createdItem)
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        let forwarded = harness.upstream?.rawText ?? ""
        await harness.stop()
        #expect(result.responses.first?.status == 200)
        #expect(!forwarded.lowercased().contains("x-request-id"))
        #expect(result.responses.first?.headers.values("X-Request-Id") == [])
    }

    @Test func withForwardingAMadeIDReachesTheServiceAndAClientsGoesOnAsItCame() async throws {
        let harness = try await Harness.start(configure: { $0.forwardRequestID = true }, respond: ProxyForwardingTests.createdItem)
        let targets = ["", "X-Request-Id: kept-1\r\n", "X-Request-Id: not ok\r\n", "X-Request-Id: a\r\nx-request-id: b\r\n", "X_Request_Id: alias\r\n"]
        for fields in targets {
            let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\(fields)\r\n", expectedResponses: 1)
            #expect(result.responses.first?.status == 200)
        }
        let recorded = harness.upstream?.requests ?? []
        await harness.stop()
        try #require(recorded.count == targets.count)
        let values = recorded.map { $0.head.headers["X-Request-Id"] }
        #expect(values[1] == ["kept-1"])
        for index in [0, 2, 3, 4] {
            #expect(values[index].count == 1, "\(targets[index])")
            #expect(values[index].first.map(Self.isVersion4UUID) == true, "\(targets[index])")
        }
        // The client's malformed, repeated or differently spelt fields do not go on beside the made one.
        #expect(recorded[4].head.headers["X_Request_Id"] == [])
        #expect(Set(values.compactMap(\.first)).count == targets.count)
    }

    @Test func aReplacedResponseCarriesTheIDTheServiceSaw() async throws {
        let harness = try await Harness.start(configure: { $0.forwardRequestID = true }) { _, _ in
            RecordingUpstream.Answer(body: #"{"id":"seven"}"#)
        }
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        let logs = harness.logs.all
        let seen = harness.upstream?.lastRequest?.head.headers["X-Request-Id"].first
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 502)
        let id = try #require(Self.requestIdMember(response.body))
        #expect(seen == id)
        #expect(response.headers.first("X-Request-Id") == id)
        #expect(Self.loggedID(logs, event: "response-replaced") == id)
    }

    @Test func anUpstreamFailureIsLoggedAndAnsweredWithOneID() async throws {
        let harness = try await Harness.start(upstreamUp: false)
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nX-Request-Id: lb-42\r\n\r\n", expectedResponses: 1)
        let logs = harness.logs.all
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 502)
        #expect(Self.requestIdMember(response.body) == "lb-42")
        #expect(Self.loggedID(logs, event: "upstream-failed") == "lb-42")
    }

    /// A field that carries a credential is never taken as the ID (it would be echoed and logged): the spec's
    /// `apiKey` header named as the ID's field gives a made ID, and the key appears nowhere.
    @Test func anAPIKeyFieldIsNeverTakenAsTheID() async throws {
        let spec = itemsSpec.replacingOccurrences(of: "    clientCert: {type: mutualTLS}", with: """
                clientCert: {type: mutualTLS}
                key: {type: apiKey, in: header, name: X-Key}
            """)
        #expect(spec != itemsSpec)
        let harness = try await Harness.start(spec: spec, configure: { $0.requestIDHeader = "X-Key" })
        let result = RawClient.exchange(port: harness.port, Self.invalidPost("X-Key: sk-live-secret\r\n"), expectedResponses: 1)
        let logs = harness.logs.all
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(response.status == 400)
        let id = try #require(Self.requestIdMember(response.body))
        #expect(Self.isVersion4UUID(id))
        #expect(!result.text.contains("sk-live-secret"))
        #expect(!logs.joined().contains("sk-live-secret"))
    }

    @Test func anotherFieldNameIsUsedForReadingAndAnswering() async throws {
        let harness = try await Harness.start(configure: { $0.requestIDHeader = "X-Correlation-Id" })
        let result = RawClient.exchange(port: harness.port, Self.invalidPost("X-Request-Id: ignored\r\nX-Correlation-Id: corr-9\r\n"),
                                        expectedResponses: 1)
        await harness.stop()
        let response = try #require(result.responses.first)
        #expect(Self.requestIdMember(response.body) == "corr-9")
        #expect(response.headers.first("X-Correlation-Id") == "corr-9")
        #expect(response.headers.values("X-Request-Id") == [])
    }
}
