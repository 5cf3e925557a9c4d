import Testing
@testable import Sidecar

/// An encoded slash or a dot segment must not let a request be validated as one route and served as another:
/// either it is refused, or the upstream receives exactly the bytes that were validated.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct EncodedSlashRoutingTests {
    func send(_ target: String, allowEncodedSlashes: Bool = false, allowEncodedDelimiters: Bool = false) async throws
        -> (status: Int?, body: String, upstreamText: String, upstreamCount: Int) {
        let harness = try await Harness.start(configure: {
            $0.allowEncodedSlashes = allowEncodedSlashes
            $0.allowEncodedDelimiters = allowEncodedDelimiters
        }) { head, _ in
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
            let escapes = RequestScreen.percentEscapes(in: slice)
            let result = escapes.encodedSlash.flatMap { escapes.text($0, in: slice) }
            #expect(result == plain(path), "\(path)")
            if result != nil { found += 1 }
        }
        #expect(found > 2_000)
    }

    /// An audit of proxies between the sidecar and the service (nginx `proxy_pass http://app/$1` or `$uri`, Caddy's regex
    /// rewrite, ingress-nginx's `rewrite-target`) found an encoded `?` or `#` turned into the end of the path, an encoded
    /// line feed ending the rewrite's capture, and `%25%36%31` passed on as `%61`: all refused, none reaches the upstream.
    @Test func escapesAProxyBehindWouldDecodeIntoAnotherPathAreRefused() async throws {
        for (target, keyword) in [("/notes/me%3F", "encoded-delimiter"), ("/notes/admin%23users", "encoded-delimiter"),
                                  ("/notes/admin%0a", "encoded-control"), ("/notes/admin%0D%0AX:%20y", "encoded-control"),
                                  ("/notes/%25%36%31dmin", "double-encoding"), ("/notes/%256%31", "double-encoding")] {
            let outcome = try await send(target)
            #expect(outcome.status == 400, "\(target)")
            #expect(outcome.body.contains(keyword), "\(target): \(outcome.body)")
            #expect(outcome.upstreamCount == 0, "\(target)")
        }
    }

    @Test func encodedDelimitersCanBeAllowedButLineBreaksCannot() async throws {
        let allowed = try await send("/notes/c%23%3F", allowEncodedDelimiters: true)
        #expect(allowed.status == 200)
        #expect(allowed.upstreamText.hasPrefix("GET /notes/c%23%3F HTTP/1.1\r\n"))
        let lineBreak = try await send("/notes/a%0ab", allowEncodedSlashes: true, allowEncodedDelimiters: true)
        #expect(lineBreak.status == 400)
        #expect(lineBreak.upstreamCount == 0)
    }

    /// The one-pass scan against a model: decode the path once and look at what it holds.
    @Test func pathEscapeScanAgreesWithDecodingOnce() {
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x61...0x66: return byte - 0x61 + 10
            case 0x41...0x46: return byte - 0x41 + 10
            default: return nil
            }
        }
        // Only well-formed paths: the router refuses a `%` without two hex digits before these checks matter.
        func decodedOnce(_ path: String) -> [UInt8] {
            let bytes = Array(path.utf8)
            var out: [UInt8] = []
            var index = 0
            while index < bytes.count {
                if bytes[index] == 0x25, index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    out.append(high << 4 | low)
                    index += 3
                } else {
                    out.append(bytes[index])
                    index += 1
                }
            }
            return out
        }
        let pieces = ["/", "a", "6", "1", "f", "g", "%25", "%36", "%31", "%46", "%66", "%67", "%3F", "%3f", "%23", "%0a", "%0D", "%09",
                      "%20", "%2F", "%41"]
        var generator = SystemRandomNumberGenerator()
        var counts = (escaped: 0, delimiter: 0, control: 0)
        for _ in 0..<20_000 {
            let path = "/" + (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "/" }.joined()
            let decoded = decodedOnce(path)
            var escapeLeft = false
            for index in decoded.indices where decoded[index] == 0x25 && index + 2 < decoded.count
                && hexValue(decoded[index + 1]) != nil && hexValue(decoded[index + 2]) != nil { escapeLeft = true }
            let target = "x" + path + "?q=%25%36%31%3F%0a"
            let found = RequestScreen.percentEscapes(in: target.dropFirst().prefix(path.utf8.count))
            #expect((found.escapedEscape != nil) == escapeLeft, "\(path)")
            #expect((found.encodedDelimiter != nil) == decoded.contains(where: { $0 == 0x3F || $0 == 0x23 }), "\(path)")
            #expect((found.encodedControl != nil) == decoded.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }), "\(path)")
            if escapeLeft { counts.escaped += 1 }
            if found.encodedDelimiter != nil { counts.delimiter += 1 }
            if found.encodedControl != nil { counts.control += 1 }
        }
        #expect(counts.escaped > 200 && counts.delimiter > 2_000 && counts.control > 2_000, "\(counts)")
    }
}
