import Documents

/// Reads the `lint:` section of `specguard.yaml`; other top-level keys belong to other jobs and are ignored.
///
/// ```yaml
/// lint:
///   extends: recommended            # recommended | security | strict | all
///   rules:
///     component-unused: off
///     security-apikey-in-query: error
///   overrides:
///     - files: ["legacy/*.yaml"]    # globs on the spec file
///       paths: ["/internal/**"]     # globs on API paths
///       rules: { security-operation-unprotected: off }
/// ```
public enum ConfigurationReader {
    /// The configuration in a parsed `specguard.yaml`, and the problems found (errors make it unusable).
    public static func read(_ root: JSONValue, file: String) -> (LintConfiguration, [Diagnostic]) {
        var problems: [Diagnostic] = []
        var configuration = LintConfiguration()
        guard let root = root.objectValue else {
            problems.append(.error("config-invalid", "\(file) must hold a mapping", at: root.location))
            return (configuration, problems)
        }
        guard let lint = root["lint"] else { return (configuration, problems) }
        guard let section = lint.objectValue else {
            problems.append(.error("config-invalid", "`lint` must be a mapping", at: lint.location))
            return (configuration, problems)
        }
        for member in section {
            switch member.key {
            case "extends", "ruleset":
                if let name = member.value.stringValue, let set = RuleSetName(rawValue: name) {
                    configuration.ruleSet = set
                } else {
                    problems.append(.error("config-invalid", "`lint.\(member.key)` must be one of recommended, security, strict, all", at: member.value.location))
                }
            case "rules":
                configuration.rules = ruleLevels(member.value, what: "lint.rules", problems: &problems)
            case "overrides":
                guard let items = member.value.arrayValue else {
                    problems.append(.error("config-invalid", "`lint.overrides` must be a list", at: member.value.location))
                    continue
                }
                for item in items { if let override = override(item, problems: &problems) { configuration.overrides.append(override) } }
            default:
                problems.append(.warning("config-unknown-key", "unknown key `lint.\(abbreviated(member.key))` (known: extends, rules, overrides)", at: member.keyLocation))
            }
        }
        return (configuration, problems)
    }

    private static func override(_ value: JSONValue, problems: inout [Diagnostic]) -> LintOverride? {
        guard let object = value.objectValue else {
            problems.append(.error("config-invalid", "each `lint.overrides` item must be a mapping", at: value.location))
            return nil
        }
        var result = LintOverride()
        for member in object {
            switch member.key {
            case "files": result.files = strings(member.value, what: "files", problems: &problems)
            case "paths": result.paths = strings(member.value, what: "paths", problems: &problems)
            case "rules": result.rules = ruleLevels(member.value, what: "lint.overrides.rules", problems: &problems)
            default:
                problems.append(.warning("config-unknown-key", "unknown key `\(abbreviated(member.key))` in an override (known: files, paths, rules)", at: member.keyLocation))
            }
        }
        return result
    }

    private static func strings(_ value: JSONValue, what: String, problems: inout [Diagnostic]) -> [String] {
        if let single = value.stringValue { return [single] }
        guard let items = value.arrayValue else {
            problems.append(.error("config-invalid", "`\(what)` must be a string or a list of strings", at: value.location))
            return []
        }
        return items.compactMap { item in
            if let text = item.stringValue { return text }
            problems.append(.error("config-invalid", "`\(what)` items must be strings", at: item.location))
            return nil
        }
    }

    private static func ruleLevels(_ value: JSONValue, what: String, problems: inout [Diagnostic]) -> [String: RuleLevel] {
        guard let object = value.objectValue else {
            problems.append(.error("config-invalid", "`\(what)` must be a mapping of rule id to level", at: value.location))
            return [:]
        }
        var levels: [String: RuleLevel] = [:]
        for member in object {
            if RuleCatalog.rule(member.key) == nil {
                problems.append(.warning("config-unknown-rule", "unknown rule `\(abbreviated(member.key))` (see specguard lint --list-rules)", at: member.keyLocation))
            }
            let text: String? = member.value.stringValue ?? member.value.boolValue.map { $0 ? "on" : "off" }
            if text == "on", let rule = RuleCatalog.rule(member.key) {
                levels[member.key] = .on(rule.severity)
            } else if let text, let level = RuleLevel(text) {
                levels[member.key] = level
            } else {
                problems.append(.error("config-invalid", "the level of `\(abbreviated(member.key))` must be off, error, warning, info or hint", at: member.value.location))
            }
        }
        return levels
    }
}
