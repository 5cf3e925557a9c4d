/// The rule table for the README, generated from the catalog (`specguard lint --list-rules`).
public enum RuleTable {
    /// A markdown table: rule id, category, the sets holding it, default severity, description.
    public static func markdown() -> String {
        var lines = [
            "Sets are nested: `recommended` ⊂ `security` ⊂ `strict` ⊂ `all`; a rule is in the set named and every larger one.",
            "",
            "| rule | category | sets | severity | description |",
            "| --- | --- | --- | --- | --- |",
        ]
        for rule in RuleCatalog.rules {
            let sets = RuleSetName.allCases.filter { $0.includes(rule.firstSet) }.map(\.rawValue).joined(separator: ", ")
            let text = (rule.summary + " " + rule.description).replacingAll("|", with: "\\|")
            lines.append("| `\(rule.id)` | \(rule.category.rawValue) | \(sets) | \(rule.severity.rawValue) | \(text) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
