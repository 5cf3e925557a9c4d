import Documents

/// What a rule looks at.
public enum RuleCategory: String, Sendable, Hashable, CaseIterable {
    /// What the OpenAPI version requires or forbids, field by field.
    case structure
    /// Consistency of the document with itself (ids, parameters, examples, schemas).
    case semantics
    /// OWASP API Security Top 10 (2023) hygiene.
    case security
    /// Documentation and naming conventions.
    case style
}

/// A named rule set. Sets are nested: `recommended` ⊂ `security` ⊂ `strict` ⊂ `all`.
public enum RuleSetName: String, Sendable, Hashable, CaseIterable, Comparable {
    case recommended, security, strict, all

    private var rank: Int {
        switch self {
        case .recommended: return 0
        case .security: return 1
        case .strict: return 2
        case .all: return 3
        }
    }

    public static func < (lhs: RuleSetName, rhs: RuleSetName) -> Bool { lhs.rank < rhs.rank }

    /// Whether a rule first included in `firstSet` is part of this set.
    public func includes(_ firstSet: RuleSetName) -> Bool { firstSet <= self }
}

/// One lint rule: a stable id, a default severity, the smallest rule set it belongs to, and its texts.
public struct LintRule: Sendable, Hashable {
    /// Stable id, also the `code` of every finding the rule makes.
    public var id: String
    public var category: RuleCategory
    public var severity: Severity
    /// The smallest rule set holding the rule (every larger set holds it too).
    public var firstSet: RuleSetName
    /// One-line message summary.
    public var summary: String
    /// Why it matters and how to fix it.
    public var description: String

    public init(_ id: String, _ category: RuleCategory, _ severity: Severity, _ firstSet: RuleSetName,
                summary: String, description: String) {
        self.id = id
        self.category = category
        self.severity = severity
        self.firstSet = firstSet
        self.summary = summary
        self.description = description
    }
}
