import Documents
import Linting
import Testing

/// Rule sets, the `lint:` section of specguard.yaml, overrides and in-spec suppression.
@Suite struct ConfigurationTests {
    /// GET /pets without security, summary or 429: security and style findings, no recommended ones.
    static let spec = header31 + "paths:\n  /pets:\n    get:\n      operationId: listPets\n      responses: {\"200\": {description: ok}}\n"
        + "  /legacy:\n    get:\n      operationId: legacy\n      responses: {\"200\": {description: ok}}\n"

    func configuration(_ yaml: String) -> (LintConfiguration, [Diagnostic]) {
        let parsed = DocumentParser.parse(Array(yaml.utf8), file: "specguard.yaml")
        return ConfigurationReader.read(parsed.root ?? .null, file: "specguard.yaml")
    }

    @Test func recommendedIsQuietOnACleanSpec() {
        #expect(lint(Self.spec, ruleSet: .recommended).findings.isEmpty)
    }

    @Test func setsAreNested() {
        let recommended = lint(Self.spec, ruleSet: .recommended).findings.count
        let security = lint(Self.spec, ruleSet: .security).findings
        let strict = lint(Self.spec, ruleSet: .strict).findings
        #expect(security.contains { $0.code == "security-operation-unprotected" })
        #expect(!security.contains { $0.code.hasPrefix("style-") })
        #expect(strict.contains { $0.code == "style-operation-summary" })
        #expect(recommended <= security.count && security.count <= strict.count)
    }

    @Test func configExtendsASetAndRelevelsAndTurnsOffRules() {
        let (configuration, problems) = configuration("""
            proxy: {port: 8080}
            lint:
              extends: security
              rules:
                security-operation-unprotected: error
                security-rate-limit-response-missing: off
            """)
        #expect(problems.isEmpty)
        #expect(configuration.ruleSet == .security)
        let result = Linter(configuration: configuration).lint(text: Self.spec, file: "fixture.yaml")
        #expect(findings(result, "security-operation-unprotected").allSatisfy { $0.severity == .error })
        #expect(findings(result, "security-operation-unprotected").count == 2)
        #expect(findings(result, "security-rate-limit-response-missing").isEmpty)
    }

    @Test func overrideAppliesPerAPIPath() {
        let (configuration, problems) = configuration("""
            lint:
              extends: security
              overrides:
                - paths: ["/legacy/**", "/legacy"]
                  rules: {security-operation-unprotected: off}
            """)
        #expect(problems.isEmpty)
        let result = Linter(configuration: configuration).lint(text: Self.spec, file: "fixture.yaml")
        let unprotected = findings(result, "security-operation-unprotected")
        #expect(unprotected.count == 1)
        #expect(unprotected.first?.pointer == "/paths/~1pets/get")
    }

    @Test func overrideAppliesPerFile() {
        let (configuration, _) = configuration("lint:\n  extends: security\n  overrides:\n    - files: [\"legacy/*.yaml\"]\n      rules: {security-operation-unprotected: off}\n")
        let linter = Linter(configuration: configuration)
        #expect(findings(linter.lint(text: Self.spec, file: "legacy/old.yaml"), "security-operation-unprotected").isEmpty)
        #expect(findings(linter.lint(text: Self.spec, file: "new.yaml"), "security-operation-unprotected").count == 2)
    }

    @Test func badLevelsAndUnknownRulesAreReportedWithPositions() {
        let (_, problems) = configuration("lint:\n  rules:\n    no-such-rule: warning\n    component-unused: loud\n")
        #expect(problems.contains { $0.code == "config-unknown-rule" && $0.location.line == 3 })
        #expect(problems.contains { $0.code == "config-invalid" && $0.severity == .error && $0.location.line == 4 })
    }

    @Test func operationMarkedPublicWithEmptySecurityIsNotUnprotected() {
        let text = header31 + "security: []\npaths:\n  /login:\n    post:\n      security: []\n      responses: {\"200\": {description: ok}}\n"
            + "  /pets:\n    get:\n      responses: {\"200\": {description: ok}}\n"
        let unprotected = findings(lint(text, ruleSet: .security), "security-operation-unprotected")
        #expect(unprotected.map(\.pointer) == ["/paths/~1pets/get"])
    }

    @Test func ignoreExtensionSilencesTheObjectAndItsChildren() {
        let text = header31 + "paths:\n  /pets:\n    x-specguard-ignore: [security-operation-unprotected]\n    get:\n      responses: {\"200\": {description: ok}}\n"
            + "  /cats:\n    get:\n      responses: {\"200\": {description: ok}}\n"
        let result = lint(text, ruleSet: .security)
        let unprotected = findings(result, "security-operation-unprotected")
        #expect(unprotected.map(\.pointer) == ["/paths/~1cats/get"])
    }

    @Test func ignoreExtensionOnASchemaSilencesSchemaRules() {
        let text = header31 + "paths: {}\ncomponents:\n  schemas:\n    A:\n      x-specguard-ignore: [enum-duplicate, component-unused]\n      type: string\n      enum: [a, a]\n"
        #expect(lint(text, ruleSet: .recommended).findings.isEmpty)
    }

    @Test func ignoreStarSilencesEveryRule() {
        let text = header31 + "x-specguard-ignore: ['*']\npaths:\n  /pets:\n    get:\n      summry: x\n      responses: {\"200\": {description: ok}}\n"
        #expect(lint(text).findings.isEmpty)
    }

    @Test func suppressionIndexScanFindsIgnoresForOtherJobs() throws {
        let text = header31 + "paths:\n  /pets:\n    get:\n      x-specguard-ignore: [response-schema-mismatch]\n      responses: {\"200\": {description: ok}}\n"
        let root = try #require(DocumentParser.parse(Array(text.utf8), file: "f.yaml").root)
        let index = SuppressionIndex.scan(root, file: "f.yaml")
        #expect(index.suppresses("response-schema-mismatch", file: "f.yaml", pointer: "/paths/~1pets/get/responses/200"))
        #expect(!index.suppresses("response-schema-mismatch", file: "f.yaml", pointer: "/paths/~1pets"))
        #expect(!index.suppresses("other", file: "f.yaml", pointer: "/paths/~1pets/get"))
    }

    @Test func ruleTableListsEveryRuleWithItsSets() {
        let table = RuleTable.markdown()
        for rule in RuleCatalog.rules { #expect(table.contains("| `\(rule.id)` |")) }
        #expect(table.contains("| `security-operation-unprotected` | security | security, strict, all | warning |"))
    }

    @Test func ruleIdsAreUniqueAndDocumented() {
        let ids = RuleCatalog.rules.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(RuleCatalog.rules.allSatisfy { !$0.summary.isEmpty && !$0.description.isEmpty })
    }

    @Test func globMatchesSegmentsAndDoubleStars() {
        #expect(globMatches("/legacy/**", "/legacy/a/b"))
        #expect(globMatches("legacy/*.yaml", "legacy/old.yaml"))
        #expect(!globMatches("legacy/*.yaml", "legacy/x/old.yaml"))
        #expect(globMatches("**/*.yaml", "a/b/c.yaml"))
    }
}
