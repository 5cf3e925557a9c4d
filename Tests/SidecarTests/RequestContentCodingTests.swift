import Testing
import Validation
@testable import Sidecar

/// `request-content-coding`: what the proxy does with a gzip or deflate request body. `decode` (the default) forwards
/// the inflated body without `Content-Encoding`; `forward` validates the inflated body and sends the coded bytes on as
/// they came; `refuse` answers 415 with `Accept-Encoding: identity` (RFC 7694 §3). In every mode a coded body that
/// breaks the schema never reaches the upstream.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RequestContentCodingTests {
    static let valid = Array(#"{"name":"apple"}"#.utf8)
    static let invalid = Array(#"{"name":""}"#.utf8)

    struct Outcome {
        var status: Int?
        var acceptEncoding: String?
        var body: String
        var upstreamCount: Int
        /// The body the upstream received and its header fields, lowercased names.
        var upstreamBody: [UInt8]
        var upstreamHeaders: [(String, String)]
    }

    func send(_ body: [UInt8], coding: RequestContentCoding?, contentEncoding: String = "gzip") async throws -> Outcome {
        let harness = try await Harness.start(configure: { settings in if let coding { settings.requestContentCoding = coding } }) { _, _ in
            RecordingUpstream.Answer(status: 201, body: #"{"id":7,"name":"apple"}"#)
        }
        let head = "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Encoding: \(contentEncoding)\r\nContent-Length: \(body.count)\r\n\r\n"
        let result = RawClient.exchange(port: harness.port, Array(head.utf8) + body, expectedResponses: 1)
        await harness.stop()
        let response = result.responses.first
        let recorded = harness.upstream?.lastRequest
        return Outcome(status: response?.status, acceptEncoding: response?.headers.first("Accept-Encoding"), body: String(decoding: response?.body ?? [], as: UTF8.self),
                       upstreamCount: harness.upstream?.requestCount ?? -1, upstreamBody: recorded?.body ?? [],
                       upstreamHeaders: recorded?.head.headers.map { ($0.name.lowercased(), $0.value) } ?? [])
    }

    @Test func decodeForwardsTheInflatedBodyWithoutTheCoding() async throws {
        let outcome = try await send(compress(Self.valid), coding: nil)
        #expect(outcome.status == 201, "\(outcome.body)")
        #expect(outcome.upstreamBody == Self.valid)
        #expect(!outcome.upstreamHeaders.contains { $0.0 == "content-encoding" })
        #expect(outcome.upstreamHeaders.contains { $0 == ("content-length", "\(Self.valid.count)") })
    }

    @Test func forwardSendsTheCodedBytesAsTheyCame() async throws {
        let coded = compress(Self.valid)
        let outcome = try await send(coded, coding: .forward)
        #expect(outcome.status == 201, "\(outcome.body)")
        #expect(outcome.upstreamBody == coded)
        #expect(outcome.upstreamHeaders.contains { $0 == ("content-encoding", "gzip") })
        #expect(outcome.upstreamHeaders.contains { $0 == ("content-length", "\(coded.count)") })
    }

    @Test func forwardStillValidatesTheInflatedBody() async throws {
        let outcome = try await send(compress(Self.invalid), coding: .forward)
        #expect(outcome.status == 400)
        #expect(outcome.body.contains(#""keyword":"minLength""#), "\(outcome.body)")
        #expect(outcome.upstreamCount == 0)
    }

    @Test func refuseAnswers415NamingIdentity() async throws {
        for coding in ["gzip", "deflate", "br"] {
            let outcome = try await send(compress(Self.valid), coding: .refuse, contentEncoding: coding)
            #expect(outcome.status == 415, "\(coding): \(outcome.body)")
            #expect(outcome.body.contains(#""keyword":"content-encoding""#), "\(coding): \(outcome.body)")
            // Only the coding is named: the coded bytes were not read as JSON.
            #expect(outcome.body.components(separatedBy: #""keyword""#).count == 2, "\(coding): \(outcome.body)")
            #expect(outcome.acceptEncoding == "identity", "\(coding)")
            #expect(outcome.upstreamCount == 0)
        }
    }

    @Test func refuseLetsIdentityAndUncodedBodiesThrough() async throws {
        let outcome = try await send(Self.valid, coding: .refuse, contentEncoding: "identity")
        #expect(outcome.status == 201, "\(outcome.body)")
        #expect(outcome.upstreamBody == Self.valid)
    }

    @Test func settingIsReadFromTheConfigFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (text, expected) in [("forward", RequestContentCoding.forward), ("refuse", .refuse), ("decode", .decode)] {
            let path = try directory.write("specguard.yaml", "proxy:\n  request-content-coding: \(text)\n")
            var settings = SidecarSettings(specPath: "")
            try ConfigFile.apply(try ConfigFile.read(path: path).get(), section: "proxy", to: &settings).get()
            #expect(settings.requestContentCoding == expected)
        }
        let path = try directory.write("bad.yaml", "proxy:\n  request-content-coding: gunzip\n")
        var settings = SidecarSettings(specPath: "")
        #expect(throws: (any Error).self) { try ConfigFile.apply(try ConfigFile.read(path: path).get(), section: "proxy", to: &settings).get() }
    }
}
