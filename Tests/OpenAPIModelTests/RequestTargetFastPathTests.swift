import Testing
@testable import OpenAPIModel

/// The byte-level reading of plain targets (`RequestTarget.parseSimple`) gives exactly what the general
/// parser gives, and leaves everything else to it.
@Suite struct RequestTargetFastPathTests {
    func describe(_ parsed: RequestTarget.Parsed) -> String {
        switch parsed {
        case .success(let target):
            let segments = target.segments.map { "\($0.raw)|\($0.decoded)" }.joined(separator: ",")
            return "ok path=\(target.path) query=\(target.query ?? "<nil>") segments=[\(segments)]"
        case .failure(let reason):
            return "failure \(reason)"
        }
    }

    static let plainTargets = [
        "/", "/v1/pets", "/v1/pets/", "/v1//pets", "/v1/pets?limit=10&species=dog", "/?", "/?x", "/pets?", "/a/b/c/d?q=/x/?y",
        "/pets/42", "//", "/a.b/c..d", "/x.", "/pets?next=a%20b", "/x\r\n/y",
    ]

    @Test(arguments: plainTargets)
    func plainTargetsReadAsTheGeneralParserReadsThem(target: String) {
        #expect(RequestTarget.parseSimple(target) != nil)
        #expect(describe(RequestTarget.parse(target)) == describe(RequestTarget.parseGeneral(target)))
    }

    static let otherTargets = [
        "/pets/a%2Fb", "/pets/%zz", "/./pets", "/pets/..", "/pets/.", "/pets/..?x=1", "/pets#frag", "/pets?x=1#f",
        "http://host/pets?x", "*", "pets", "/caf\u{E9}", "/pets?name=caf\u{E9}", "",
        // Segments starting with `.` (dot segments, also servlet-style `..;x`) go to the general parser.
        "/notes/..;", "/notes/..;/admin", "/a/.;x/b", "/.x/y", "/a/...",
    ]

    @Test func servletDotDotSemicolonIsRefusedWhateverPathReadsIt() {
        for target in ["/notes/..;", "/notes/..;/admin", "/a/.;x"] {
            guard case .failure = RequestTarget.parse(target) else { Issue.record("\(target) was accepted"); continue }
        }
    }

    /// Windows path handling (IIS) trims trailing dots and spaces from each segment: `..%20` and `...` are `..` there.
    @Test func runsOfDotsAndSpacesAreDotSegmentsWhateverPathReadsThem() {
        for target in ["/a/..%20/b", "/a/...", "/a/.%20.", "/a/..%20;x/b", "/a/%2e%2e%20", "/a/....", "/a/.%20"] {
            guard case .failure = RequestTarget.parse(target) else { Issue.record("\(target) was accepted"); continue }
        }
        for target in ["/a/v1.2..final", "/a/.x", "/a/..x", "/a/x..", "/a/%20", "/a/x%20.", "/a/.well-known"] {
            guard case .success = RequestTarget.parse(target) else { Issue.record("\(target) was refused"); continue }
        }
    }

    @Test(arguments: otherTargets)
    func otherTargetsAreLeftToTheGeneralParser(target: String) {
        #expect(RequestTarget.parseSimple(target) == nil)
        #expect(describe(RequestTarget.parse(target)) == describe(RequestTarget.parseGeneral(target)))
    }

    @Test("20,000 random targets: the byte-level reading, where it reads one, gives what the general parser gives")
    func randomTargetsAgreeWithTheGeneralParser() {
        let pieces = ["/", "/", "pets", "42", "?", "#", "%2F", "%20", ".", "..", ";", "=", "&", "x", "\u{E9}", "//", "~", "@", ":"]
        var random = SystemRandomNumberGenerator()
        var simple = 0
        for _ in 0..<20_000 {
            var target = (0..<Int.random(in: 0...9, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            if Bool.random(using: &random) { target = "/" + target }
            if let parsed = RequestTarget.parseSimple(target) {
                simple += 1
                #expect(describe(.success(parsed)) == describe(RequestTarget.parseGeneral(target)), "\(target)")
            }
            #expect(describe(RequestTarget.parse(target)) == describe(RequestTarget.parseGeneral(target)), "\(target)")
        }
        #expect(simple > 3_000)
    }
}
