import Documents

/// One step of an instance location, kept unescaped until a violation needs the pointer text.
enum InstancePathToken {
    case key(String)
    case index(Int)
}

/// The mutable state of one validation run, passed `inout` down the node graph.
///
/// Locations are only tracked while `collecting`; the `isValid` path never builds strings.
struct ValidationContext {
    /// Whether violations are being collected (false: stop at the first failure, build nothing).
    var collecting: Bool
    /// Whether `Annotations` must be filled (the graph uses unevaluated keywords).
    let tracking: Bool
    /// Whether the dynamic scope must be maintained (the graph uses `$dynamicRef`).
    let usesDynamicScope: Bool
    let direction: ValidationDirection
    let maximumDepth: Int
    let maximumEvaluationDepth: Int
    /// When set, messages describe instance values by type and size only (secrets, `format: password`, `writeOnly`).
    var redacting: Bool
    var instanceDepth = 0
    var evaluationDepth = 0
    /// Node evaluations left (`SchemaOptions.maximumEvaluations`, grown by `evaluationsPerValue` per instance value).
    var evaluationsLeft: Int
    /// Set when `evaluationsLeft` ran out: every evaluation since failed, and the whole validation is invalid whatever
    /// the keywords above made of those failures (under `not`, a failure would otherwise pass).
    var evaluationBudgetExhausted = false
    /// Evaluations each instance value reached adds to the budget.
    static let evaluationsPerValue = 256
    var instancePath: [InstancePathToken] = []
    var keywordPath: [String] = []
    var violations: [SchemaViolation] = []
    var dynamicScope: [SchemaResourceScope] = []
    /// OpenAPI discriminators dispatching now, with the instance depth they dispatch at (so one does not
    /// dispatch again at the same place through a derived schema's `allOf` back to its base).
    var activeDiscriminators: [(ObjectIdentifier, Int)] = []
    /// Nodes on an in-place cycle being evaluated, with the instance depth they were entered at.
    var inPlaceCycleGuard: [(ObjectIdentifier, Int)] = []

    init(collecting: Bool, tracking: Bool, usesDynamicScope: Bool, direction: ValidationDirection, options: SchemaOptions) {
        self.collecting = collecting
        self.tracking = tracking
        self.usesDynamicScope = usesDynamicScope
        self.direction = direction
        self.maximumDepth = options.maximumDepth
        self.maximumEvaluationDepth = options.maximumEvaluationDepth
        self.redacting = options.redactsValues
        self.evaluationsLeft = options.maximumEvaluations
    }

    /// The violation that says the budget ran out (added once, at the root, by the entry points).
    func budgetViolation(_ root: SchemaNode) -> SchemaViolation {
        SchemaViolation(instanceLocation: JSONPointer(tokens: []), keywordLocation: "", absoluteSchemaLocation: root.absoluteLocation,
                        keyword: "maximumEvaluations",
                        message: "validation stopped: the schema took more evaluations than its limit for an instance of this size (allOf/anyOf branches that refer to each other?)")
    }

    /// An instance value for a message: abbreviated, or only its type and size when redacting.
    func describe(_ value: JSONValue) -> String {
        redacting ? Describe.redacted(value) : Describe.value(value)
    }

    /// A quoted instance string for a message, or its length only when redacting.
    func quote(_ text: String) -> String {
        redacting ? "(\(text.unicodeScalars.count) characters, not shown)" : Describe.quoted(text)
    }

    /// Compact JSON of an instance value, or its type only when redacting.
    func describeJSON(_ value: JSONValue) -> String {
        redacting ? Describe.redacted(value) : Describe.json(value)
    }

    /// An instance number's text, abbreviated, or a placeholder when redacting.
    func numberText(_ number: JSONNumber) -> String {
        redacting ? "(value not shown)" : abbreviated(number.text)
    }

    var instancePointer: JSONPointer {
        JSONPointer(tokens: instancePath.map {
            switch $0 {
            case .key(let key): return key
            case .index(let index): return String(index)
            }
        })
    }

