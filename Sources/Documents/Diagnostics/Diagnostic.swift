/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case error, warning, info, hint

    private var rank: Int {
        switch self {
        case .error: return 3
        case .warning: return 2
        case .info: return 1
        case .hint: return 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A problem found while reading, resolving or modelling a document.
///
/// Loading never stops at the first problem: every problem becomes a
/// `Diagnostic` with its position, and loading goes on.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    /// A stable code such as `json-duplicate-key` or `ref-missing-target`.
    public var code: String
    public var message: String
    public var location: SourceLocation
    /// JSON Pointer of the node in its document, when known ("" is the root).
    public var pointer: String?

    public init(severity: Severity, code: String, message: String, location: SourceLocation, pointer: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.pointer = pointer
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation, pointer: String? = nil) -> Diagnostic {
        Diagnostic(severity: .error, code: code, message: message, location: location, pointer: pointer)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation, pointer: String? = nil) -> Diagnostic {
        Diagnostic(severity: .warning, code: code, message: message, location: location, pointer: pointer)
    }

    /// `file:line:column: severity[code]: message`.
    public var description: String {
        "\(location): \(severity.rawValue)[\(code)]: \(message)"
    }
}

/// Shortens text for messages so a long or hostile value is never echoed whole.
public func abbreviated(_ text: String, limit: Int = 40) -> String {
    if text.count <= limit { return text }
    return String(text.prefix(limit)) + "…"
}
