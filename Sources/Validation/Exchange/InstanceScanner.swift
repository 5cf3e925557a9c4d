import Documents
import Schemas

/// Walks an instance (a JSON body, a form or a parameter value) with its schema outline and applies
/// the sanitization rules: key rules on every key, character rules on every string, injection
/// signatures only on strings whose schema does not constrain them.
///
/// The walk is on every request's hot path: it reads the instance and the outline in place (through
/// buffers, so visiting a member copies no value and counts no reference), keeps the path as member
/// positions only, and turns it into a JSON Pointer (re-reading the keys from the root) only when a
/// finding is reported.
struct InstanceScanner {
    let settings: SanitizationSettings
    let outline: SchemaOutline
    let location: ViolationLocation
    let name: String?
    /// Findings are capped: one hostile body must not cost a huge problem document.
    static let maximumFindings = 20
    private(set) var violations: [Violation] = []
    /// Positions (member or item) from `root` down to the value being scanned.
    private var path: [Int] = []
    /// The instance being walked (nil while scanning a lone string).
    private var root: JSONValue?
    /// The outline's table, fetched once (nil: nothing is constrained or declared).
    private let table: OutlineTable?

    private let scansKeys: Bool

    init(settings: SanitizationSettings, outline: SchemaOutline, location: ViolationLocation, name: String? = nil) {
        self.settings = settings
        self.outline = outline
        self.location = location
        self.name = name
        self.table = outline.sharedTable
        self.scansKeys = !settings.keyPolicy.isEmpty || !settings.characterPolicy.isEmpty
    }

    mutating func scan(_ value: JSONValue) {
        root = value
        path.removeAll(keepingCapacity: true)
        // One allocation for the path of any ordinary body, rather than one per doubling.
        if path.capacity < 16 { path.reserveCapacity(16) }
        let start = outline.root ?? -1
        withUnsafePointer(to: value) { value in
            OutlineView.with(table) { view in walk(value, node: table == nil ? -1 : start, view) }
        }
    }

    /// The JSON Pointer of the value being scanned: the keys re-read from the root along `path`.
    private var pointer: JSONPointer? {
        if path.isEmpty && name != nil { return nil }
        var tokens: [String] = []
        tokens.reserveCapacity(path.count)
        var current = root
        for position in path {
            switch current?.kind {
            case .object(let object) where position >= 0 && position < object.members.count:
                tokens.append(object.members[position].key)
                current = object.members[position].value
            case .array(let items) where position >= 0 && position < items.count:
                tokens.append(String(position))
                current = items[position]
            default:
                tokens.append(String(position))
                current = nil
            }
        }
        return JSONPointer(tokens: tokens)
    }

    private mutating func report(_ finding: SanitizationFinding) {
        guard violations.count < Self.maximumFindings else { return }
        violations.append(finding.violation(location: location, name: name, pointer: pointer))
    }

    /// Reports a number the rule `number-range` refuses (when it is on): one whose nearest `Double` is infinite, or
    /// zero while it is not. The schemas compared its exact value; services that read numbers as doubles do not.
    private mutating func checkRange(_ value: UnsafePointer<JSONValue>) {
        guard settings.rejectNumbersBeyondDouble, violations.count < Self.maximumFindings,
              case .number(let number) = value.pointee.kind, number.leavesDoubleRange else { return }
        let reading = number.double.isFinite ? "0" : (number.text.hasPrefix("-") ? "-infinity" : "infinity")
        violations.append(Violation(location: location, name: name, pointer: pointer, keyword: SanitizationSettings.numberRangeRuleID,
                                    message: "number \(ValueCoercion.excerpt(number.text)) is beyond the range of a 64-bit float: services that read numbers as doubles (JavaScript, Python's float, PHP, Perl) read it as \(reading)"))
    }

    // MARK: Walk

    /// Where a member's value sits inside `JSONMember`, so the walk can hand the value on by address.
    private static let memberValueOffset = MemoryLayout<JSONMember>.offset(of: \JSONMember.value)

