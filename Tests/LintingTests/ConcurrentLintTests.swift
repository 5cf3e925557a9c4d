import Documents
import Linting
import Testing

/// The linter validates examples and builds the model on threads of their own: the findings must be the ones,
/// in the order, that a single-threaded run gives.
@Suite struct ConcurrentLintTests {
    /// A 3.0 spec whose schemas each have a bad `default`, a bad `example` and an unknown keyword, so walk findings
    /// and example findings alternate through the document.
    static let spec: String = {
        var text = "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\ncomponents:\n  schemas:\n"
        for index in 0..<150 {
            text += "    S\(index):\n      type: integer\n      default: text\(index)\n      example: also-text\n      const: \(index)\n"
        }
        return text
    }()

    @Test func repeatedRunsGiveTheSameFindingsInTheSameOrder() {
        let first = lint(Self.spec)
        #expect(findings(first, "schema-default-invalid").count == 150)
        #expect(findings(first, "schema-example-invalid").count == 150)
        for _ in 0..<5 {
            #expect(lint(Self.spec).findings == first.findings)
        }
    }

    @Test func exampleFindingsSitAmongTheWalkFindingsInDocumentOrder() {
        let result = lint(Self.spec)
        let relevant = result.findings.filter {
            ["schema-default-invalid", "schema-example-invalid", "structure-unknown-field"].contains($0.code)
        }
        let expected = (0..<150).flatMap { _ in ["schema-default-invalid", "schema-example-invalid", "structure-unknown-field"] }
        #expect(relevant.map(\.code) == expected)
    }

    @Test func aLinterThatKeepsItsMemoryFindsTheSame() {
        let configuration = LintConfiguration(ruleSet: .all)
        var keeping = Linter(configuration: configuration)
        keeping.releasesMemory = false
        let kept = keeping.lint(text: Self.spec, file: "fixture.yaml")
        #expect(kept.findings == lint(Self.spec).findings)
    }

    /// `components` is walked by a second walker: its suppressions and examples count like the rest's.
    static let splitSpec = header31 + """
        paths:
          /pets:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Pet'}
                      example: {name: 1}
        components:
          schemas:
            Pet:
              type: object
              properties:
                name: {type: string, default: 7}
            Quiet:
              x-specguard-ignore: ["*"]
              type: integer
              default: text

        """

    @Test func findingsOfTheSchemasWalkedApartAreReported() {
        let result = lint(Self.splitSpec)
        #expect(findings(result, "example-invalid").map(\.location.line) == [14])
        #expect(findings(result, "schema-default-invalid").map(\.location.line) == [20])
    }

    @Test func suppressionsInTheSchemasWalkedApartApply() {
        let result = lint(Self.splitSpec)
        #expect(!result.findings.contains { $0.location.line == 24 })
    }
}
