import NIOCore
import OpenAPIModel
import Testing
@testable import Sidecar
import Validation

@Suite struct HeaderHandlingTests {
    @Test func hopByHopFieldsAndConnectionTokensAreRemovedInOrder() {
        let headers: Validation.HTTPHeaders = [("Host", "h"), ("Connection", "close, X-Private"), ("X-Private", "1"), ("Keep-Alive", "5"),
                                   ("Proxy-Connection", "keep-alive"), ("Upgrade", "h2c"), ("Trailer", "X"), ("TE", "trailers"),
                                   ("Transfer-Encoding", "chunked"), ("traceparent", "00-1-2-01"), ("Accept", "*/*")]
        let kept = HopByHopHeaders.removing(from: headers)
        #expect(kept.map { $0.name } == ["Host", "traceparent", "Accept"])
    }

    @Test func connectionFieldWithOnlyKeepAliveOrCloseNamesNoOtherField() {
        #expect(HopByHopHeaders.namesOnlyConnectionOptions("keep-alive"))
        #expect(HopByHopHeaders.namesOnlyConnectionOptions(" Keep-Alive ,\tCLOSE,"))
        #expect(HopByHopHeaders.namesOnlyConnectionOptions(""))
        #expect(!HopByHopHeaders.namesOnlyConnectionOptions("keep-alive, X-Private"))
        #expect(!HopByHopHeaders.namesOnlyConnectionOptions("keep-alivex"))
    }