    /// The keyword path as pointer text (its tokens are escaped when pushed): bytes made a string once, where joining
    /// the tokens cost some 2k instructions per violation.
    var keywordLocation: String {
        guard !keywordPath.isEmpty else { return "" }
        var bytes = ByteSink(capacity: keywordPath.reduce(0) { $0 + $1.utf8.count + 1 })
        for token in keywordPath {
            bytes.append(UInt8(ascii: "/"))
            bytes.append(token)
        }
        return bytes.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Records a violation of `keyword` at the current locations (callers check `collecting` first).
    mutating func report(_ keyword: CompiledKeyword, _ message: String) {
        report(keyword: keyword.name, absoluteLocation: keyword.absoluteLocation, message)
    }

    mutating func report(keyword: String, absoluteLocation: String, _ message: String) {
        // Room for a few at the first: an instance that fails mostly fails more than once, and growing the array from
        // empty to one, two and four reallocated it three times.
        if violations.capacity == 0 { violations.reserveCapacity(4) }
        violations.append(SchemaViolation(
            instanceLocation: instancePointer, keywordLocation: keywordLocation,
            absoluteSchemaLocation: absoluteLocation, keyword: keyword, message: message))
    }

    /// Evaluates a child node on a child instance (an object member or array item).
    @inline(__always)
    mutating func descend(_ node: SchemaNode, _ value: JSONValue, _ token: @autoclosure () -> InstancePathToken) -> Bool {
        // A spent budget ends the whole validation: the rest of a large instance is not walked (each remaining item of
        // an array under a bomb cost about a millisecond and 100 KB; found by a re-audit).
        if evaluationBudgetExhausted { return false }
        if collecting { instancePath.append(token()) }
        instanceDepth += 1
        evaluationsLeft += Self.evaluationsPerValue
        var scratch = Annotations()
        let valid: Bool
        if instanceDepth > maximumDepth {
            if collecting {
                report(keyword: "maximumDepth", absoluteLocation: node.absoluteLocation,
                       "value is nested deeper than \(maximumDepth) levels")
            }
            valid = false
        } else {
            valid = node.evaluate(value, &self, &scratch)
        }
        instanceDepth -= 1
        if collecting { instancePath.removeLast() }
        return valid
    }

    /// True when descending into the value at `value` with `node` is sure to pass without evaluating it: the
    /// node's only keyword is `type`, the value has one of its types, and no depth limit would be hit. A
    /// passing leaf reports nothing, so callers skip `descend` (and the copy of the value it takes) for it;
    /// false means "evaluate", never "invalid".
    @inline(__always)
    func passesTypeOnly(_ node: SchemaNode, _ value: UnsafePointer<JSONValue>) -> Bool {
        guard let typeOnly = node.typeOnly, node.constant == nil, !node.nullable, !node.isOnInPlaceCycle,
              instanceDepth < maximumDepth, evaluationDepth < maximumEvaluationDepth else { return false }
        return TypeKeyword.matchesInPlace(typeOnly, value)
    }

    /// Where a member's value sits inside `JSONMember`, to hand the value on by address.
    static let memberValueOffset = MemoryLayout<JSONMember>.offset(of: \JSONMember.value)

    /// `descend` for a node held without reference counting (its owner keeps it alive).
    @inline(__always)
    mutating func descend(_ node: Unmanaged<SchemaNode>, _ value: JSONValue, _ token: @autoclosure () -> InstancePathToken) -> Bool {
        node._withUnsafeGuaranteedRef { descend($0, value, token()) }
    }

    /// Evaluates a node on the same instance without reporting anything.
    @inline(__always)
    mutating func silently(_ node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        let saved = collecting
        collecting = false
        let valid = node.evaluate(instance, &self, &annotations)
        collecting = saved
        return valid
    }

    /// Evaluates a node on the same instance with the keyword path extended by `tokens` when collecting.
    @inline(__always)
    mutating func inPlace(_ node: SchemaNode, _ instance: JSONValue, _ annotations: inout Annotations, _ token: String? = nil) -> Bool {
        if collecting, let token { keywordPath.append(token) }
        let valid = node.evaluate(instance, &self, &annotations)
        if collecting, token != nil { keywordPath.removeLast() }
        return valid
    }
}
