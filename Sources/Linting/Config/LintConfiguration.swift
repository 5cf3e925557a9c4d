import Documents

/// A rule's level in a configuration: off, or on at a severity.
public enum RuleLevel: Sendable, Hashable {
    case off
    case on(Severity)

    /// Parses `off`, `error`, `warning`, `info`, `hint` (also `warn`, `false`).
    public init?(_ text: String) {
        switch text.lowercased() {
        case "off", "false", "none": self = .off
        case "warn": self = .on(.warning)
        default:
            guard let severity = Severity(rawValue: text.lowercased()) else { return nil }
            self = .on(severity)
        }
    }
}

/// Rule levels that apply only to some files or some API paths.
public struct LintOverride: Sendable, Hashable {
    /// Glob patterns (`*`, `**`, `?`) matched against the finding's file; empty matches every file.
    public var files: [String]
    /// Glob patterns matched against the API path (`/legacy/**`) of findings under `paths`; empty matches everything.
    public var paths: [String]
    public var rules: [String: RuleLevel]

    public init(files: [String] = [], paths: [String] = [], rules: [String: RuleLevel] = [:]) {
        self.files = files
        self.paths = paths
        self.rules = rules
    }
}

/// Which rules run and at which severity: a rule set, then per-rule levels, then overrides.
public struct LintConfiguration: Sendable {
    public var ruleSet: RuleSetName
    /// Per-rule levels that replace the rule set's choice.
    public var rules: [String: RuleLevel]
    /// Later overrides win over earlier ones.
    public var overrides: [LintOverride]

    public init(ruleSet: RuleSetName = .recommended, rules: [String: RuleLevel] = [:], overrides: [LintOverride] = []) {
        self.ruleSet = ruleSet
        self.rules = rules
        self.overrides = overrides
    }

    /// The severity a rule runs at without overrides; nil when it is off.
    /// Codes that are not in the catalog (load problems) keep `original`.
    public func baseSeverity(of ruleId: String, original: Severity? = nil) -> Severity? {
        if let level = rules[ruleId] {
            if case .on(let severity) = level { return severity }
            return nil
        }
        guard let rule = RuleCatalog.rule(ruleId) else { return original ?? .error }
        guard ruleSet.includes(rule.firstSet) else { return nil }
        // A load diagnostic keeps the severity it was reported with unless configured.
        return original ?? rule.severity
    }

    /// Whether a rule may produce findings anywhere (base level on, or some override turns it on).
    public func mayRun(_ ruleId: String) -> Bool {
        if baseSeverity(of: ruleId) != nil { return true }
        return overrides.contains { override in
            if case .on = override.rules[ruleId] { return true }
            return false
        }
    }

    /// The severity of a finding by `ruleId` in `file` at `pointer`, overrides applied; nil when off there.
    public func severity(of ruleId: String, original: Severity? = nil, file: String, pointer: String?) -> Severity? {
        var result = baseSeverity(of: ruleId, original: original)
        for override in overrides {
            guard let level = override.rules[ruleId], override.applies(file: file, pointer: pointer) else { continue }
            if case .on(let severity) = level { result = severity } else { result = nil }
        }
        return result
    }
}

extension LintOverride {
    func applies(file: String, pointer: String?) -> Bool {
        if !files.isEmpty && !files.contains(where: { globMatches($0, file) || globMatches("**/" + $0, file) }) { return false }
        if paths.isEmpty { return true }
        guard let pointer, let apiPath = Self.apiPath(of: pointer) else { return false }
        return paths.contains { globMatches($0, apiPath) }
    }

    /// The API path of a pointer under `/paths/...` (unescaped), or nil.
    static func apiPath(of pointer: String) -> String? {
        guard let parsed = JSONPointer(pointer), parsed.tokens.count >= 2, parsed.tokens[0] == "paths" else { return nil }
        return parsed.tokens[1]
    }
}

/// Glob matching over `/`-separated text: `*` and `?` stay within a segment, `**` crosses segments.
public func globMatches(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
    var memo: [Int: Bool] = [:]
    func match(_ i: Int, _ j: Int) -> Bool {
        let key = i * (t.count + 1) + j
        if let known = memo[key] { return known }
        var result: Bool
        if i == p.count {
            result = j == t.count
        } else if p[i] == "*" && i + 1 < p.count && p[i + 1] == "*" {
            var next = i + 2
            if next < p.count && p[next] == "/" { next += 1 }
            result = false
            var k = j
            while k <= t.count && !result {
                result = match(next, k)
                k += 1
            }
        } else if p[i] == "*" {
            result = match(i + 1, j)
            var k = j
            while !result && k < t.count && t[k] != "/" {
                k += 1
                result = match(i + 1, k)
            }
        } else if j < t.count && (p[i] == "?" ? t[j] != "/" : p[i] == t[j]) {
            result = match(i + 1, j + 1)
        } else {
            result = false
        }
        memo[key] = result
        return result
    }
    return match(0, 0)
}