    /// The whole-value shortcut (`singleOption`) decides as splitting into tokens does: for one option in any case, and
    /// for look-alikes (a Kelvin sign for `K`, which Swift's `==` would take for `K`; padding; a longer word).
    @Test(arguments: ["keep-alive", "Keep-Alive", "KEEP-ALIVE", "close", "Close", "CLOSE", "\u{212A}eep-Alive", "clos\u{0065}\u{0301}",
                      " close", "close ", "keep-alivex", "kee-alive", "closed", "clos", "keep-alive, close", "close,", "upgrade", ""])
    func singleOptionAgreesWithTheTokens(value: String) {
        // The token path's own reading, byte by byte (ASCII case ignored, nothing else folded).
        var close = false, keepAlive = false, onlyOptions = true, count = 0
        HopByHopHeaders.forEachConnectionToken(value) { token in
            count += 1
            let isClose = HopByHopHeaders.equalsIgnoringCase(token, "close"), isKeepAlive = HopByHopHeaders.equalsIgnoringCase(token, "keep-alive")
            close = close || isClose
            keepAlive = keepAlive || isKeepAlive
            if !token.isEmpty, !isClose, !isKeepAlive { onlyOptions = false }
            return true
        }
        let bytes = Array(value.utf8)
        let whole = bytes.withUnsafeBufferPointer { buffer -> HopByHopHeaders.SingleOption? in
            HopByHopHeaders.equalsIgnoringCase(buffer, "keep-alive") ? .keepAlive : HopByHopHeaders.equalsIgnoringCase(buffer, "close") ? .close : nil
        }
        #expect(HopByHopHeaders.singleOption(value) == whole, "\(value)")
        if let whole { #expect(count == 1 && (whole == .close ? close : keepAlive), "\(value)") }
        // Whichever way is taken, the answers are the token path's.
        let headers: Validation.HTTPHeaders = [("Connection", value)]
        #expect(HopByHopHeaders.keepsAlive(minorVersion: 1, headers: headers) == !close, "\(value)")
        #expect(HopByHopHeaders.keepsAlive(minorVersion: 0, headers: headers) == (!close && keepAlive), "\(value)")
        #expect(HopByHopHeaders.namesOnlyConnectionOptions(value) == onlyOptions, "\(value)")
    }

    @Test func keepAliveConnectionFieldIsRemovedAndTheRestKeptInOrder() {
        let headers: Validation.HTTPHeaders = [("Server", "s"), ("Connection", "keep-alive"), ("Content-Type", "application/json"), ("Keep-Alive", "timeout=5")]
        #expect(HopByHopHeaders.removing(from: headers).map { $0.name } == ["Server", "Content-Type"])
    }

    @Test func theOnlyHopByHopFieldBeingAPlainConnectionIsDroppedAlone() {
        let headers: Validation.HTTPHeaders = [("Server", "nginx"), ("Date", "d"), ("Content-Type", "application/json"),
                                               ("Content-Length", "2"), ("Connection", "keep-alive")]
        #expect(HopByHopHeaders.removing(from: headers).map { $0.name } == ["Server", "Date", "Content-Type", "Content-Length"])
        let listing: Validation.HTTPHeaders = [("Connection", "keep-alive"), ("Connection", "X-Private"), ("X-Private", "1"), ("Date", "d")]
        #expect(HopByHopHeaders.removing(from: listing).map { $0.name } == ["Date"])
    }

    /// A name's class decides by first letter and length before comparing: the listed names in any case, `Proxy-*`,
    /// and names that share a letter, a length or a prefix with them.
    @Test func hopByHopNamesAreRecognisedInAnyCaseAndLookAlikesAreNot() {
        for name in HopByHopHeaders.fixed + ["proxy-authorization", "Proxy-Connection", "PROXY-X"] {
            #expect(HopByHopHeaders.isHopByHop(name), "\(name)")
            #expect(HopByHopHeaders.isHopByHop(name.uppercased()), "\(name)")
            #expect(HopByHopHeaders.isHopByHop(name.prefix(1).uppercased() + name.dropFirst()), "\(name)")
        }
        for name in ["Content-Length", "Content-Type", "Connectionx", "connectio", "Keep-Alivex", "t", "tea", "Trailers", "Transfer-Encodings",
                     "Upgrade-Insecure-Requests", "proxy-", "Proxy", "proxyx-a", "", "Server", "Date", "X-Connection"] {
            #expect(!HopByHopHeaders.isHopByHop(name), "\(name)")
        }
    }

    /// The written lists of names the guards and the forwarding act on are the names their classes stand for.
    @Test func writtenNameListsAreTheClassesTheProxyActsOn() {
        #expect(RequestGuards.methodOverrideHeaders.map { HeaderNameClass($0).exact } == [.xHTTPMethodOverride, .xHTTPMethod, .xMethodOverride])
        #expect(RequestGuards.pathOverrideHeaders.map { HeaderNameClass($0).exact } == [.xOriginalURL, .xRewriteURL, .scriptName, .pathInfo, .daphneRootPath, .xScriptName])
        #expect(ForwardedRequest.forwardedFieldNames.allSatisfy { HeaderNameClass($0).exact.isForwardedField })
        #expect(HopByHopHeaders.fixed.allSatisfy { HeaderNameClass($0).exact.isHopByHop })
        #expect(RateLimitDecision.isRateLimitField("RateLimit-Policy") && RateLimitDecision.isRateLimitField("ratelimit")
                && !RateLimitDecision.isRateLimitField("Rate-Limit"))
    }

    /// Defence behind the guard that refuses such requests: a `Content-Length` that `Connection` lists is dropped
    /// with the other listed fields, and the forwarded body gets the proxy's own, so it is never left unframed.
    @Test func aContentLengthThatConnectionListsIsReplacedByOurs() throws {
        let document = try #require(OpenAPIDocument.load(text: itemsSpec).document)
        let headers: Validation.HTTPHeaders = [("Host", "h"), ("Content-Type", "application/octet-stream"), ("Content-Length", "23"),
                                               ("Connection", "keep-alive, Content-Length")]
        let smuggled = "GET /admin HTTP/1.1\r\n\r\n"
        let verdict = ExchangeValidator(document: document).validate(request: HTTPRequest(method: "POST", target: "/items/1", headers: headers,
                                                                                          body: Array(smuggled.utf8)))
        let forwarded = ForwardedRequest.make(method: "POST", target: "/items/1", headers: headers, body: ByteBuffer(string: smuggled),
                                              verdict: verdict, normalize: false, forwardedHeaders: false, clientAddress: "127.0.0.1",
                                              isTLS: false, allocator: ByteBufferAllocator())
        #expect(String(buffer: forwarded.bytes) == "POST /items/1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 23\r\n\r\n" + smuggled)
    }

