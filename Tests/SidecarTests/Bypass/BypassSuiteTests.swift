import Documents
import Foundation
import Testing
@testable import Sidecar
import Validation

/// The bypass suite: every attack of the table goes through the live proxy (enforce mode) to a recording
/// upstream. Either the client gets a problem answer with the expected status and the upstream saw nothing,
/// or the upstream got exactly what was validated (method, target and body byte for byte; headers as the
/// proxy promises) and the validated operation is the one a lenient service would route it to.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct BypassSuiteTests {
    static let answer: @Sendable (NIOHTTP1Head, [UInt8]) -> RecordingUpstream.Answer = { head, _ in
        switch head.method {
        case .POST: return RecordingUpstream.Answer(status: 201, headers: [], body: "")
        case .DELETE: return RecordingUpstream.Answer(status: 204, headers: [], body: "")
        default: return RecordingUpstream.Answer(status: 200, headers: [], body: "")
        }
    }

    @Test func theTableCoversEnoughAttacks() {
        #expect(bypassCases.count >= 40)
        #expect(Set(bypassCases.map(\.name)).count == bypassCases.count, "case names are unique")
    }

    @Test(arguments: bypassCases)
    func attackIsRefusedOrForwardedAsValidated(_ attack: BypassCase) async throws {
        let harness = try await Harness.start(spec: bypassSpec, respond: Self.answer)
        let port = harness.port
        let request = attack.request
        let result = await OffPool.run { () -> RawClient.Result in
            guard let connection = RawConnection(port: port) else { return RawClient.Result(bytes: [], closedByServer: false) }
            defer { connection.shutdown() }
            connection.send(request)
            return connection.receive(milliseconds: 3_000, responses: 1)
        }
        let upstream = try #require(harness.upstream)
        let coverage = harness.runtime.services.coverage.report(for: harness.runtime.services.spec.current.document)
        await harness.stop()

        let response = try #require(result.finalResponses.first, "no answer: \(result.text)")
        if let continueSent = attack.continueSent {
            #expect(result.responses.contains { $0.status == 100 } == continueSent, "100 Continue sent: \(!continueSent)")
        }
        switch attack.outcome {
        case .rejected(let status):
            #expect(response.status == status, "answer: \(result.text)")
            #expect(response.headers.first("Content-Type") == ProblemDocument.mediaType)
            if let keyword = attack.keyword {
                #expect(String(decoding: response.body, as: UTF8.self).contains(#""keyword":"\#(keyword)""#), "answer: \(result.text)")
            }
            #expect(upstream.requestCount == 0)
            #expect(upstream.rawBytes.isEmpty)
        case .forwarded(let operationId):
            #expect((200..<300).contains(response.status), "answer: \(result.text)")
            try expectForwardedAsSent(attack.readAs ?? attack.request, upstream: upstream)
            #expect(Self.validatedOperations(coverage) == [operationId])
            if let received = upstream.lastRequest {
                #expect(LenientServiceRouter.operationId(method: received.head.method.rawValue, target: received.head.uri) == operationId)
            }
        }
    }

    /// The upstream got one request: same method, target and (de-chunked) body as sent; the sent header
    /// fields minus hop-by-hop ones, `Expect` and `X-Forwarded-*`, in order; `X-Forwarded-For` added.
    func expectForwardedAsSent(_ sent: [UInt8], upstream: RecordingUpstream) throws {
        #expect(upstream.requestCount == 1)
        let original = try HTTPMessageParser(options: .strict).parse(sent).get()
        let forwarded = try HTTPMessageParser(options: .strict).parse(upstream.rawBytes).get()
        guard case .request(let method, let target, _) = original.startLine,
              case .request(let forwardedMethod, let forwardedTarget, let forwardedVersion) = forwarded.startLine else {
            Issue.record("not requests")
            return
        }
        #expect(forwardedMethod == method)
        #expect(forwardedTarget == target)
        #expect(forwardedVersion == "HTTP/1.1")
        #expect(forwarded.body == original.body)
        let dropped: Set<String> = ["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "expect", "content-length",
                                    "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"]
        func kept(_ headers: HTTPHeaders) -> [String] {
            headers.fields.filter { !dropped.contains($0.name.lowercased()) && !$0.name.lowercased().hasPrefix("proxy-") }
                .map { "\($0.name): \($0.value)" }
        }
        #expect(kept(forwarded.headers) == kept(original.headers))
        #expect(forwarded.headers.values("X-Forwarded-For") == ["127.0.0.1"])
        if !original.body.isEmpty {
            #expect(forwarded.headers.values("Content-Length") == [String(original.body.count)])
        }
        #expect(forwarded.trailers.isEmpty)
    }

    /// Operation ids the proxy counted an exchange for (from its coverage report).
    static func validatedOperations(_ report: JSONValue) -> [String] {
        var ids: [String] = []
        for operation in report["operations"]?.arrayValue ?? [] {
            if let requests = operation["requests"]?.intValue, requests > 0, let id = operation["operationId"]?.stringValue { ids.append(id) }
        }
        return ids
    }
}

/// `Expect: 100-continue` sent the way clients do it: the head, a wait for the interim answer, then the body.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ExpectContinueTests {
    func converse(head: String, body: String) async throws -> (interim: RawClient.Result, final: RawClient.Result, upstreamCount: Int) {
        let harness = try await Harness.start(spec: bypassSpec, respond: BypassSuiteTests.answer)
        let port = harness.port
        let (interim, final) = await OffPool.run { () -> (RawClient.Result, RawClient.Result) in
            guard let connection = RawConnection(port: port) else { return (RawClient.Result(bytes: [], closedByServer: false), RawClient.Result(bytes: [], closedByServer: false)) }
            defer { connection.shutdown() }
            connection.send(head)
            let interim = connection.receive(milliseconds: 1_000, responses: 1, countingInterim: true)
            if interim.finalResponses.isEmpty { connection.send(body) }
            return (interim, connection.receive(milliseconds: 2_000, responses: 1))
        }
        let count = harness.upstream?.requestCount ?? -1
        await harness.stop()
        return (interim, final, count)
    }

    @Test func aValidRequestIsInvitedThenForwarded() async throws {
        let body = Wire.validBody
        let outcome = try await converse(head: "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n", body: body)
        #expect(outcome.interim.responses.first?.status == 100)
        #expect(outcome.final.finalResponses.first?.status == 201)
        #expect(outcome.upstreamCount == 1)
    }

    @Test func aRequestWhoseHeadIsInvalidGetsItsErrorBeforeSendingTheBody() async throws {
        let body = Wire.validBody
        let outcome = try await converse(head: "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/xml\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n", body: body)
        #expect(outcome.interim.responses.map(\.status) == [415])
        #expect(outcome.interim.responses.first?.headers.first("Connection") == "close")
        #expect(outcome.upstreamCount == 0)
    }

    @Test func aBodyOverTheLimitIsRefusedBeforeItIsSent() async throws {
        let outcome = try await converse(head: "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n", body: "")
        #expect(outcome.interim.responses.map(\.status) == [413])
        #expect(outcome.upstreamCount == 0)
    }
}
