import Foundation
import Schemas
import Testing
@testable import Validation

/// Header names are classified once per field; these hold the classes and the lookups that use them to the plain
/// definitions (ASCII case-insensitive comparison of the names as written).
@Suite struct HeaderNameClassTests {
    static let known: [(String, KnownHeaderName)] = [
        ("host", .host), ("content-type", .contentType), ("content-length", .contentLength), ("content-encoding", .contentEncoding),
        ("transfer-encoding", .transferEncoding), ("expect", .expect), ("connection", .connection), ("keep-alive", .keepAlive), ("te", .te),
        ("trailer", .trailer), ("upgrade", .upgrade), ("x-forwarded-for", .xForwardedFor), ("x-forwarded-proto", .xForwardedProto),
        ("x-forwarded-host", .xForwardedHost), ("x-http-method-override", .xHTTPMethodOverride), ("x-http-method", .xHTTPMethod),
        ("x-method-override", .xMethodOverride), ("x-original-url", .xOriginalURL), ("x-rewrite-url", .xRewriteURL),
        ("script-name", .scriptName), ("path-info", .pathInfo), ("daphne-root-path", .daphneRootPath), ("x-script-name", .xScriptName),
    ]

    /// The class a name should have, by plain string operations.
    static func expected(_ name: String) -> HeaderNameClass {
        let lower = String(decoding: name.utf8.map(asciiLowercase), as: UTF8.self)
        let hasUnderscore = name.utf8.contains(UInt8(ascii: "_"))
        let dashed = lower.replacingOccurrences(of: "_", with: "-")
        if let match = known.first(where: { $0.0 == dashed }) { return HeaderNameClass(dashed: match.1, hasUnderscore: hasUnderscore) }
        if lower.hasPrefix("proxy-"), lower.count > 6 { return HeaderNameClass(dashed: .proxyPrefixed, hasUnderscore: hasUnderscore) }
        if lower.hasPrefix("ratelimit") { return HeaderNameClass(dashed: .rateLimitPrefixed, hasUnderscore: hasUnderscore) }
        return HeaderNameClass(dashed: .other, hasUnderscore: hasUnderscore)
    }

    @Test("every known name in several cases and spellings, look-alikes of each, and the prefix classes")
    func classesMatchThePlainDefinition() {
        var names: [String] = []
        for (name, _) in Self.known {
            names += [name, name.uppercased(), name.prefix(1).uppercased() + name.dropFirst(), name.replacingOccurrences(of: "-", with: "_"),
                      name + "x", String(name.dropLast()), "x" + name, name.replacingOccurrences(of: "e", with: "é"),
                      // Bytes one bit away from the name's: CR (0x0D) for `-` (0x2D), and every byte with bit 0x40 flipped.
                      name.replacingOccurrences(of: "-", with: "\r"), String(name.utf8.map { Character(Unicode.Scalar($0 ^ 0x40)) })]
        }
        names += ["proxy-authorization", "Proxy-Connection", "PROXY-X", "proxy-", "proxy_x", "Proxy-a_b", "RateLimit", "ratelimit-policy",
                  "RATELIMIT_x", "ratelimi", "", "_", "Server", "Date", "X-Connection"]
        for name in names {
            #expect(HeaderNameClass(name) == Self.expected(name), "\(name)")
        }
        // `exact`: a `_` makes a name another one, except after a prefix written as such.
        #expect(HeaderNameClass("X_HTTP_Method_Override").exact == .other)
        #expect(HeaderNameClass("X_HTTP_Method_Override").dashed == .xHTTPMethodOverride)
        #expect(HeaderNameClass("Proxy-a_b").exact == .proxyPrefixed)
        #expect(HeaderNameClass("proxy_x").exact == .other)
        #expect(HeaderNameClass("RateLimit_X").exact == .rateLimitPrefixed)
    }

    @Test("lookups by name give what comparing every field's name gives, on 3,000 random header lists")
    func lookupsMatchComparison() {
        let pool = Self.known.map(\.0) + ["Content-Length", "CONTENT_LENGTH", "Proxy-Authorization", "proxy-x", "RateLimit-Limit", "Accept",
                                          "X-Custom", "host", "Host", "HOST", "Te", "T_E", "Cookie", "X_Forwarded_For"]
        var random = SeededRandom(seed: 7)
        for _ in 0..<3_000 {
            var headers = HTTPHeaders()
            for index in 0..<Int(random.next() % 7) {
                headers.append(name: pool[Int(random.next() % UInt64(pool.count))], value: "v\(index)")
            }
            let query = pool[Int(random.next() % UInt64(pool.count))]
            let matching = headers.fields.filter { asciiCaseInsensitiveEquals($0.name, query) }
            #expect(headers.values(query) == matching.map(\.value), "\(headers.fields.map(\.name)) \(query)")
            #expect(headers.first(query) == matching.first?.value)
            #expect(headers.contains(query) == !matching.isEmpty)
            #expect(headers.occurrences(of: query) == matching.count)
        }
    }

    @Test("a field's class follows its name when the name changes")
    func classFollowsName() {
        var field = HTTPHeaderField(name: "Host", value: "a")
        #expect(field.nameClass.exact == .host)
        field.name = "Content-Length"
        #expect(field.nameClass.exact == .contentLength)
    }
}
