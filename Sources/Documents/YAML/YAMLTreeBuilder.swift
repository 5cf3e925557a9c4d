/// Builds one `JSONValue` tree from libyaml events with an explicit stack
/// (no recursion, so depth is bounded by `maximumDepth`, not by the thread's stack).
///
/// Anchors keep the finished value and its node count; an alias adds that count
/// to the expansion budget, so a billion-laughs document stops at the first alias
/// that goes over it. Merge keys (`<<`, YAML 1.1) are supported: the mapping's own
/// keys win, then earlier merged mappings win over later ones.
struct YAMLTreeBuilder {
    /// Why building stopped early.
    struct Failure: Error {
        var diagnostic: Diagnostic
    }

    private enum MappingState {
        case expectKey
        case expectValue(key: String, keyLocation: SourceLocation)
        case expectMergeValue(location: SourceLocation)
        case skipValue
    }

    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        var items: [JSONValue] = []
        var object = JSONObject()
        var state = MappingState.expectKey
        var merges: [JSONObject] = []
        /// Nodes in this subtree so far (alias expansions count in full).
        var nodeCount = 1
    }

    let file: String
    let maximumDepth: Int
    let maximumAliasExpansion: Int
    private var stack: [Frame] = []
    private var anchors: [String: (value: JSONValue, nodeCount: Int)] = [:]
    private var expandedNodes = 0
    private(set) var root: JSONValue?
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, maximumDepth: Int, maximumAliasExpansion: Int) {
        self.file = file
        self.maximumDepth = maximumDepth
        self.maximumAliasExpansion = maximumAliasExpansion
    }

    /// True when the innermost open collection is a mapping waiting for a key
    /// (kept up to date on every transition: reading it is on the hot path).
    private(set) var expectsKey = false

    mutating func appendDiagnostic(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    // MARK: Events

    /// A scalar that is a mapping key: its text is the key as written (`200` is "200").
    mutating func keyScalar(_ text: String, isMergeKey: Bool, anchor: String?, at location: SourceLocation) {
        if let anchor { anchors[anchor] = (JSONValue(.string(text), location: location), 1) }
        let index = stack.count - 1
        guard index >= 0 else { return }
        stack[index].nodeCount += 1
        stack[index].state = isMergeKey ? .expectMergeValue(location: location) : .expectValue(key: text, keyLocation: location)
        expectsKey = false
    }

    /// A scalar in value position, already resolved.
    mutating func scalar(_ kind: JSONValue.Kind, anchor: String?, at location: SourceLocation) {
        let value = JSONValue(kind, location: location)
        if let anchor { anchors[anchor] = (value, 1) }
        deliver(value, nodeCount: 1)
    }

    mutating func startCollection(isMapping: Bool, anchor: String?, at location: SourceLocation) throws(Failure) {
        if stack.count >= maximumDepth {
            throw Failure(diagnostic: .error(
                "yaml-too-deep", "nesting deeper than the limit of \(maximumDepth) sequences and mappings", at: location))
        }
        stack.append(Frame(isMapping: isMapping, location: location, anchor: anchor))
        expectsKey = isMapping
    }

    mutating func endCollection() {
        guard var frame = stack.popLast() else { return }
        let value: JSONValue
        if frame.isMapping {
            if !frame.merges.isEmpty {
                for source in frame.merges {
                    for member in source.members where frame.object.position(of: member.key) == nil {
                        frame.object.appendUnique(member)
                    }
                }
            }
            value = JSONValue(.object(frame.object), location: frame.location)
        } else {
            value = JSONValue(.array(frame.items), location: frame.location)
        }
        if let anchor = frame.anchor { anchors[anchor] = (value, frame.nodeCount) }
        deliver(value, nodeCount: frame.nodeCount)
    }

    mutating func alias(_ name: String, at location: SourceLocation) throws(Failure) {
        guard let (value, count) = anchors[name] else {
            diagnostics.append(.error("yaml-undefined-alias", "alias *\(abbreviated(name)) names no anchor defined before it", at: location))
            deliver(JSONValue(.null, location: location), nodeCount: 1)
            return
        }
        expandedNodes += count
        if expandedNodes > maximumAliasExpansion {
            throw Failure(diagnostic: .error(
                "yaml-alias-expansion-limit",
                "aliases expand to more than \(maximumAliasExpansion) nodes (a billion-laughs document?); reading stopped",
                at: location))
        }
        var copy = value
        copy.location = location
        deliver(copy, nodeCount: count)
    }

    // MARK: Tree

    private mutating func deliver(_ value: JSONValue, nodeCount: Int) {
        let index = stack.count - 1
        guard index >= 0 else {
            root = value
            expectsKey = false
            return
        }
        stack[index].nodeCount += nodeCount
        guard stack[index].isMapping else {
            stack[index].items.append(value)
            expectsKey = false
            return
        }
        let state = stack[index].state
        stack[index].state = .expectKey
        expectsKey = true
        switch state {
        case .expectKey:
            // A sequence, mapping or non-string alias as a key: JSON keys are strings.
            if let text = keyText(of: value) {
                stack[index].state = .expectValue(key: text, keyLocation: value.location)
                expectsKey = false
            } else {
                diagnostics.append(.error(
                    "yaml-complex-key", "a \(value.typeName) used as a mapping key has no JSON form; the member is skipped",
                    at: value.location))
                stack[index].state = .skipValue
                expectsKey = false
            }
        case .expectValue(let key, let keyLocation):
            if let existing = stack[index].object.position(of: key) {
                let first = stack[index].object.members[existing].keyLocation
                diagnostics.append(.error(
                    "yaml-duplicate-key",
                    "duplicate key \"\(abbreviated(key))\" (first at line \(first.line), column \(first.column)); the last value is used",
                    at: keyLocation, pointer: pointer(enclosing: key)))
                stack[index].object.setValue(value, at: existing)
            } else {
                stack[index].object.appendUnique(JSONMember(key: key, keyLocation: keyLocation, value: value))
            }
        case .expectMergeValue(let location):
            if let object = value.objectValue {
                stack[index].merges.append(object)
            } else if let items = value.arrayValue, items.allSatisfy({ $0.objectValue != nil }) {
                for item in items { if let object = item.objectValue { stack[index].merges.append(object) } }
            } else {
                diagnostics.append(.error(
                    "yaml-invalid-merge", "a merge key (<<) needs a mapping or a sequence of mappings, found a \(value.typeName)",
                    at: location))
            }
        case .skipValue:
            break
        }
    }

    /// JSON Pointer of member `key` of the innermost open mapping.
    private func pointer(enclosing key: String) -> String {
        var pointer = JSONPointer.root
        for frame in stack.dropLast() {
            if !frame.isMapping {
                pointer = pointer.appending(frame.items.count)
            } else if case .expectValue(let key, _) = frame.state {
                pointer = pointer.appending(key)
            } else if case .expectMergeValue = frame.state {
                pointer = pointer.appending("<<")
            }
        }
        return pointer.appending(key).description
    }

    private func keyText(of value: JSONValue) -> String? {
        switch value.kind {
        case .string(let text): return text
        case .number(let number): return number.text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array, .object: return nil
        }
    }
}