    /// Values are passed by address: passing a `JSONValue` read from an array to a call that mutates the
    /// scanner makes Swift copy it (a retain and a release of its payload per visited value).
    private mutating func walk(_ value: UnsafePointer<JSONValue>, node index: Int, _ view: OutlineView) {
        guard violations.count < Self.maximumFindings else { return }
        switch value.pointee.kind {
        case .string(let text):
            scanString(text, constrained: view.constrainsStrings(index))
        case .array(let items):
            items.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for position in 0..<buffer.count {
                    switch base[position].kind {
                    case .null, .bool: continue
                    case .number:
                        path.append(position)
                        checkRange(base + position)
                        path.removeLast()
                        continue
                    default: break
                    }
                    path.append(position)
                    walk(base + position, node: view.item(position, of: index), view)
                    path.removeLast()
                }
            }
        case .object(let object):
            object.members.withUnsafeBufferPointer { members in
                guard let base = members.baseAddress else { return }
                for position in 0..<members.count {
                    path.append(position)
                    // A key the schema declares is a name the spec chose: only undeclared keys are scanned.
                    let declared = view.declaredProperty(members[position].key, of: index)
                    if declared < 0, scansKeys, let finding = Self.keyFinding(members[position].key, settings) {
                        report(finding)
                    }
                    if declared < 0, settings.rejectCaseVariantKeys, violations.count < Self.maximumFindings,
                       let declaredName = view.foldedDeclaredName(members[position].key, of: index) {
                        violations.append(KeyFolding.violation(key: members[position].key, name: declaredName, location: location,
                                                               parameter: name, pointer: pointer))
                    }
                    switch members[position].value.kind {
                    case .null, .bool: break
                    default:
                        let node = declared >= 0 ? declared : view.additional(of: index)
                        if let offset = Self.memberValueOffset {
                            walk((UnsafeRawPointer(base + position) + offset).assumingMemoryBound(to: JSONValue.self), node: node, view)
                        } else {
                            withUnsafePointer(to: members[position].value) { walk($0, node: node, view) }
                        }
                    }
                    path.removeLast()
                }
            }
        case .number:
            checkRange(value)
        case .null, .bool:
            break
        }
    }

    mutating func scanString(_ text: String, constrained: Bool) {
        switch Self.check(text, constrained: constrained, settings) {
        case .clean:
            break
        case .tooLong(let bytes):
            guard violations.count < Self.maximumFindings else { return }
            violations.append(Violation(location: location, name: name, pointer: pointer, keyword: "max-string-length",
                                        message: "string is \(bytes) bytes, over the \(settings.limits.maximumStringBytes) byte limit"))
        case .finding(let finding):
            report(finding)
        }
    }

    /// What the scan finds in one string.
    enum StringCheck {
        case clean
        /// Over the string length limit (its length in bytes); no rule is applied then.
        case tooLong(Int)
        case finding(SanitizationFinding)
    }

    /// The scan of one string: the length limit, then the character rules (`constrained`: the schema constrains
    /// the value) or the character and injection rules.
    @inline(__always)
    static func check(_ text: String, constrained: Bool, _ settings: SanitizationSettings) -> StringCheck {
        text.withUTF8Bytes { check(bytes: $0, constrained: constrained, settings) }
    }

    /// `check` over the bytes of a string (valid UTF-8).
    @inline(__always)
    static func check(bytes: UnsafeBufferPointer<UInt8>, constrained: Bool, _ settings: SanitizationSettings) -> StringCheck {
        if settings.checkStringLength, bytes.count > settings.limits.maximumStringBytes { return .tooLong(bytes.count) }
        let policy = constrained ? settings.characterPolicy : settings.stringPolicy
        if policy.isEmpty || policy.isCertainlyClean(validUTF8: bytes) { return .clean }
        if let finding = policy.scanAfterFirstTest(validUTF8: bytes) { return .finding(finding) }
        return .clean
    }

    /// The scan of an object key the schema does not declare (nil: clean).
    @inline(__always)
    static func keyFinding(_ key: String, _ settings: SanitizationSettings) -> SanitizationFinding? {
        settings.keyPolicy.scanKey(key) ?? settings.characterPolicy.scan(key)
    }
}

