import Schemas
import Testing
@testable import OpenAPIModel

/// Targets whose path is a whole literal template are routed by one lookup (`Router.literalRoutes`): the result must
/// be what the segment walk gives, for every target, under templates chosen to make the two differ if they could
/// (encoded slashes, the KELVIN SIGN that `String` equates with `K`, dots, empty segments, literals beside templates).
@Suite struct LiteralRouteTests {
    static func describe(_ result: RouteResult) -> String {
        switch result {
        case .matched(let match):
            let parameters = match.pathParameters.map { "\($0.name)=\($0.value)|\($0.rawValue)" }.joined(separator: ",")
            return "matched \(match.operationIndex) base=\(match.basePath) path=\(match.path) query=\(match.query ?? "<nil>") [\(parameters)]"
        case .pathNotFound: return "not found"
        case .methodNotAllowed(let allowed, let template): return "405 \(allowed) \(template)"
        case .invalidTarget(let reason): return "invalid \(reason)"
        }
    }

    /// A JSON spec with `templates` (each with GET, some with POST too) under the servers' base paths.
    static func spec(_ templates: [String], servers: [String]) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let paths = templates.enumerated().map { index, template in
            let names = template.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) }
            let parameters = names.map { #"{"name": \#(quoted($0)), "in": "path", "required": true, "schema": {"type": "string"}}"# }
            let post = index % 2 == 0 ? #", "post": {"responses": {"200": {"description": "ok"}}}"# : ""
            return #"\#(quoted(template)): {"parameters": [\#(parameters.joined(separator: ", "))], "get": {"responses": {"200": {"description": "ok"}}}\#(post)}"#
        }
        let serverList = servers.map { #"{"url": \#(quoted("https://h" + $0))}"# }.joined(separator: ", ")
        return #"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "servers": [\#(serverList)], "paths": {\#(paths.joined(separator: ", "))}}"#
    }

    @Test("whole literal paths route as the walk routes them, on 300 random path sets and 60 targets each")
    func randomTemplatesAndTargets() throws {
        let templatePieces = ["pets", "mine", "a%2Fb", "K", "\u{212A}", "x.y", ".well-known", "", "caf\u{E9}", "{id}", "{n}.{e}", "a?b", "v1", "~u"]
        let targetPieces = ["/", "/", "/", "pets", "mine", "a%2Fb", "a", "b", "K", "%E2%84%AA", "x.y", ".well-known", "caf%C3%A9", "?q=1", "?",
                            "#f", "42", ".", "..", "v1", "~u", "%2e", "a?b"]
        var random = SeededRandom(seed: 0xD1CE_F00D)
        var literalHits = 0, compared = 0
        for _ in 0..<300 {
            var templates: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let segments = (0..<Int.random(in: 0...3, using: &random)).map { _ in templatePieces.randomElement(using: &random) ?? "" }
                let template = "/" + segments.joined(separator: "/")
                if !templates.contains(template) { templates.append(template) }
            }
            let servers = [[""], ["/v1"], ["", "/v1"]].randomElement(using: &random) ?? [""]
            let loaded = OpenAPIDocument.load(text: Self.spec(templates, servers: servers), file: "spec.json").document
            let router = try #require(loaded?.router, "\(templates)")
            for _ in 0..<60 {
                var target = (0..<Int.random(in: 0...6, using: &random)).map { _ in targetPieces.randomElement(using: &random) ?? "" }.joined()
                if Int.random(in: 0..<4, using: &random) != 0 { target = "/" + target }
                // Now and then exactly a template (the literal lookup's case).
                if Int.random(in: 0..<3, using: &random) == 0, let template = templates.randomElement(using: &random) {
                    target = (servers.randomElement(using: &random) ?? "") + template + (Bool.random(using: &random) ? "?x=1" : "")
                }
                for method in ["GET", "POST"] {
                    let fast = Self.describe(router.route(method: method, target: target, literalFirst: true))
                    let walked = Self.describe(router.route(method: method, target: target, literalFirst: false))
                    #expect(fast == walked, "templates \(templates) servers \(servers) \(method) \(target)")
                    compared += 1
                    if router.literalRouteNode(for: target) != nil { literalHits += 1 }
                }
            }
        }
        #expect(compared == 36_000)
        #expect(literalHits > 3_000)
    }

    @Test("only plain literal templates are looked up whole; an encoded slash, a non-ASCII or a parameter segment is walked")
    func whichTemplatesAreLookedUp() throws {
        let templates = ["/pets/mine", "/a%2Fb", "/\u{212A}", "/pets/{id}", "/", "/x.y/", "/a?b"]
        let router = try #require(OpenAPIDocument.load(text: Self.spec(templates, servers: [""]), file: "spec.json").document?.router)
        #expect(router.literalRouteNode(for: "/pets/mine?limit=1") != nil)
        #expect(router.literalRouteNode(for: "/") != nil)
        #expect(router.literalRouteNode(for: "/x.y/") != nil)
        #expect(router.literalRouteNode(for: "/a/b") == nil)  // `/a%2Fb` is one segment `a/b`
        #expect(router.literalRouteNode(for: "/K") == nil)  // the KELVIN SIGN template equals "K" as String compares
        #expect(router.literalRouteNode(for: "/pets/7") == nil)
        #expect(router.route(method: "GET", target: "/a/b").match == nil)
        #expect(router.route(method: "GET", target: "/K").match == nil)
        #expect(router.route(method: "GET", target: "/pets/mine").match?.operation.path == "/pets/mine")
        #expect(router.route(method: "GET", target: "/pets/7").match?.operation.path == "/pets/{id}")
    }

    @Test("20,000 random targets: simplePath reads exactly the targets parseSimple reads, with the same path and query")
    func simplePathAgreesWithParseSimple() {
        let pieces = ["/", "/", "pets", "42", "?", "#", "%2F", ".", "..", ";", "=", "x", "\u{E9}", "//", "~", "/.", "a.b"]
        var random = SeededRandom(seed: 0x5171_7E)
        var read = 0
        for _ in 0..<20_000 {
            var target = (0..<Int.random(in: 0...9, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            if Bool.random(using: &random) { target = "/" + target }
            let simple = RequestTarget.simplePath(target)
            let full = RequestTarget.parseSimple(target)
            #expect((simple == nil) == (full == nil), "\(target)")
            if let simple, let full {
                read += 1
                #expect(simple.path == full.path && simple.query == full.query, "\(target)")
            }
        }
        #expect(read > 3_000)
    }
}

@Suite struct LiteralPathTableTests {
    /// Against a dictionary of the same keys: every key found with its latest node, near misses (cut, extended, a byte
    /// changed, case flipped) not found, through every table growth.
    @Test func findsExactlyTheKeysSet() {
        var random = SeededRandom(seed: 0x7AB1E)
        var table = LiteralPathTable()
        var reference: [[UInt8]: Int] = [:]
        #expect(table.isEmpty)
        func lookup(_ key: [UInt8]) -> Int? { key.withUnsafeBufferPointer { table.node(for: $0) } }
        for round in 0..<600 {
            let length = Int.random(in: 1...12, using: &random)
            let key = "/" + String((0..<length).map { _ in "abcXYZ/._-0".randomElement(using: &random) ?? "a" })
            table.set(key, node: round)
            reference[Array(key.utf8)] = round
            for (stored, node) in reference.shuffled(using: &random).prefix(5) {
                #expect(lookup(stored) == node, "\(String(decoding: stored, as: UTF8.self))")
                var miss = stored
                switch Int.random(in: 0..<4, using: &random) {
                case 0: miss.removeLast()
                case 1: miss.append(UInt8(ascii: "q"))
                case 2: miss[Int.random(in: 0..<miss.count, using: &random)] = UInt8(ascii: "#")
                default: miss = Array(String(decoding: miss, as: UTF8.self).uppercased().utf8)
                }
                #expect(lookup(miss) == reference[miss], "\(String(decoding: miss, as: UTF8.self))")
            }
        }
        #expect(!table.isEmpty)
        #expect(lookup([]) == nil)
        #expect(reference.count > 100)
    }
}
