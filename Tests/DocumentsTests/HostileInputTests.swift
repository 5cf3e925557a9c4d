import Documents
import Testing

/// Hostile documents: each must end with its own clear diagnostic, quickly, without crashing.
@Suite struct HostileInputTests {
    static let bound: Duration = .seconds(3)

    func parse(_ bytes: [UInt8], format: DocumentFormat, limits: LoadLimits = LoadLimits()) -> (ParsedDocument, Duration) {
        timed { DocumentParser.parse(bytes, file: "hostile", format: format, limits: limits) }
    }

    static let billionLaughs = """
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """

    @Test func billionLaughsStopsAtTheAliasBudget() {
        let (parsed, elapsed) = parse(Array(Self.billionLaughs.utf8), format: .yaml)
        #expect(parsed.root == nil)
        #expect(parsed.codes() == ["yaml-alias-expansion-limit"])
        // 9^6 × … passes 1,000,000 on line 7 (g).
        #expect(parsed.diagnostics.first?.location.line == 7)
        #expect(elapsed < Self.bound)
    }

    @Test func aliasBudgetIsConfigurable() {
        var limits = LoadLimits()
        limits.maximumAliasExpansion = 20
        let text = "a: &a [1, 2, 3]\nb: [*a, *a, *a, *a, *a, *a]\n"
        #expect(yaml(text, limits: limits).codes() == ["yaml-alias-expansion-limit"])
        limits.maximumAliasExpansion = 24
        #expect(yaml(text, limits: limits).diagnostics.isEmpty)
    }

