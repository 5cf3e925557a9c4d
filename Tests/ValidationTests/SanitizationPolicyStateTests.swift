import Testing
@testable import Validation

/// A policy keeps its rules as a bit mask only: the rule set reads back as written, and equality follows it.
@Suite("Sanitization policy state")
struct SanitizationPolicyStateTests {
    @Test("enabled rules read back as written, for every single rule and for all")
    func rulesRoundTrip() {
        for rule in SanitizationRule.allCases {
            #expect(SanitizationPolicy(enabledRules: [rule]).enabledRules == [rule])
        }
        #expect(SanitizationPolicy.all.enabledRules == Set(SanitizationRule.allCases))
        #expect(SanitizationPolicy(enabledRules: []).enabledRules.isEmpty)
    }

    @Test("inserting and removing rules updates the checks")
    func mutationUpdatesChecks() {
        var policy = SanitizationPolicy(enabledRules: [])
        policy.enabledRules.insert(.sqlInjection)
        #expect(policy.isEnabled(.sqlInjection) && !policy.isEmpty)
        #expect(policy.scan("' OR 1=1 --")?.rule == .sqlInjection)
        policy.enabledRules.remove(.sqlInjection)
        #expect(policy.isEmpty && policy.scan("' OR 1=1 --") == nil)
    }

    @Test("policies are equal exactly when their rule sets are")
    func equalityFollowsRules() {
        #expect(SanitizationPolicy(enabledRules: [.nulCharacter, .sqlInjection]) == SanitizationPolicy(enabledRules: [.sqlInjection, .nulCharacter]))
        #expect(SanitizationPolicy(enabledRules: [.nulCharacter]) != SanitizationPolicy(enabledRules: [.sqlInjection]))
        #expect(Set([SanitizationPolicy.all, SanitizationPolicy.all(except: [])]).count == 1)
    }
}
