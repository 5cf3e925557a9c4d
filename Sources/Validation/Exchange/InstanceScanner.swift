import Documents

/// Walks an instance (a JSON body, a form or a parameter value) with its schema outline and applies
/// the sanitization rules: key rules on every key, character rules on every string, injection
/// signatures only on strings whose schema does not constrain them.
///
/// The walk is on every request's hot path: it keeps the path as unescaped steps (no string is built
/// for an array index) and turns it into a JSON Pointer only when a finding is reported.
struct InstanceScanner {
    let settings: SanitizationSettings
    let outline: SchemaOutline
    let location: ViolationLocation
    let name: String?
    /// Findings are capped: one hostile body must not cost a huge problem document.
    static let maximumFindings = 20
    private(set) var violations: [Violation] = []
    private var path: [Step] = []
    /// The outline's table, fetched once (nil: nothing is constrained or declared).
    private let table: OutlineTable?

    private enum Step {
        case key(String)
        case index(Int)
    }

    private let scansKeys: Bool
    private let checksLength: Bool
    private let maximumStringBytes: Int

    init(settings: SanitizationSettings, outline: SchemaOutline, location: ViolationLocation, name: String? = nil) {
        self.settings = settings
        self.outline = outline
        self.location = location
        self.name = name
        self.table = outline.sharedTable
        self.scansKeys = !settings.keyPolicy.isEmpty || !settings.characterPolicy.isEmpty
        self.checksLength = settings.checkStringLength
        self.maximumStringBytes = settings.limits.maximumStringBytes
    }

    mutating func scan(_ value: JSONValue) {
        scan(value, node: outline.root)
    }

    private var pointer: JSONPointer? {
        if path.isEmpty && name != nil { return nil }
        return JSONPointer(tokens: path.map { step in
            switch step {
            case .key(let key): return key
            case .index(let index): return String(index)
            }
        })
    }

    private mutating func report(_ finding: SanitizationFinding) {
        guard violations.count < Self.maximumFindings else { return }
        violations.append(finding.violation(location: location, name: name, pointer: pointer))
    }

    // MARK: Outline lookups (the table fetched once)

    @inline(__always)
    private func constrainsStrings(_ index: Int?) -> Bool {
        guard let table, let index, index >= 0, index < table.nodes.count else { return false }
        return table.nodes[index].constrainsStrings
    }

    @inline(__always)
    private func declaredProperty(_ key: String, of index: Int?) -> Int? {
        guard let table, let index else { return nil }
        return table.declaredProperty(key, of: index)
    }

    @inline(__always)
    private func additional(of index: Int?) -> Int? {
        guard let table, let index, index >= 0, index < table.nodes.count else { return nil }
        return table.nodes[index].additional
    }

    @inline(__always)
    private func item(_ position: Int, of index: Int?) -> Int? {
        guard let table, let index, index >= 0, index < table.nodes.count else { return nil }
        let node = table.nodes[index]
        return position < node.prefixItems.count ? node.prefixItems[position] : node.items
    }

    // MARK: Walk

    private mutating func scan(_ value: JSONValue, node index: Int?) {
        guard violations.count < Self.maximumFindings else { return }
        switch value.kind {
        case .string(let text):
            scanString(text, constrained: constrainsStrings(index))
        case .array(let items):
            for position in items.indices {
                switch items[position].kind {
                case .null, .bool, .number: continue
                default: break
                }
                path.append(.index(position))
                scan(items[position], node: item(position, of: index))
                path.removeLast()
            }
        case .object(let object):
            let members = object.members
            for position in members.indices {
                let key = members[position].key
                path.append(.key(key))
                // A key the schema declares is a name the spec chose: only undeclared keys are scanned.
                let declared = declaredProperty(key, of: index)
                if declared == nil, scansKeys,
                   let finding = settings.keyPolicy.scanKey(key) ?? settings.characterPolicy.scan(key) {
                    report(finding)
                }
                switch members[position].value.kind {
                case .null, .bool, .number: break
                default: scan(members[position].value, node: declared ?? additional(of: index))
                }
                path.removeLast()
            }
        case .null, .bool, .number:
            break
        }
    }

    mutating func scanString(_ text: String, constrained: Bool) {
        if checksLength, text.utf8.count > maximumStringBytes {
            guard violations.count < Self.maximumFindings else { return }
            violations.append(Violation(location: location, name: name, pointer: pointer, keyword: "max-string-length",
                                        message: "string is \(text.utf8.count) bytes, over the \(maximumStringBytes) byte limit"))
            return
        }
        let policy = constrained ? settings.characterPolicy : settings.stringPolicy
        if !policy.isEmpty, let finding = policy.scan(text) { report(finding) }
    }
}
