import Documents
import Testing

@Suite struct ReferenceResolutionTests {
    /// A store that serves files from memory.
    func store(_ files: [String: String], limits: LoadLimits = LoadLimits()) -> DocumentStore {
        DocumentStore(limits: limits, readFile: { path in
            guard let text = files[path] else { throw FileSystem.ReadError(path: path, reason: "no such file") }
            return Array(text.utf8)
        })
    }

    /// The location of the `$ref` string at `pointer` in `file`.
    func refLocation(_ store: DocumentStore, _ file: String, _ pointer: String) throws -> Documents.SourceLocation {
        let root = try #require(store.document(at: file).root)
        let holder = try #require(JSONPointer(pointer)?.evaluate(in: root))
        return try #require(holder["$ref"]?.location)
    }

    /// A chain of `$ref`s resolved from each of its members: each resolution followed the whole rest of the chain, so
    /// loading n chained components took n²/2 steps (4,000 took 20 s; found by an audit). Chains now remember their
    /// end: every member resolves to the same value, in linear time overall, and cycles are still found.
    @Test func longChainsResolveFromEveryMemberInLinearTime() throws {
        let count = 4_000
        var text = "components:\n  schemas:\n"
        for index in 0..<count { text += "    S\(index): {$ref: '#/components/schemas/S\(index + 1)'}\n" }
        text += "    S\(count): {type: string}\n"
        text += "    C0: {$ref: '#/components/schemas/C1'}\n    C1: {$ref: '#/components/schemas/C0'}\n"
        let documents = store(["api.yaml": text])
        let start = ContinuousClock.now
        for index in stride(from: count - 1, through: 0, by: -1) {
            let resolved = documents.resolve("#/components/schemas/S\(index)", from: "api.yaml", at: .unknown)
            #expect(resolved?.value["type"]?.stringValue == "string", "S\(index)")
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(documents.resolve("#/components/schemas/C0", from: "api.yaml", at: .unknown) == nil)
        #expect(documents.diagnostics.contains { $0.code == "ref-cycle" })
    }

    @Test func localPointerResolves() throws {
        let documents = store(["api.yaml": "a:\n  $ref: '#/components/schemas/Pet'\ncomponents:\n  schemas:\n    Pet: {type: object}\n"])
        let resolved = try #require(documents.resolve("#/components/schemas/Pet", from: "api.yaml", at: .unknown))
        #expect(resolved.value["type"]?.stringValue == "object")
        #expect(resolved.file == "api.yaml")
        #expect(resolved.pointer.description == "/components/schemas/Pet")
        #expect(documents.diagnostics.isEmpty)
    }

    @Test func relativeFileReferenceResolves() throws {
        let documents = store([
            "specs/api.yaml": "x: {$ref: 'common.yaml#/components/schemas/Error'}\n",
            "specs/common.yaml": "components:\n  schemas:\n    Error: {type: object, required: [code]}\n",
        ])
        let resolved = try #require(documents.resolve("common.yaml#/components/schemas/Error", from: "specs/api.yaml", at: .unknown))
        #expect(resolved.file == "specs/common.yaml")
        #expect(resolved.value["required"]?.description == #"["code"]"#)
        #expect(resolved.value.location.file == "specs/common.yaml")
    }

    @Test func wholeFileAndParentFolderReferencesResolve() throws {
        let documents = store([
            "spec/api.yaml": "{}",
            "common/Error.json": #"{"type": "object"}"#,
        ])
        let resolved = try #require(documents.resolve("../common/Error.json", from: "spec/api.yaml", at: .unknown))
        #expect(resolved.file == "common/Error.json")
        #expect(resolved.pointer.isRoot)
    }

    @Test func referencesIntoReferencesAreFollowed() throws {
        let documents = store([
            "api.yaml": "a: {$ref: 'b.yaml#/B'}\nA: {$ref: '#/a'}\n",
            "b.yaml": "B: {$ref: 'c.yaml#/C'}\n",
            "c.yaml": "C: {type: string}\n",
        ])
        let resolved = try #require(documents.resolve("#/A", from: "api.yaml", at: .unknown))
        #expect(resolved.file == "c.yaml")
        #expect(resolved.pointer.description == "/C")
        #expect(resolved.value["type"]?.stringValue == "string")
    }

    @Test func differentRefsToOneValueShareAnIdentifier() throws {
        let documents = store([
            "specs/api.yaml": "components:\n  schemas:\n    Pet: {type: object}\n    Alias: {$ref: '#/components/schemas/Pet'}\n",
            "specs/other.yaml": "x: 1\n",
        ])
        let direct = try #require(documents.resolve("#/components/schemas/Pet", from: "specs/api.yaml", at: .unknown))
        let viaAlias = try #require(documents.resolve("#/components/schemas/Alias", from: "specs/api.yaml", at: .unknown))
        let viaOtherFile = try #require(documents.resolve("./api.yaml#/components/schemas/Pet", from: "specs/other.yaml", at: .unknown))
        #expect(direct.identifier == "specs/api.yaml#/components/schemas/Pet")
        #expect(viaAlias.identifier == direct.identifier)
        #expect(viaOtherFile.identifier == direct.identifier)
    }

    @Test func lookupTakesOneStepOnly() throws {
        let documents = store(["api.yaml": "A: {$ref: '#/B'}\nB: {type: string}\n"])
        let step = try #require(documents.lookup("#/A", from: "api.yaml", at: .unknown))
        #expect(step.value["$ref"]?.stringValue == "#/B")
    }

    @Test func recursiveSchemaResolvesWithoutLooping() throws {
        let documents = store(["api.yaml": """
        components:
          schemas:
            Node:
              type: object
              properties:
                children:
                  type: array
                  items: {$ref: '#/components/schemas/Node'}
        """])
        let (resolved, elapsed) = timed { documents.resolve("#/components/schemas/Node", from: "api.yaml", at: .unknown) }
        #expect(resolved?.value["type"]?.stringValue == "object")
        let inner = try #require(resolved?.value["properties"]?["children"]?["items"]?["$ref"]?.stringValue)
        #expect(documents.resolve(inner, from: "api.yaml", at: .unknown)?.pointer == resolved?.pointer)
        #expect(documents.diagnostics.isEmpty)
        #expect(elapsed < .seconds(1))
    }

    @Test func twoStepCycleIsReported() throws {
        let documents = store(["api.yaml": "a: {$ref: '#/b'}\nb: {$ref: '#/a'}\nuse:\n  $ref: '#/a'\n"])
        let location = try refLocation(documents, "api.yaml", "/use")
        #expect(documents.resolve("#/a", from: "api.yaml", at: location) == nil)
        let cycle = try #require(documents.diagnostics.first { $0.code == "ref-cycle" })
        #expect(cycle.location == location)
        #expect(cycle.location.line == 4)
    }

    @Test func selfReferenceIsACycle() {
        let documents = store(["api.yaml": "a: {$ref: '#/a'}\n"])
        #expect(documents.resolve("#/a", from: "api.yaml", at: .unknown) == nil)
        #expect(documents.diagnostics.map(\.code) == ["ref-cycle"])
    }

    @Test func crossFileCycleIsReported() {
        let documents = store(["a.yaml": "x: {$ref: 'b.yaml#/y'}\n", "b.yaml": "y: {$ref: 'a.yaml#/x'}\n"])
        #expect(documents.resolve("#/x", from: "a.yaml", at: .unknown) == nil)
        #expect(documents.diagnostics.map(\.code) == ["ref-cycle"])
    }

    @Test func missingTargetIsReportedAtTheRefsOwnPosition() throws {
        let documents = store(["api.yaml": "paths:\n  /pets:\n    get:\n      schema:\n        $ref: '#/components/schemas/Nope'\n"])
        let location = try refLocation(documents, "api.yaml", "/paths/~1pets/get/schema")
        #expect(location.line == 5)
        #expect(location.column == 15)
        #expect(documents.resolve("#/components/schemas/Nope", from: "api.yaml", at: location) == nil)
        let missing = try #require(documents.diagnostics.first)
        #expect(missing.code == "ref-missing-target")
        #expect(missing.location == location)
    }

    @Test func missingTargetDeepInAChainIsReportedAtTheInnerRef() throws {
        let documents = store(["api.yaml": "a: {$ref: '#/b'}\nb:\n  $ref: '#/nope'\n"])
        #expect(documents.resolve("#/a", from: "api.yaml", at: .unknown) == nil)
        let missing = try #require(documents.diagnostics.first { $0.code == "ref-missing-target" })
        #expect(missing.location.line == 3)
    }

    @Test func missingFileIsReported() {
        let documents = store(["api.yaml": "{}"])
        #expect(documents.resolve("gone.yaml#/x", from: "api.yaml", at: .unknown) == nil)
        #expect(documents.diagnostics.map(\.code).contains("ref-missing-target"))
        #expect(documents.diagnostics.map(\.code).contains("file-unreadable"))
    }

    @Test func remoteReferenceIsOffByDefaultAndReported() {
        let documents = store(["api.yaml": "{}"])
        #expect(documents.resolve("https://example.com/schemas.yaml#/Pet", from: "api.yaml", at: .unknown) == nil)
        #expect(documents.diagnostics.map(\.code) == ["ref-remote-disabled"])
    }

    @Test func remoteReferenceGoesThroughReadFileWhenAllowed() throws {
        var limits = LoadLimits()
        limits.allowRemoteReferences = true
        let documents = store(["https://example.com/s.yaml": "Pet: {type: object}\n"], limits: limits)
        let resolved = try #require(documents.resolve("https://example.com/s.yaml#/Pet", from: "api.yaml", at: .unknown))
        #expect(resolved.file == "https://example.com/s.yaml")
    }

    @Test func invalidPointerIsReported() {
        let documents = store(["api.yaml": "a: 1\n"])
        #expect(documents.resolve("#/a~2", from: "api.yaml", at: .unknown) == nil)
        #expect(documents.diagnostics.map(\.code) == ["ref-invalid"])
    }

    @Test func eachProblemIsReportedOnce() {
        let documents = store(["api.yaml": "a: 1\n"])
        for _ in 0..<3 { _ = documents.resolve("#/nope", from: "api.yaml", at: .unknown) }
        #expect(documents.diagnostics.count == 1)
    }

    @Test func documentsAreReadOnce() {
        var reads = 0
        let documents = DocumentStore(readFile: { _ in reads += 1; return Array("a: 1\n".utf8) })
        _ = documents.document(at: "x.yaml")
        _ = documents.document(at: "./x.yaml")
        _ = documents.resolve("x.yaml#/a", from: "y.yaml", at: .unknown)
        #expect(reads == 1)
    }

    @Test func addedDocumentIsFoundByItsNormalizedName() {
        let documents = DocumentStore(readFile: { path in throw FileSystem.ReadError(path: path, reason: "no") })
        _ = documents.add(Array("a: {$ref: '#/b'}\nb: 2\n".utf8), as: "./mem.yaml")
        #expect(documents.resolve("#/a", from: "mem.yaml", at: .unknown)?.value.intValue == 2)
    }

    @Test(arguments: [
        ("#/components/schemas/Pet", ReferenceKind.local), ("#", .local), ("", .local),
        ("common.yaml#/Error", .relative), ("../x.json", .relative), ("/abs/x.yaml", .relative), ("C:/x.yaml", .relative),
        ("https://example.com/x.yaml#/a", .remote), ("http://example.com/x", .remote), ("urn:uuid:1234", .remote),
    ])
    func referenceKindsAreRecognized(reference: String, kind: ReferenceKind) {
        #expect(ReferenceKind(reference) == kind)
    }

    @Test func splitReferenceSeparatesFileAndFragment() {
        #expect(splitReference("a.yaml#/b/c") == ("a.yaml", "/b/c"))
        #expect(splitReference("#/b") == ("", "/b"))
        #expect(splitReference("a.yaml") == ("a.yaml", ""))
    }

    // MARK: Real files

    static let petstore = testdataRoot + "/oas/examples/v2.0/yaml/petstore-separate/spec/swagger.yaml"

    @Test(.enabled(if: FileSystem.exists(petstore)))
    func petstoreSeparateResolvesEveryRef() throws {
        let documents = DocumentStore()
        let root = try #require(documents.document(at: Self.petstore).root)
        var references: [(String, Documents.SourceLocation)] = []
        var pending = [root]
        while let value = pending.popLast() {
            if let object = value.objectValue {
                if let reference = object["$ref"]?.stringValue { references.append((reference, object["$ref"]?.location ?? .unknown)) }
                pending.append(contentsOf: object.members.map(\.value))
            } else if let items = value.arrayValue {
                pending.append(contentsOf: items)
            }
        }
        #expect(references.count >= 5)
        for (reference, location) in references {
            let resolved = documents.resolve(reference, from: Self.petstore, at: location)
            #expect(resolved != nil, "\(reference) at \(location)")
        }
        let error = try #require(documents.resolve("../common/Error.yaml", from: Self.petstore, at: .unknown))
        #expect(error.file.hasSuffix("petstore-separate/common/Error.yaml"))
        #expect(error.value["required"] != nil)
        #expect(documents.diagnostics.filter { $0.severity == .error }.isEmpty, "\(documents.diagnostics)")
    }
}
