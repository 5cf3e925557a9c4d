import Documents
@testable import Linting
import Testing

/// Which examples the example rules judge when part of their schema cannot be compiled: an example is judged
/// unless judging it needs such a part (the part itself is reported by its own rule).
struct ExampleJudgingTests {
    /// A schema whose `code` property has an invalid pattern; `count` is fine.
    func spec(example: String) -> String {
        header31 + """
        paths: {}
        components:
          schemas:
            Thing:
              type: object
              properties:
                count: {type: integer}
                code: {type: string, pattern: "[a-"}
              example: \(example)

        """
    }

    @Test func anExampleThatDoesNotReachTheBrokenPartIsJudged() {
        let result = lint(spec(example: "{count: \"many\"}"))
        #expect(findings(result, "schema-pattern-invalid").count == 1)
        let judged = findings(result, "schema-example-invalid")
        #expect(judged.count == 1, "\(describe(result.findings))")
        #expect(judged.first?.message.contains("/count") == true)
    }

    @Test func anExampleThatReachesTheBrokenPartIsNotJudged() {
        let result = lint(spec(example: "{count: \"many\", code: \"x\"}"))
        #expect(findings(result, "schema-pattern-invalid").count == 1)
        #expect(findings(result, "schema-example-invalid").isEmpty, "\(describe(result.findings))")
    }

    @Test func aValidExampleBesideTheBrokenPartHasNoFinding() {
        let result = lint(spec(example: "{count: 3}"))
        #expect(findings(result, "schema-example-invalid").isEmpty)
    }
}

/// Which Swagger 2.0 response examples are checked: those whose media type names JSON.
struct SwaggerExampleMediaTypeTests {
    @Test(arguments: [("application/json", true), ("application/problem+json", true), ("text/json; charset=utf-8", true),
                      ("json", true), ("application/xml", false), ("jso", false), ("", false), ("application/JSON", false),
                      ("application/vnd.api+json", true), ("émoji/json", true)])
    func mediaTypeNamesJSON(mediaType: String, expected: Bool) {
        #expect(DocumentWalker.mentionsJSON(mediaType) == expected)
    }
}
