import Documents
import Foundation
import Linting
import Testing

/// `$ref`s inside schemas: the model leaves them to the schema compiler (it compiles lazily), so lint resolves them
/// itself. Before, a `$ref` to a missing schema, a pure `$ref` cycle or a remote `$ref` in a schema gave no finding.
@Suite struct SchemaReferenceLintTests {
    static let spec = header31 + """
    paths:
      /x:
        post:
          requestBody:
            content:
              application/json:
                schema: {$ref: "#/components/schemas/Missing"}
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Node"}
    components:
      schemas:
        Node:
          type: object
          properties:
            next: {$ref: "#/components/schemas/Alias"}
            self: {$ref: "#/components/schemas/Node"}
            deep: {$ref: "#/components/schemas/Node/properties/self"}
            remote: {$ref: "https://example.com/schemas/s.json"}
            anchored: {$ref: "#node"}
            items: {type: array, items: {$ref: "#/components/schemas/Nowhere"}}
        Alias: {$ref: "#/components/schemas/Node"}
        Left: {$ref: "#/components/schemas/Right"}
        Right: {$ref: "#/components/schemas/Left"}
        Scoped:
          $id: "https://example.com/scoped"
          properties:
            other: {$ref: "other-resource"}
            inner: {$ref: "#/$defs/inner"}
          $defs:
            inner: {type: string}

    """

    @Test func missingTargetsCyclesAndRemoteReferencesInSchemasAreReportedWhereTheyAre() {
        let result = lint(Self.spec)
        let missing = findings(result, "ref-missing-target")
        #expect(missing.map(\.location.line) == [11, 28], "\(describe(missing))")
        #expect(missing.first?.location.column == 28)  // the reference's value
        #expect(missing.allSatisfy { $0.severity == .error })
        let cycles = findings(result, "ref-cycle")
        #expect(cycles.map(\.location.line) == [30, 31], "\(describe(cycles))")
        let remote = findings(result, "ref-remote-disabled")
        #expect(remote.map(\.location.line) == [26], "\(describe(remote))")
        #expect(remote.first?.severity == .error)
        // Recursion through properties, a pointer into a schema, an alias chain that ends at a schema, an anchor,
        // and references under an `$id` (resolved against it) are not findings.
        #expect(result.findings.filter { $0.code.hasPrefix("ref-") }.count == 5, "\(describe(result.findings))")
    }

    @Test func aMissingReferenceIsReportedAtEachPlaceItIsMet() {
        let spec = header31 + """
        paths: {}
        components:
          schemas:
            A: {properties: {x: {$ref: "#/components/schemas/Gone"}, y: {$ref: "#/components/schemas/Gone"}}}

        """
        #expect(findings(lint(spec), "ref-missing-target").count == 2)
    }

    @Test func aSchemaReferenceIntoAnotherFileIsResolvedThere() throws {
        let folder = NSTemporaryDirectory() + "specguard-schema-ref-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write(##"Pet: {type: object, properties: {owner: {$ref: "#/Owner"}}}"## + "\n", to: folder + "/pets.yaml")
        try write(header31 + """
        paths: {}
        components:
          schemas:
            Pet: {$ref: "pets.yaml#/Pet"}
            Lost: {$ref: "pets.yaml#/Cat"}
            Gone: {$ref: "nowhere.yaml#/Pet"}

        """, to: folder + "/spec.yaml")
        let result = Linter(configuration: LintConfiguration(ruleSet: .recommended)).lint(path: folder + "/spec.yaml")
        let missing = findings(result, "ref-missing-target")
        // `#/Owner` is missing in pets.yaml (reported there), `#/Cat` too, and nowhere.yaml does not exist.
        #expect(Set(missing.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line)" })
                == ["pets.yaml:1", "spec.yaml:9", "spec.yaml:10"], "\(describe(result.findings))")
    }

    @Test func aSchemaReferenceFindingCanBeSuppressedLikeAnyOther() {
        let spec = header31 + """
        paths: {}
        components:
          schemas:
            A:
              x-specguard-ignore: [ref-missing-target]
              properties: {x: {$ref: "#/components/schemas/Gone"}}

        """
        #expect(findings(lint(spec), "ref-missing-target").isEmpty)
        let unsuppressed = spec.replacingOccurrences(of: "x-specguard-ignore: [ref-missing-target]", with: "description: a")
        let found = findings(lint(unsuppressed), "ref-missing-target")
        #expect(found.map(\.pointer) == ["/components/schemas/A/properties/x/$ref"])
    }
}
