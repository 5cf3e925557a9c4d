import Documents

/// Collects findings during one lint run: rules ask whether they are on before doing work,
/// and every finding is levelled by the configuration.
final class FindingCollector {
    let configuration: LintConfiguration
    private(set) var findings: [Diagnostic] = []
    private var enabledCache: [String: Bool] = [:]

    init(configuration: LintConfiguration) {
        self.configuration = configuration
    }

    /// Whether `ruleId` may report anything in this run.
    func isOn(_ ruleId: String) -> Bool {
        if let known = enabledCache[ruleId] { return known }
        let on = configuration.mayRun(ruleId)
        enabledCache[ruleId] = on
        return on
    }

    /// Records a finding of `ruleId` at its default (or configured) severity.
    func report(_ ruleId: String, _ message: String, at location: SourceLocation, pointer: String?) {
        guard isOn(ruleId) else { return }
        let severity = RuleCatalog.rule(ruleId)?.severity ?? .error
        findings.append(Diagnostic(severity: severity, code: ruleId, message: Self.oneLine(message), location: location, pointer: pointer))
    }

    /// Messages are one line: values quoted in them may hold line breaks.
    static func oneLine(_ message: String) -> String {
        // Plain ASCII without line-break controls (almost every message) needs no look at its characters.
        let mayBreak = message.utf8.contains { $0 >= 0x80 || (0x0A...0x0D).contains($0) }
        guard mayBreak, message.contains(where: \.isNewline) else { return message }
        var result = ""
        for character in message { if character.isNewline { result += "⏎" } else { result.append(character) } }
        return result
    }

    /// Adds a load diagnostic as a finding (its own severity unless configured otherwise).
    func add(_ diagnostic: Diagnostic) {
        findings.append(diagnostic)
    }

    /// Puts findings made elsewhere (on another thread) where they would have been reported: each group before
    /// the finding at its `index` (at the end when there is none). `deferred` is in the order they were asked for.
    func insert(_ deferred: [(index: Int, findings: [Diagnostic])]) {
        guard !deferred.isEmpty else { return }
        var merged: [Diagnostic] = []
        merged.reserveCapacity(findings.count + deferred.reduce(0) { $0 + $1.findings.count })
        var next = 0
        for (index, group) in deferred {
            let bound = min(index, findings.count)
            if next < bound {
                merged.append(contentsOf: findings[next..<bound])
                next = bound
            }
            merged.append(contentsOf: group)
        }
        merged.append(contentsOf: findings[next...])
        findings = merged
    }
}

/// `x-specguard-ignore: [rule-id, ...]` on any object silences those rules for the object and everything inside it.
/// `"*"` silences every rule. Other jobs (contract tests, proxy) can use the same index for the same ids.
public struct SuppressionIndex: Sendable {
    /// file → pointer text → rule ids ignored there.
    private var entries: [String: [String: Set<String>]] = [:]

    public init() {}

    /// The extension name specguard reads.
    public static let extensionName = "x-specguard-ignore"

    public var isEmpty: Bool { entries.isEmpty }

    /// Records the ids of an `x-specguard-ignore` value found on the object at `pointer`.
    public mutating func record(_ value: JSONValue, file: String, pointer: String) {
        var ids: [String] = []
        if let single = value.stringValue { ids = [single] } else if let items = value.arrayValue { ids = items.compactMap(\.stringValue) }
        guard !ids.isEmpty else { return }
        entries[file, default: [:]][pointer, default: []].formUnion(ids)
    }

    /// Adds the entries of another index (one made by a walk of another part of the document).
    mutating func formUnion(_ other: SuppressionIndex) {
        for (file, byPointer) in other.entries {
            for (pointer, ids) in byPointer { entries[file, default: [:]][pointer, default: []].formUnion(ids) }
        }
    }

    /// Every `x-specguard-ignore` in a document tree (for jobs that do not run the linter's walk).
    public static func scan(_ root: JSONValue, file: String) -> SuppressionIndex {
        var index = SuppressionIndex()
        var tokens: [String] = []
        func visit(_ value: JSONValue) {
            switch value.kind {
            case .object(let object):
                if let ignore = object[extensionName] { index.record(ignore, file: file, pointer: pointerText(tokens)) }
                for member in object.members {
                    tokens.append(member.key)
                    visit(member.value)
                    tokens.removeLast()
                }
            case .array(let items):
                for (position, item) in items.enumerated() {
                    tokens.append(String(position))
                    visit(item)
                    tokens.removeLast()
                }
            default:
                break
            }
        }
        visit(root)
        return index
    }

    /// Whether a finding of `ruleId` in `file` at `pointer` is silenced by the object or one of its ancestors.
    public func suppresses(_ ruleId: String, file: String, pointer: String?) -> Bool {
        guard let byPointer = entries[file], let pointer else { return false }
        var prefix = pointer[...]
        while true {
            if let ids = byPointer[String(prefix)], ids.contains(ruleId) || ids.contains("*") { return true }
            guard let slash = prefix.lastIndex(of: "/") else { return false }
            prefix = prefix[..<slash]
        }
    }
}
