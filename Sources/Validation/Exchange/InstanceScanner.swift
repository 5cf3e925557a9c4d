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

    init(settings: SanitizationSettings, outline: SchemaOutline, location: ViolationLocation, name: String? = nil) {
        self.settings = settings
        self.outline = outline
        self.location = location
        self.name = name
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
            scanString(text, constrained: outline.node(index)?.constrainsStrings ?? false)
        case .array(let items):
            let node = outline.node(index)
            for (position, item) in items.enumerated() {
                path.append(String(position))
                let child = node.flatMap { position < $0.prefixItems.count ? $0.prefixItems[position] : $0.items }
                scan(item, node: child)
                path.removeLast()
            }
        case .object(let object):
            let node = outline.node(index)
            for member in object.members {
                path.append(member.key)
                if let finding = settings.keyPolicy.scanKey(member.key) ?? settings.characterPolicy.scan(member.key) {
                    report(finding)
                }
                scan(member.value, node: node.flatMap { $0.properties[member.key] ?? $0.additional })
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
        if let finding = settings.characterPolicy.scan(text) { report(finding); return }
        if !constrained, let finding = settings.injectionPolicy.scan(text) { report(finding) }
    }
}
