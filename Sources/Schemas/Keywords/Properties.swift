import Documents

/// `properties`: each named member present in the instance must match its schema.
///
/// Walks the instance members once; members usually come in the schema's order, so the search for each
/// name starts just after the previous match. Schemas with many properties look names up by hash instead.
final class PropertiesKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { nodes }
    let names: [String]
    let escapedNames: [String]
    let nodes: [SchemaNode]
    /// The same nodes, used without reference counting; `nodes` keeps them alive.
    private let unretainedNodes: [Unmanaged<SchemaNode>]
    /// Name → entry index, for schemas with more properties than a scan handles well.
    private let index: [String: Int]?

    private static let scanLimit = 16

    init(entries: [(String, SchemaNode)], absoluteLocation: KeywordLocation) {
        self.names = entries.map(\.0)
        self.escapedNames = entries.map { JSONPointer.escape($0.0) }
        self.nodes = entries.map(\.1)
        self.unretainedNodes = nodes.map { Unmanaged.passUnretained($0) }
        self.index = entries.count > Self.scanLimit
            ? Dictionary(entries.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: { first, _ in first })
            : nil
        super.init(name: "properties", absoluteLocation: absoluteLocation)
    }

    @inline(__always)
    private func entryIndex(_ key: String, after previous: Int, in names: UnsafeBufferPointer<String>) -> Int? {
        if let index { return index[key] }
        let count = names.count
        var index = previous + 1
        var remaining = count
        while remaining > 0 {
            if index >= count { index = 0 }
            if names[index] == key { return index }
            index += 1
            remaining -= 1
        }
        return nil
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        return object.members.withUnsafeBufferPointer { members in
            names.withUnsafeBufferPointer { names in
                unretainedNodes.withUnsafeBufferPointer { nodes in
                    var valid = true
                    var previous = -1
                    for memberIndex in 0..<members.count {
                        guard let entry = entryIndex(members[memberIndex].key, after: previous, in: names) else { continue }
                        previous = entry
                        if context.tracking { annotations.properties.insert(members[memberIndex].key) }
                        if let offset = ValidationContext.memberValueOffset, let base = members.baseAddress {
                            let value = (UnsafeRawPointer(base + memberIndex) + offset).assumingMemoryBound(to: JSONValue.self)
                            if nodes[entry]._withUnsafeGuaranteedRef({ context.passesTypeOnly($0, value) }) { continue }
                        }
                        if context.collecting { context.keywordPath.append(escapedNames[entry]) }
                        let memberValid = context.descend(nodes[entry], members[memberIndex].value, .key(members[memberIndex].key))
                        if context.collecting { context.keywordPath.removeLast() }
                        if !memberValid {
                            valid = false
                            if !context.collecting { return false }
                        }
                    }
                    return valid
                }
            }
        }
    }
}