/// The outline table seen through buffers for the walk; node -1 is "no schema" (nothing constrained or declared).
struct OutlineView {
    let table: OutlineTable?
    let nodes: UnsafeBufferPointer<OutlineTable.WalkNode>
    let names: UnsafeBufferPointer<String>
    let targets: UnsafeBufferPointer<Int>
    let prefixes: UnsafeBufferPointer<Int>
    /// The same names as `names`, as bytes.
    let packedNames: PackedNames.View

    /// Runs `body` with `table` seen through buffers (nil: the view of no schema).
    static func with<Result>(_ table: OutlineTable?, _ body: (OutlineView) -> Result) -> Result {
        guard let table else {
            return body(OutlineView(table: nil, nodes: .init(start: nil, count: 0), names: .init(start: nil, count: 0),
                                    targets: .init(start: nil, count: 0), prefixes: .init(start: nil, count: 0), packedNames: .empty))
        }
        return table.walkNodes.withUnsafeBufferPointer { nodes in
            table.propertyNames.withUnsafeBufferPointer { names in
                table.propertyTargets.withUnsafeBufferPointer { targets in
                    table.prefixTargets.withUnsafeBufferPointer { prefixes in
                        table.packedNames.withView { packed in
                            body(OutlineView(table: table, nodes: nodes, names: names, targets: targets, prefixes: prefixes, packedNames: packed))
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    func constrainsStrings(_ index: Int) -> Bool {
        guard index >= 0, index < nodes.count else { return false }
        return nodes[index].constrainsStrings
    }

    /// The outline of a property the node declares by name, or -1.
    @inline(__always)
    func declaredProperty(_ key: String, of index: Int) -> Int {
        guard index >= 0, index < nodes.count else { return -1 }
        let node = nodes[index]
        if node.propertyCount > 16 { return table?.declaredProperty(key, of: index) ?? -1 }
        let end = node.propertyStart + node.propertyCount
        guard node.propertyStart >= 0, end <= names.count, end <= targets.count else { return -1 }
        var entry = node.propertyStart
        while entry < end {
            if names[entry] == key { return targets[entry] }
            entry += 1
        }
        return -1
    }

    /// For an ASCII key given as bytes: the offset among node `index`'s declared properties of the one it names
    /// (the search starts at offset `hint`: members mostly come in declaration order), -1 when none, -2 when bytes
    /// cannot decide (a node with non-ASCII names, or with more names than a scan serves; ask `declaredProperty`).
    @inline(__always)
    func declaredOffset(bytes key: UnsafeBufferPointer<UInt8>, of index: Int, from hint: Int) -> Int {
        guard index >= 0, index < nodes.count else { return -1 }
        let node = nodes[index]
        guard node.namesAreASCII, node.propertyCount <= 16 else { return -2 }
        let count = node.propertyCount
        guard node.propertyStart >= 0, node.propertyStart + count <= targets.count, node.propertyStart + count <= packedNames.count else { return -2 }
        return packedNames.offset(of: key, start: node.propertyStart, count: count, from: hint) ?? -1
    }

    /// The outline of the `offset`th property node `index` declares.
    @inline(__always)
    func declaredTarget(_ offset: Int, of index: Int) -> Int {
        guard index >= 0, index < nodes.count, offset >= 0, offset < nodes[index].propertyCount else { return -1 }
        let entry = nodes[index].propertyStart + offset
        return entry < targets.count ? targets[entry] : -1
    }

    @inline(__always)
    func additional(of index: Int) -> Int {
        guard index >= 0, index < nodes.count else { return -1 }
        return nodes[index].additional
    }

    @inline(__always)
    func item(_ position: Int, of index: Int) -> Int {
        guard index >= 0, index < nodes.count else { return -1 }
        let node = nodes[index]
        if position < node.prefixCount {
            let entry = node.prefixStart + position
            return entry >= 0 && entry < prefixes.count ? prefixes[entry] : -1
        }
        return node.items
    }
}
