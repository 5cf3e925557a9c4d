import Documents
import Linting
import Testing

/// Every rule with a failing fixture (finding at its line and column) and a passing one.
@Suite struct RuleTests {
    @Test(arguments: ruleCases)
    func failingFixtureGivesTheFindingAtItsPosition(_ rule: RuleCase) throws {
        let result = lint(rule.failing)
        let found = findings(result, rule.rule)
        let first = try #require(found.first, "no \(rule.rule) finding in:\n\(describe(result.findings))")
        #expect(first.location.line == rule.line && first.location.column == rule.column,
                "\(rule.rule) at \(first.location.line):\(first.location.column), expected \(rule.line):\(rule.column)")
        #expect(first.location.file == "fixture.yaml")
    }

    @Test(arguments: ruleCases)
    func passingFixtureGivesNoFinding(_ rule: RuleCase) {
        let result = lint(rule.passing)
        #expect(findings(result, rule.rule).isEmpty, "\(describe(findings(result, rule.rule)))")
    }

    @Test func everyLintRuleHasAFixture() {
        let covered = Set(ruleCases.map(\.rule))
        let lintRules = RuleCatalog.rules.filter { !$0.id.hasPrefix("model-") && !$0.id.hasPrefix("ref-") && !$0.id.hasPrefix("parameter-") || $0.id == "parameter-duplicate" }
        let loaderOnly: Set<String> = ["openapi-version-missing", "response-description-missing", "path-not-routable", "security-scheme-type-invalid"]
        let missing = lintRules.map(\.id).filter { !covered.contains($0) && !loaderOnly.contains($0) }
        #expect(missing.isEmpty, "rules without fixtures: \(missing)")
    }
}
