import Documents

/// Walks an instance (a JSON body, a form or a parameter value) with its schema outline and applies
/// the sanitization rules: key rules on every key, character rules on every string, injection
/// signatures only on strings whose schema does not constrain them.
struct InstanceScanner {
    let settings: SanitizationSettings
    let outline: SchemaOutline
    let location: ViolationLocation
    let name: String?
    /// Findings are capped: one hostile body must not cost a huge problem document.
    static let maximumFindings = 20
    private(set) var violations: [Violation] = []
    private var path: [String] = []

    private let scansKeys: Bool

    init(settings: SanitizationSettings, outline: SchemaOutline, location: ViolationLocation, name: String? = nil) {
        self.settings = settings
        self.outline = outline
        self.location = location
        self.name = name
        self.scansKeys = !settings.keyPolicy.isEmpty || !settings.characterPolicy.isEmpty
        path.reserveCapacity(16)
    }

    mutating func scan(_ value: JSONValue) {
        scan(value, node: outline.root)
    }

    private var pointer: JSONPointer? { path.isEmpty && name != nil ? nil : JSONPointer(tokens: path) }

    private mutating func report(_ finding: SanitizationFinding) {
        guard violations.count < Self.maximumFindings else { return }
        violations.append(finding.violation(location: location, name: name, pointer: pointer))
    }

    private mutating func scan(_ value: JSONValue, node index: Int?) {
        guard violations.count < Self.maximumFindings else { return }
        switch value.kind {
        case .string(let text):
            scanString(text, constrained: outline.constrainsStrings(index))
        case .array(let items):
            for (position, item) in items.enumerated() {
                switch item.kind {
                case .null, .bool, .number: continue
                default: break
                }
                path.append(String(position))
                scan(item, node: outline.item(position, of: index))
                path.removeLast()
            }
        case .object(let object):
            for member in object.members {
                path.append(member.key)
                // A key the schema declares is a name the spec chose: only undeclared keys are scanned.
                let declared = outline.declaredProperty(member.key, of: index)
                if declared == nil, scansKeys,
                   let finding = settings.keyPolicy.scanKey(member.key) ?? settings.characterPolicy.scan(member.key) {
                    report(finding)
                }
                switch member.value.kind {
                case .null, .bool, .number: break
                default: scan(member.value, node: declared ?? outline.additional(of: index))
                }
                path.removeLast()
            }
        case .null, .bool, .number:
            break
        }
    }

    mutating func scanString(_ text: String, constrained: Bool) {
        if settings.checkStringLength, text.utf8.count > settings.limits.maximumStringBytes {
            guard violations.count < Self.maximumFindings else { return }
            violations.append(Violation(location: location, name: name, pointer: pointer, keyword: "max-string-length",
                                        message: "string is \(text.utf8.count) bytes, over the \(settings.limits.maximumStringBytes) byte limit"))
            return
        }
        let policy = constrained ? settings.characterPolicy : settings.stringPolicy
        if !policy.isEmpty, let finding = policy.scan(text) { report(finding) }
    }
}
