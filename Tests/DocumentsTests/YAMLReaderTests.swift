import Documents
import Testing

@Suite struct YAMLReaderTests {
    func at(_ line: Int, _ column: Int) -> Documents.SourceLocation { Documents.SourceLocation(file: "test.yaml", line: line, column: column) }

    // MARK: Positions

    @Test func positionsAreOneBasedForEveryNode() throws {
        let root = try #require(yaml("""
        openapi: 3.1.0
        info:
          title: Pets
          tags: [a, b]
        list:
          - x
          - {k: v}
        """).root)
        #expect(root.location == at(1, 1))
        #expect(root.objectValue?.member("info")?.keyLocation == at(2, 1))
        #expect(root["info"]?.location == at(3, 3))
        #expect(root["info"]?["title"]?.location == at(3, 10))
        #expect(root["info"]?["tags"]?.location == at(4, 9))
        #expect(root["info"]?["tags"]?.arrayValue?[1].location == at(4, 13))
        #expect(root["list"]?.arrayValue?[0].location == at(6, 5))
        #expect(root["list"]?.arrayValue?[1]["k"]?.location == at(7, 9))
    }

    @Test func columnsCountUnicodeScalars() throws {
        let root = try #require(yaml("título: \"日本語\"\n😀: [é, x]\n").root)
        #expect(root["título"]?.location == at(1, 9))
        #expect(root["😀"]?.arrayValue?[1].location == at(2, 8))
    }

    @Test func fileNameIsCarriedIntoLocations() {
        let parsed = yaml("a: 1\n", file: "specs/api.yaml")
        #expect(parsed.root?["a"]?.location.file == "specs/api.yaml")
    }

    // MARK: Styles

    @Test func blockScalarsAreStrings() throws {
        let root = try #require(yaml("""
        literal: |
          line 1
            line 2
        folded: >
          a
          b

          c
        strip: |-
          12
        keep: |+
          true

        last: x
        """).root)
        #expect(root["literal"]?.stringValue == "line 1\n  line 2\n")
        #expect(root["folded"]?.stringValue == "a b\nc\n")
        #expect(root["strip"]?.stringValue == "12")
        #expect(root["keep"]?.stringValue == "true\n\n")
    }

    @Test func quotedAndPlainDiffer() throws {
        let root = try #require(yaml("a: 1\nb: '1'\nc: \"1\"\nd: 'it''s'\ne: \"tab\\there \\u00e9\"\n").root)
        #expect(root["a"]?.intValue == 1)
        #expect(root["b"]?.stringValue == "1")
        #expect(root["c"]?.stringValue == "1")
        #expect(root["d"]?.stringValue == "it's")
        #expect(root["e"]?.stringValue == "tab\there é")
    }

    @Test func flowCollectionsNest() throws {
        let root = try #require(yaml("{a: [1, {b: null, c: [true, 'x']}], d: {}, e: []}").root)
        #expect(root.description == #"{"a":[1,{"b":null,"c":[true,"x"]}],"d":{},"e":[]}"#)
    }

    @Test func multiLinePlainScalarFolds() {
        #expect(yaml("a: one\n  two\n  three\n").root?["a"]?.stringValue == "one two three")
    }

    // MARK: Anchors and aliases

    @Test func aliasesRepeatTheAnchoredValue() throws {
        let root = try #require(yaml("""
        base: &b {type: string, maxLength: 3}
        copy: *b
        list: [&n 5, *n, *n]
        """).root)
        #expect(root["copy"] == root["base"])
        #expect(root["list"]?.description == "[5,5,5]")
        // The alias node carries the alias's own position.
        #expect(root["copy"]?.location == at(2, 7))
    }

    @Test func laterAnchorWithTheSameNameWins() {
        let root = yaml("a: &x 1\nb: &x 2\nc: *x\n").root
        #expect(root?["c"]?.intValue == 2)
    }

    @Test func undefinedAliasIsReported() {
        let parsed = yaml("a: *nothing\n")
        #expect(parsed.codes() == ["yaml-undefined-alias"])
        #expect(parsed.diagnostics.first?.location == at(1, 4))
        #expect(parsed.root?["a"]?.isNull == true)
    }

    @Test func selfReferencingAnchorIsAnUndefinedAlias() {
        // The anchor is defined only once its node is complete, so this cannot loop.
        let parsed = yaml("a: &x [1, *x]\n")
        #expect(parsed.codes() == ["yaml-undefined-alias"])
    }

    @Test func anchoredKeyCanBeUsedAsAValue() {
        #expect(yaml("&k name: x\nother: *k\n").root?["other"]?.stringValue == "name")
    }

    @Test func aliasOfAScalarCanBeAKey() {
        #expect(yaml("a: &k 200\n*k : ok\n").root?["200"]?.stringValue == "ok")
    }

    @Test func mergedAliasesCountAgainstTheBudget() {
        var limits = LoadLimits()
        limits.maximumAliasExpansion = 5
        let parsed = yaml("a: &a {x: 1, y: 2}\nb: {<<: *a}\nc: {<<: *a}\n", limits: limits)
        #expect(parsed.codes() == ["yaml-alias-expansion-limit"])
        #expect(parsed.diagnostics.first?.location == at(3, 9))
    }

    // MARK: Merge keys

    @Test func mergeKeyCopiesMembersAndOwnKeysWin() throws {
        let root = try #require(yaml("""
        base: &base {type: object, description: base}
        child:
          description: child
          <<: *base
          extra: 1
        """).root)
        let child = try #require(root["child"]?.objectValue)
        #expect(child["type"]?.stringValue == "object")
        #expect(child["description"]?.stringValue == "child")
        #expect(child["extra"]?.intValue == 1)
        #expect(child["<<"] == nil)
    }

    @Test func mergeOfSeveralMappingsEarlierWins() throws {
        let root = try #require(yaml("""
        a: &a {x: 1, y: 1}
        b: &b {y: 2, z: 2}
        c: {<<: [*a, *b], w: 0}
        """).root)
        #expect(root["c"]?.description == #"{"w":0,"x":1,"y":1,"z":2}"#)
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() {
        #expect(yaml("'<<': {a: 1}\n").root?["<<"]?["a"]?.intValue == 1)
    }

    @Test func mergeOfAScalarIsReported() {
        let parsed = yaml("a:\n  <<: 12\n")
        #expect(parsed.codes() == ["yaml-invalid-merge"])
        #expect(parsed.diagnostics.first?.location == at(2, 3))
    }

    // MARK: Keys and documents

    @Test func duplicateKeysAreReportedAndTheLastValueKept() throws {
        let parsed = yaml("a: 1\nb: 2\na: 3\n")
        #expect(parsed.root?["a"]?.intValue == 3)
        #expect(parsed.root?.objectValue?.keys == ["a", "b"])
        #expect(parsed.codes() == ["yaml-duplicate-key"])
        #expect(parsed.diagnostics.first?.location == at(3, 1))
        #expect(parsed.diagnostics.first?.severity == .error)
    }

    @Test func duplicateKeyDiagnosticCarriesItsPointer() {
        let parsed = yaml("paths:\n  /pets:\n    get: {}\n    get: {}\nlist:\n  - a: 1\n  - {b: 1, b: 2}\n")
        #expect(parsed.diagnostics.map(\.pointer) == ["/paths/~1pets/get", "/list/1/b"])
    }

    @Test func duplicateKeysInAnIndexedBigMappingAreReported() {
        let text = (0..<50).map { "k\($0): \($0)\n" }.joined() + "k7: again\n"
        let parsed = yaml(text)
        #expect(parsed.codes() == ["yaml-duplicate-key"])
        #expect(parsed.root?["k7"]?.stringValue == "again")
        #expect(parsed.diagnostics.first?.location == at(51, 1))
    }

    @Test func complexKeyIsReportedAndSkipped() {
        let parsed = yaml("? [a, b]\n: 1\nc: 2\n")
        #expect(parsed.codes() == ["yaml-complex-key"])
        #expect(parsed.root?.description == #"{"c":2}"#)
    }

    @Test func secondDocumentIsReportedAtItsStart() {
        let parsed = yaml("a: 1\n---\nb: 2\n")
        #expect(parsed.root?.description == #"{"a":1}"#)
        #expect(parsed.codes() == ["yaml-multiple-documents"])
        #expect(parsed.diagnostics.first?.location == at(2, 1))
    }

    @Test func explicitSingleDocumentIsFine() {
        let parsed = yaml("%YAML 1.2\n---\na: 1\n...\n")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.root?["a"]?.intValue == 1)
    }

    @Test func emptyStreamIsANullRootWithAWarning() {
        let parsed = yaml("# only a comment\n")
        #expect(parsed.root?.isNull == true)
        #expect(parsed.codes() == ["yaml-empty"])
        #expect(parsed.errors.isEmpty)
    }

    // MARK: Errors

    @Test func syntaxErrorHasItsPosition() {
        let parsed = yaml("a: 1\nb: [1, 2\nc: 3\n")
        #expect(parsed.root == nil)
        #expect(parsed.codes() == ["yaml-syntax-error"])
        #expect(parsed.diagnostics.first?.location.line == 3)
    }

    @Test func badIndentationIsASyntaxError() {
        let parsed = yaml("a:\n  b: 1\n c: 2\n")
        #expect(parsed.root == nil)
        #expect(parsed.codes() == ["yaml-syntax-error"])
        #expect(parsed.diagnostics.first?.location.line == 3)
    }

    @Test func tabIndentationIsASyntaxError() {
        let parsed = yaml("a:\n\tb: 1\n")
        #expect(parsed.root == nil)
        #expect(parsed.errors.first?.location.line == 2)
    }

    @Test func invalidUTF8IsReportedWithItsPosition() {
        let bytes = Array("a: 1\nb: é".utf8) + [0xFF, 0x0A]
        let parsed = DocumentParser.parse(bytes, file: "test.yaml", format: .yaml)
        #expect(parsed.root == nil)
        #expect(parsed.codes() == ["yaml-invalid-utf8"])
        #expect(parsed.diagnostics.first?.location == at(2, 5))
    }

    @Test func controlCharacterIsReportedWithItsPosition() {
        let parsed = yaml("a: 1\nb: x\u{1}y\n")
        #expect(parsed.root == nil)
        #expect(parsed.codes() == ["yaml-invalid-character"])
        #expect(parsed.diagnostics.first?.location == at(2, 5))
    }

    @Test func utf8ByteOrderMarkIsAccepted() {
        let parsed = DocumentParser.parse([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8), file: "test.yaml", format: .yaml)
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.root?["a"]?.intValue == 1)
    }

    @Test func jsonTextReadAsYAMLGivesTheSameTree() throws {
        let text = #"{"a": [1, 2.50, "x", true, null, {"b": 123456789012345678901234567890}]}"#
        let fromYAML = try #require(yaml(text).root)
        let fromJSON = try #require(json(text).root)
        #expect(fromYAML == fromJSON)
        #expect(fromYAML["a"]?.arrayValue?[5]["b"]?.numberValue?.text == "123456789012345678901234567890")
    }
}
