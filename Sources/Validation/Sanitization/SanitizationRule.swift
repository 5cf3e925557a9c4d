import Documents

/// A sanitization rule, named by a stable id users can turn off in configuration.
public enum SanitizationRule: String, Sendable, Hashable, CaseIterable {
    case invalidUTF8 = "invalid-utf8"
    case nulCharacter = "nul-character"
    case controlCharacter = "control-character"
    case headerLineBreak = "header-line-break"
    case prototypePollution = "prototype-pollution"
    case nosqlOperator = "nosql-operator"
    case sqlInjection = "sql-injection"
    case markupInjection = "html-injection"
    case pathTraversal = "path-traversal"
    case shellInjection = "shell-injection"
    case methodOverride = "method-override"

    /// One line on what the rule looks for.
    public var summary: String {
        switch self {
        case .invalidUTF8: return "bytes that are not valid UTF-8"
        case .nulCharacter: return "NUL characters, raw or percent-encoded"
        case .controlCharacter: return "C0/C1 control characters other than tab, line feed and carriage return"
        case .headerLineBreak: return "CR or LF in a header value (response splitting)"
        case .prototypePollution: return "object keys __proto__, constructor, prototype"
        case .nosqlOperator: return "MongoDB-style query operators ($where, $gt, $ne...) as object keys"
        case .sqlInjection: return "SQL injection signatures (quote breaks with tautologies, UNION SELECT, stacked queries)"
        case .markupInjection: return "HTML/script injection (<script>, event handlers, javascript: URLs)"
        case .pathTraversal: return "path traversal (../../, encoded dot-dot, sensitive system files)"
        case .shellInjection: return "shell command injection ($(...), backticks, ; rm -rf, | cat)"
        case .methodOverride: return "a _method key in a body (Laravel reads it from JSON bodies too and runs that method)"
        }
    }
}

/// One rule that matched: which, why (a fixed short phrase, never the value), and where.
public struct SanitizationFinding: Sendable, Hashable, CustomStringConvertible {
    public var rule: SanitizationRule
    /// A fixed phrase chosen by the scanner, e.g. "UNION SELECT".
    public var reason: String
    /// Byte offset in the scanned value where the signature starts, when known.
    public var offset: Int?

    public init(_ rule: SanitizationRule, _ reason: String, offset: Int? = nil) {
        self.rule = rule
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "\(rule.rawValue): \(reason)" }

    /// The violation for a value at `location` (name or pointer identify it; the value is not included).
    public func violation(location: ViolationLocation, name: String? = nil, pointer: JSONPointer? = nil) -> Violation {
        let position = offset.map { " at offset \($0)" } ?? ""
        return Violation(location: location, name: name, pointer: pointer, keyword: rule.rawValue, message: "\(rule.summary): \(reason)\(position)")
    }
}
