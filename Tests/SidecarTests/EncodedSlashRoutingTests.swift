import Testing
@testable import Sidecar

/// An encoded slash or a dot segment must not let a request be validated as one route and served as another:
/// either it is refused, or the upstream receives exactly the bytes that were validated.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct EncodedSlashRoutingTests {
    func send(_ target: String, allowEncodedSlashes: Bool = false) async throws -> (status: Int?, body: String, upstreamText: String, upstreamCount: Int) {
        let harness = try await Harness.start(configure: { $0.allowEncodedSlashes = allowEncodedSlashes }) { head, _ in
            head.uri.hasPrefix("/items") ? RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#) : RecordingUpstream.Answer(headers: [], body: "")
        }
        let result = RawClient.exchange(port: harness.port, "GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        await harness.stop()
        let body = String(decoding: result.responses.first?.body ?? [], as: UTF8.self)
        return (result.responses.first?.status, body, harness.upstream?.rawText ?? "", harness.upstream?.requestCount ?? -1)
    }

    @Test func encodedSlashInAPlainStringParameterIsRefusedByDefault() async throws {
        for target in ["/notes/a%2F..%2F..%2Fitems%2F1", "/notes/a%2fb", "/notes/a%5C..%5Cadmin"] {
            let outcome = try await send(target)
            #expect(outcome.status == 400, "\(target)")
            #expect(outcome.body.contains("encoded-slash"))
            #expect(outcome.upstreamCount == 0)
        }
    }

    @Test func encodedSlashCanBeAllowedAndIsThenForwardedUnchanged() async throws {
        let outcome = try await send("/notes/a%2Fb", allowEncodedSlashes: true)
        #expect(outcome.status == 200)
        #expect(outcome.upstreamText.hasPrefix("GET /notes/a%2Fb HTTP/1.1\r\n"))
    }

    @Test func encodedSlashInAPathParameterIsValidatedDecodedAndRefused() async throws {
        let outcome = try await send("/files/a%2F..%2F..%2Fitems%2F1")
        #expect(outcome.status == 400)
        #expect(outcome.upstreamCount == 0)
    }

    @Test func dotSegmentsCannotReachAnotherRoute() async throws {
        for target in ["/files/../items/1", "/files/%2e%2e/items/1", "/files/abc/../../items/1"] {
            let outcome = try await send(target)
            if outcome.upstreamCount > 0 {
                #expect(outcome.upstreamText.hasPrefix("GET \(target) HTTP/1.1\r\n"), "forwarded target must be the validated bytes")
            } else {
                #expect((outcome.status ?? 0) >= 400, "\(target)")
            }
        }
    }

    @Test func percentEncodedCharactersThatValidateAreForwardedUnchanged() async throws {
        let outcome = try await send("/items/%31")
        #expect(outcome.status == 200)
        #expect(outcome.upstreamText.hasPrefix("GET /items/%31 HTTP/1.1\r\n"))
    }

    /// The search for `%2F`/`%5C` over the path's bytes finds what a plain scan of the characters finds: the first one,
    /// as written; nothing after a `%` too close to the end (20,000 random paths of slashes, letters and escapes).
    @Test func encodedSlashSearchAgreesWithAPlainScan() {
        func plain(_ path: String) -> String? {
            let bytes = Array(path.utf8)
            for index in bytes.indices where bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count else { return nil }
                let pair = [bytes[index + 1], bytes[index + 2] | 0x20]
                if pair == [UInt8(ascii: "2"), UInt8(ascii: "f")] || pair == [UInt8(ascii: "5"), UInt8(ascii: "c")] {
                    return String(decoding: bytes[index...(index + 2)], as: UTF8.self)
                }
            }
            return nil
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["/", "a", "items", "%", "%2", "%2F", "%2f", "%5C", "%5c", "%25", "%2e", "2F", "%5", "é", "%C3%A9"]
        var found = 0
        for _ in 0..<20_000 {
            let path = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "/" }.joined()
            // As the handler sees it: a slice of a longer target.
            let target = "x" + path + "?q=%2F"
            let slice = target.dropFirst().prefix(path.count)
            let result = RequestScreen.percentEscapes(in: slice).encodedSlash
            #expect(result == plain(path), "\(path)")
            if result != nil { found += 1 }
        }
        #expect(found > 2_000)
    }
}