    /// CGI, WSGI and PHP read `X_Forwarded_For` as `X-Forwarded-For` (PHP `X.Forwarded.For` too): a client's other
    /// spellings of the fields the proxy sets are dropped with its own ones (found by the audits: they reached the service).
    @Test func underscoreSpellingsOfTheForwardedFieldsAreDropped() throws {
        let document = try #require(OpenAPIDocument.load(text: itemsSpec).document)
        let headers: Validation.HTTPHeaders = [("Host", "h"), ("X_Forwarded_For", "6.6.6.6"), ("x_forwarded_proto", "https"),
                                               ("X-Forwarded-For", "10.0.0.1"), ("X_Forwarded_Host", "evil.test"), ("X_Other", "kept"),
                                               ("X.Forwarded.Host", "evil.test"), ("x.forwarded-for", "6.6.6.7")]
        let verdict = ExchangeValidator(document: document).validate(request: HTTPRequest(method: "GET", target: "/items/1", headers: headers))
        let forwarded = ForwardedRequest.make(method: "GET", target: "/items/1", headers: headers, body: nil, verdict: verdict, normalize: false,
                                              forwardedHeaders: true, clientAddress: "127.0.0.1", isTLS: false, allocator: ByteBufferAllocator())
        #expect(String(buffer: forwarded.bytes) == "GET /items/1 HTTP/1.1\r\nHost: h\r\nX_Other: kept\r\n"
                + "X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n")
        // From a trusted forwarder the chain is extended; the other spellings still go.
        let trusted = ForwardedRequest.make(method: "GET", target: "/items/1", headers: headers, body: nil, verdict: verdict, normalize: false,
                                            forwardedHeaders: true, clientAddress: "127.0.0.1", isTLS: false, trustedForwarder: true,
                                            allocator: ByteBufferAllocator())
        #expect(String(buffer: trusted.bytes) == "GET /items/1 HTTP/1.1\r\nHost: h\r\nX_Other: kept\r\n"
                + "X-Forwarded-For: 10.0.0.1, 127.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n")
        // With forwarded headers off, nothing is dropped or added.
        let untouched = ForwardedRequest.make(method: "GET", target: "/items/1", headers: headers, body: nil, verdict: verdict, normalize: false,
                                              forwardedHeaders: false, clientAddress: "127.0.0.1", isTLS: false, allocator: ByteBufferAllocator())
        #expect(String(buffer: untouched.bytes).contains("X_Forwarded_For: 6.6.6.6\r\n"))
    }

    /// A client that is not a trusted forwarder cannot claim an address or a scheme: its `X-Forwarded-*`, `Forwarded`,
    /// `X-Real-IP` and like fields (any spelling) are dropped, and the proxy's own say who connected. A trusted forwarder's
    /// pass on, its `X-Forwarded-Proto` and `-Host` included (a load balancer that terminated TLS says `https`).
    @Test func clientAddressFieldsPassOnlyFromTrustedForwarders() throws {
        let document = try #require(OpenAPIDocument.load(text: itemsSpec).document)
        let headers: Validation.HTTPHeaders = [("Host", "h"), ("X-Forwarded-For", "10.0.0.1"), ("X-Forwarded-Proto", "https"),
                                               ("X-Forwarded-Host", "api.example"), ("Forwarded", "for=6.6.6.6"), ("X-Real-IP", "6.6.6.6"),
                                               ("x_real_ip", "6.6.6.5"), ("True-Client-IP", "6.6.6.4"), ("CF-Connecting-IP", "6.6.6.3"),
                                               ("X-Request-Id", "r1")]
        let verdict = ExchangeValidator(document: document).validate(request: HTTPRequest(method: "GET", target: "/items/1", headers: headers))
        func forward(trusted: Bool, isTLS: Bool = false) -> String {
            String(buffer: ForwardedRequest.make(method: "GET", target: "/items/1", headers: headers, body: nil, verdict: verdict, normalize: false,
                                                 forwardedHeaders: true, clientAddress: "192.0.2.7", isTLS: isTLS, trustedForwarder: trusted,
                                                 allocator: ByteBufferAllocator()).bytes)
        }
        #expect(forward(trusted: false) == "GET /items/1 HTTP/1.1\r\nHost: h\r\nX-Request-Id: r1\r\n"
                + "X-Forwarded-For: 192.0.2.7\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n")
        #expect(forward(trusted: true) == "GET /items/1 HTTP/1.1\r\nHost: h\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: api.example\r\n"
                + "Forwarded: for=6.6.6.6\r\nX-Real-IP: 6.6.6.6\r\nx_real_ip: 6.6.6.5\r\nTrue-Client-IP: 6.6.6.4\r\nCF-Connecting-IP: 6.6.6.3\r\n"
                + "X-Request-Id: r1\r\nX-Forwarded-For: 10.0.0.1, 192.0.2.7\r\n\r\n")
        #expect(ForwardedRequest.claimsClientAddress(HTTPHeaderField(name: "X.Real.IP", value: "1")))
        #expect(!ForwardedRequest.claimsClientAddress(HTTPHeaderField(name: "X-Real-IPs", value: "1")))
        // More claims a re-audit found believed by frameworks (PHP's HTTP_CLIENT_IP, Rack's X-Forwarded-Ssl...).
        for name in ["Client-IP", "X-Forwarded-Ssl", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Scheme", "X-Url-Scheme",
                     "Front-End-Https", "X-Forwarded", "Forwarded-For", "X-Forwarded-Server", "X-Original-Host", "X-Host",
                     "X-ProxyUser-Ip", "X-AppEngine-User-IP", "Cf-Pseudo-IPv4", "client_ip",
                     // gunicorn's secure-scheme field and the user name it passes on as REMOTE_USER (found by an audit).
                     "X-Forwarded-Protocol", "REMOTE_USER", "Remote-User", "remote_user",
                     // The original target as a proxy before saw it (Traefik's ForwardAuth, nginx's auth_request; an audit of
                     // proxies between the sidecar and the service found them passed on).
                     "X-Forwarded-Uri", "X-Forwarded-Path", "X-Original-URI", "x_original_uri"] {
            #expect(ForwardedRequest.claimsClientAddress(HTTPHeaderField(name: name, value: "1")), "\(name)")
        }
        for name in ["Accept", "User-Agent", "Cookie", "Content-Language", "traceparent", "X-Request-Id", "Cache-Control", "Referer", "Range"] {
            #expect(!ForwardedRequest.claimsClientAddress(HTTPHeaderField(name: name, value: "1")), "\(name)")
        }
    }

    /// A browser's `Accept-Encoding: gzip, deflate, br, zstd` went on as sent, and a service (Caddy's `encode zstd gzip`)
    /// answered in zstd, which the validator cannot read: a 502 in enforce mode after the service ran the request (found by
    /// an audit of proxies between the sidecar and the service). With answers validated, only the codings the proxy decodes go on.
    @Test func acceptEncodingNamesOnlyCodingsTheProxyDecodes() throws {
        let document = try #require(OpenAPIDocument.load(text: itemsSpec).document)
        func forward(_ value: String, decodableOnly: Bool = true, name: String = "Accept-Encoding") -> String {
            var headers = Validation.HTTPHeaders()
            headers.append(name: "Host", value: "h")
            headers.append(name: name, value: value)
            let verdict = ExchangeValidator(document: document).validate(request: HTTPRequest(method: "GET", target: "/items/1", headers: headers))
            return String(buffer: ForwardedRequest.make(method: "GET", target: "/items/1", headers: headers, body: nil, verdict: verdict, normalize: false,
                                                        forwardedHeaders: false, clientAddress: "192.0.2.7", isTLS: false,
                                                        decodableCodingsOnly: decodableOnly, allocator: ByteBufferAllocator()).bytes)
        }
        #expect(forward("gzip, deflate, br, zstd").contains("\r\nAccept-Encoding: gzip, deflate\r\n"))
        #expect(forward("br;q=1.0, gzip;q=0.8, *;q=0.1").contains("\r\nAccept-Encoding: gzip;q=0.8\r\n"))
        #expect(forward("br").contains("\r\nAccept-Encoding: identity\r\n"))
        #expect(forward("zstd", name: "accept-encoding").contains("\r\naccept-encoding: identity\r\n"))
        #expect(forward("gzip, x-gzip,identity").contains("\r\nAccept-Encoding: gzip, x-gzip,identity\r\n"), "unchanged when nothing is dropped")
        // Answers not validated (`validate-responses: false`): the field goes on as sent.
        #expect(forward("gzip, br", decodableOnly: false).contains("\r\nAccept-Encoding: gzip, br\r\n"))
        #expect(ForwardedRequest.acceptedDecodableCodings("GZIP, Br") == "GZIP")
        #expect(ForwardedRequest.acceptedDecodableCodings("deflate") == nil)
    }

    /// A Latin-1 `X-Forwarded-For` and a UTF-8 one holding U+010D U+010A were joined and written as Latin-1, each character
    /// cut to its low byte: CR LF, and a second request the service ran unvalidated (found by an audit). Each value is now
    /// written from its own bytes.
    @Test func forwardedForChainsKeepEachValuesOwnBytes() throws {
        let document = try #require(OpenAPIDocument.load(text: itemsSpec).document)
        let injected = "5.6.7.8\u{10D}\u{10A}GET /admin HTTP/1.1\u{10D}\u{10A}X: a"
        let raw = Array("GET /items/1 HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 1.2.3.4".utf8) + [0xE9]
            + Array("\r\nX-Forwarded-For: \(injected)\r\n\r\n".utf8)
        guard case .success(let message) = HTTPMessageParser(options: .strict).parse(raw), let parsed = message.request else {
            Issue.record("the request did not parse")
            return
        }
        #expect(parsed.headers.fields.filter(\.valueIsLatin1).count == 1)
        let verdict = ExchangeValidator(document: document).validate(request: parsed)
        let forwarded = ForwardedRequest.make(method: "GET", target: "/items/1", headers: parsed.headers, body: nil, verdict: verdict, normalize: false,
                                              forwardedHeaders: true, clientAddress: "127.0.0.1", isTLS: false, trustedForwarder: true,
                                              allocator: ByteBufferAllocator())
        let bytes = Array(forwarded.bytes.readableBytesView)
        let expected = Array("X-Forwarded-For: 1.2.3.4".utf8) + [0xE9] + Array(", \(injected), 127.0.0.1\r\n".utf8)
        #expect(bytes.firstRange(of: expected) != nil, "\(String(decoding: bytes, as: UTF8.self))")
        #expect(bytes.firstRange(of: Array("\r\nGET /admin".utf8)) == nil)
        // And the Latin-1 writer never cuts a character to its low byte.
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        HTTP1Writing.writeLatin1Field("X", "a\u{10A}b", to: &buffer)
        #expect(Array(buffer.readableBytesView) == Array("X: a\u{10A}b\r\n".utf8))
    }

    @Test func addressRangesParseAndMatch() throws {
        let network = try #require(AddressRange("10.0.0.0/8"))
        #expect(AddressRange.anyContains([network], peer: "10.200.3.4"))
        #expect(!AddressRange.anyContains([network], peer: "11.0.0.1"))
        #expect(AddressRange.anyContains([network], peer: "::ffff:10.1.2.3"))  // IPv4-mapped
        let single = try #require(AddressRange("192.0.2.7"))
        #expect(single.prefixLength == 32)
        #expect(AddressRange.anyContains([single], peer: "192.0.2.7"))
        #expect(!AddressRange.anyContains([single], peer: "192.0.2.8"))
        let odd = try #require(AddressRange("192.0.2.128/25"))
        #expect(AddressRange.anyContains([odd], peer: "192.0.2.200"))
        #expect(!AddressRange.anyContains([odd], peer: "192.0.2.127"))
        let v6 = try #require(AddressRange("fd00::/8"))
        #expect(AddressRange.anyContains([v6], peer: "fd12:3456::1"))
        #expect(!AddressRange.anyContains([v6], peer: "fe80::1"))
        #expect(!AddressRange.anyContains([v6], peer: "10.0.0.1"))
        #expect(AddressRange.anyContains([try #require(AddressRange("0.0.0.0/0"))], peer: "203.0.113.9"))
        #expect(!AddressRange.anyContains([], peer: "127.0.0.1"))
        for bad in ["10.0.0.0/33", "10.0.0/8", "fd00::/129", "host.example", "", "10.0.0.1/", "10.0.0.1/-1", "10.0.0.1/８", "127.0.0.1/+8"] {
            #expect(AddressRange(bad) == nil, "\(bad)")
        }
        #expect(network.description == "10.0.0.0/8")
    }

    @Test func trustedForwardersAreReadFromTheConfigFileAsAListOrAString() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func settings(_ text: String) throws -> Result<SidecarSettings, SettingsError> {
            let root = try ConfigFile.read(path: try directory.write("specguard.yaml", text)).get()
            var settings = SidecarSettings(specPath: "")
            return ConfigFile.apply(root, section: "proxy", to: &settings).map { settings }
        }
        #expect(try settings("proxy:\n  trusted-forwarders: [10.0.0.0/8, 'fd00::/8']\n").get().trustedForwarders.map(\.description)
                == ["10.0.0.0/8", "fd00::/8"])
        #expect(try settings("proxy:\n  trusted-forwarders: 10.1.2.3, 192.168.0.0/16\n").get().trustedForwarders.map(\.description)
                == ["10.1.2.3/32", "192.168.0.0/16"])
        guard case .failure(let error) = try settings("proxy:\n  trusted-forwarders: [10.0.0.0/40]\n") else {
            Issue.record("a bad network was accepted")
            return
        }
        #expect(error.message.contains("10.0.0.0/40"))
    }

    @Test func headersWithoutHopByHopFieldsAreKeptAsTheyAre() {
        let headers: Validation.HTTPHeaders = [("Host", "h"), ("Content-Type", "application/json"), ("Proxyish", "1")]
        #expect(HopByHopHeaders.removing(from: headers).map { $0.name } == ["Host", "Content-Type", "Proxyish"])
    }

    @Test func hostValuesAreAuthoritiesOrRefused() {
        for valid in ["h", "h:80", "127.0.0.1:8080", "api.example.com", "[::1]:8080", "[::1]", "[2001:db8::1]:443", "a-b_c~d"] {
            #expect(RequestGuards.isAuthority(Substring(valid)), "\(valid)")
        }
        for invalid in ["", ":80", "h:", "h:123456", "a b", "[::1", "[]", "[::1]x", "[::1]:", "h:8a", "user@h", "h,i", "[::g]", "h:80:90", "hé"] {
            #expect(!RequestGuards.isAuthority(Substring(invalid)), "\(invalid)")
        }
    }

    @Test func listenAddressesParse() {
        #expect(HostPort.parse("0.0.0.0:80") == HostPort(host: "0.0.0.0", port: 80))
        #expect(HostPort.parse(":9090") == HostPort(host: "127.0.0.1", port: 9090))
        #expect(HostPort.parse("[::1]:8080") == HostPort(host: "::1", port: 8080))
        #expect(HostPort.parse("localhost") == nil)
        #expect(HostPort.parse("h:70000") == nil)
    }

    @Test func preferHeaderParses() {
        let preferences = Preferences(["code=201, example=\"cat\"", "dynamic=true"])
        #expect(preferences.code == 201)
        #expect(preferences.example == "cat")
        #expect(preferences.dynamic)
    }
}

/// What the answer writer (`ExchangeHandler.writeHead(status:reason:upstreamHeaders:...)`) keeps of a field list, in
/// one call: the same `listedNames` and `isDropped` it skips fields with, so the tests above check that decision.
extension HopByHopHeaders {
    static func removing(from headers: Validation.HTTPHeaders) -> [HTTPHeaderField] {
        let listed = listedNames(headers)
        return headers.fields.filter { !isDropped($0.nameClass.exact, name: $0.name, listed: listed) }
    }

    /// `name` is hop-by-hop on its own, as a field's class reads it.
    static func isHopByHop(_ name: String) -> Bool {
        HeaderNameClass(name).exact.isHopByHop
    }
}