    @Test func deepJSONArraysHitTheDepthLimit() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        let (parsed, elapsed) = parse(bytes, format: .json)
        #expect(parsed.root == nil)
        #expect(parsed.codes() == ["json-too-deep"])
        #expect(parsed.diagnostics.first?.location.column == 513)
        #expect(elapsed < Self.bound)
    }

    @Test func deepJSONObjectsHitTheDepthLimit() {
        let bytes = Array(String(repeating: "{\"a\":", count: 100_000).utf8)
        let (parsed, elapsed) = parse(bytes, format: .json)
        #expect(parsed.codes() == ["json-too-deep"])
        #expect(elapsed < Self.bound)
    }

    @Test func deepYAMLFlowSequencesHitTheDepthLimit() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        let (parsed, elapsed) = parse(bytes, format: .yaml)
        #expect(parsed.root == nil)
        #expect(parsed.codes() == ["yaml-too-deep"])
        #expect(parsed.diagnostics.first?.location.column == 513)
        #expect(elapsed < Self.bound)
    }

    @Test func deepYAMLFlowMappingsHitTheDepthLimit() {
        let bytes = Array(String(repeating: "{a: ", count: 100_000).utf8)
        let (parsed, elapsed) = parse(bytes, format: .yaml)
        #expect(parsed.codes() == ["yaml-too-deep"])
        #expect(elapsed < Self.bound)
    }

    @Test func deepYAMLBlockSequencesHitTheDepthLimit() {
        let bytes = Array((String(repeating: "- ", count: 100_000) + "x\n").utf8)
        let (parsed, elapsed) = parse(bytes, format: .yaml)
        #expect(parsed.root == nil)
        #expect(parsed.codes() == ["yaml-too-deep"])
        #expect(elapsed < Self.bound)
    }

    @Test func deepYAMLBlockMappingsHitTheDepthLimit() {
        // Indented one space per level: 1,000 levels are enough to pass a limit of 512.
        var text = ""
        for level in 0..<1_000 { text += String(repeating: " ", count: level) + "k:\n" }
        let (parsed, elapsed) = parse(Array(text.utf8), format: .yaml)
        #expect(parsed.codes() == ["yaml-too-deep"])
        #expect(parsed.diagnostics.first?.location.line == 513)
        #expect(elapsed < Self.bound)
    }

    @Test func depthLimitIsConfigurable() {
        var limits = LoadLimits()
        limits.maximumDepth = 3
        #expect(yaml("a: {b: {c: 1}}", limits: limits).diagnostics.isEmpty)
        #expect(yaml("a: {b: {c: [1]}}", limits: limits).codes() == ["yaml-too-deep"])
        #expect(json(#"{"a": {"b": {"c": 1}}}"#, limits: limits).diagnostics.isEmpty)
        #expect(json(#"{"a": {"b": {"c": [1]}}}"#, limits: limits).codes() == ["json-too-deep"])
    }

    @Test func invalidUTF8InJSONIsReported() {
        let bytes = Array("{\n  \"a\": \"x".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        let (parsed, elapsed) = parse(bytes, format: .json)
        #expect(parsed.codes() == ["json-invalid-utf8"])
        #expect(parsed.diagnostics.first?.location.line == 2)
        #expect(parsed.diagnostics.first?.location.column == 10)
        #expect(elapsed < Self.bound)
    }

    @Test func invalidUTF8InYAMLIsReported() {
        let bytes = Array("a:\n  b: x".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let (parsed, elapsed) = parse(bytes, format: .yaml)
        #expect(parsed.codes() == ["yaml-invalid-utf8"])
        #expect(parsed.diagnostics.first?.location.line == 2)
        #expect(parsed.diagnostics.first?.location.column == 7)
        #expect(elapsed < Self.bound)
    }

    @Test func manyDuplicateKeysAreAllReported() {
        let text = "{" + (0..<2_000).map { _ in "\"a\": 1" }.joined(separator: ",") + "}"
        let (parsed, elapsed) = parse(Array(text.utf8), format: .json)
        #expect(parsed.diagnostics.count == 1_999)
        #expect(parsed.root?.objectValue?.count == 1)
        #expect(elapsed < Self.bound)
        let yamlText = (0..<2_000).map { _ in "a: 1\n" }.joined()
        let (parsedYAML, elapsedYAML) = parse(Array(yamlText.utf8), format: .yaml)
        #expect(parsedYAML.diagnostics.count == 1_999)
        #expect(elapsedYAML < Self.bound)
    }

    /// About 20 MB of YAML: many schemas with properties.
    static func bigYAML() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(21 << 20)
        bytes += Array("components:\n  schemas:\n".utf8)
        var index = 0
        while bytes.count < 20 << 20 {
            bytes += Array("    Schema\(index):\n      type: object\n      description: \"number \(index) of many\"\n      properties:\n        id: {type: integer, minimum: 0, maximum: 123456789012345678901234567890}\n        name: {type: string, maxLength: 64}\n        tags: [a, b, c]\n".utf8)
            index += 1
        }
        return bytes
    }

    @Test func twentyMegabyteDocumentLoads() throws {
        let bytes = Self.bigYAML()
        let (parsed, elapsed) = parse(bytes, format: .yaml)
        #expect(parsed.errors.isEmpty)
        let schemas = try #require(parsed.root?["components"]?["schemas"]?.objectValue)
        #expect(schemas.count > 50_000)
        print("loaded a \(bytes.count)-byte YAML document in \(elapsed) [debug build, informative]")
        let jsonBytes = Array(JSONWriter.compact(try #require(parsed.root)).utf8)
        let (parsedJSON, elapsedJSON) = parse(jsonBytes, format: .json)
        #expect(parsedJSON.errors.isEmpty)
        #expect(parsedJSON.root == parsed.root)
        print("loaded a \(jsonBytes.count)-byte JSON document in \(elapsedJSON) [debug build, informative]")
    }

    @Test func documentOverMaximumBytesIsRefused() {
        let bytes = Self.bigYAML()
        var limits = LoadLimits()
        limits.maximumBytes = 10 << 20
        let (parsed, elapsed) = parse(bytes, format: .yaml, limits: limits)
        #expect(parsed.root == nil)
        #expect(parsed.codes() == ["document-too-large"])
        #expect(elapsed < .milliseconds(100))
    }

    @Test func longScalarsAreFine() {
        let text = "a: " + String(repeating: "x", count: 1_000_000) + "\nb: 0x" + String(repeating: "F", count: 100_000) + "\n"
        let (parsed, elapsed) = parse(Array(text.utf8), format: .yaml)
        #expect(parsed.errors.isEmpty)
        #expect(parsed.root?["a"]?.stringValue?.utf8.count == 1_000_000)
        #expect(parsed.root?["b"]?.stringValue?.utf8.count == 100_002)
        #expect(elapsed < Self.bound)
    }

    @Test func truncatedDocumentsNeverCrash() {
        let text = Array("""
        a: &x {b: [1, 2, {c: "d\\u00e9"}], e: 'f'}
        g: *x
        h: |
          text
        i: {<<: *x, j: [k, l]}
        """.utf8)
        for end in 0...text.count {
            _ = DocumentParser.parse(Array(text[0..<end]), file: "t", format: .yaml)
            _ = DocumentParser.parse(Array(text[0..<end]), file: "t", format: .json)
        }
    }
}

@Suite struct DepthCeilingTests {
    @Test(arguments: [DocumentFormat.json, .yaml])
    func configuredDepthAboveTheCeilingIsHeldToIt(format: DocumentFormat) {
        var limits = LoadLimits()
        limits.maximumDepth = 1_000_000
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        let (parsed, elapsed) = timed { DocumentParser.parse(bytes, file: "deep", format: format, limits: limits) }
        #expect(parsed.root == nil)
        #expect(parsed.diagnostics.first?.location.column == LoadLimits.depthCeiling + 1)
        #expect(elapsed < .seconds(3))
    }

    @Test(arguments: [DocumentFormat.json, .yaml])
    func nestingAtTheCeilingLoads(format: DocumentFormat) {
        var limits = LoadLimits()
        limits.maximumDepth = LoadLimits.depthCeiling
        let depth = LoadLimits.depthCeiling
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        let parsed = DocumentParser.parse(bytes, file: "deep", format: format, limits: limits)
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.root?.arrayValue != nil)
    }
}

@Suite struct MutatedInputTests {
    /// A small deterministic generator (SplitMix64) so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seedYAML = Array("""
    openapi: 3.1.0
    info: {title: "Pets ü", version: '1'}
    x: &x {a: [1, 2.5, 0x1F, .inf, ~], b: "q\\u00e9"}
    y: |
      text
    paths:
      /pets/{id}:
        get:
          <<: *x
          responses:
            "200": {description: ok, content: {application/json: {schema: {$ref: '#/c'}}}}
    """.utf8)

    static let seedJSON = Array(#"{"a": [1, 2.5e3, "x\u00e9\n", true, null, {"b": {"c": []}}], "d": "ü😀"}"#.utf8)

    static let interesting: [UInt8] = Array("[]{}:,-?&*!|>'\"#%@`~\\\n\t ".utf8) + [0x00, 0x80, 0xC3, 0xFF, 0xED, 0xF4]

    func mutate(_ seed: [UInt8], using generator: inout Generator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[position] = Self.interesting.randomElement(using: &generator) ?? 0
            case 1: bytes.insert(Self.interesting.randomElement(using: &generator) ?? 0, at: position)
            default: if bytes.count > 1 { bytes.remove(at: position) }
            }
        }
        return bytes
    }

    @Test func seedsAreValid() {
        #expect(DocumentParser.parse(Self.seedYAML, file: "m", format: .yaml).diagnostics.isEmpty)
        #expect(DocumentParser.parse(Self.seedJSON, file: "m", format: .json).diagnostics.isEmpty)
    }

    @Test func mutatedDocumentsNeverCrash() {
        var generator = Generator(state: 20_261_129)
        for _ in 0..<3_000 {
            for format in [DocumentFormat.yaml, .json] {
                let seed = format == .yaml ? Self.seedYAML : Self.seedJSON
                let parsed = DocumentParser.parse(mutate(seed, using: &generator), file: "m", format: format)
                // Either a tree, or at least one error with a real position.
                if parsed.root == nil {
                    #expect(parsed.errors.contains { $0.location.line >= 1 && $0.location.column >= 1 })
                }
            }
        }
    }
}
