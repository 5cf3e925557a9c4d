import Documents

/// `additionalProperties`: members not named by `properties` nor matched by `patternProperties` must match.
final class AdditionalPropertiesKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode
    let known: Set<String>
    /// The same names, scanned instead of hashed when there are few.
    let knownList: [String]
    let patterns: [ECMARegex]

    init(node: SchemaNode, known: Set<String>, patterns: [ECMARegex], absoluteLocation: KeywordLocation) {
        self.node = node
        self.known = known
        self.knownList = Array(known)
        self.patterns = patterns
        super.init(name: "additionalProperties", absoluteLocation: absoluteLocation)
    }

    @inline(__always)
    func isAdditional(_ key: String) -> Bool {
        if knownList.count <= 12 {
            let found = knownList.withUnsafeBufferPointer { names in
                for index in 0..<names.count where names[index] == key { return true }
                return false
            }
            if found { return false }
        } else if known.contains(key) {
            return false
        }
        for pattern in patterns where pattern.matches(key) != .noMatch { return false }
        return true
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        if context.tracking { annotations.allProperties = true }
        let forbidden = node.constant == false
        return object.members.withUnsafeBufferPointer { members in
            var valid = true
            for index in 0..<members.count where isAdditional(members[index].key) {
                if forbidden {
                    if !context.collecting { return false }
                    context.report(self, "property \(Describe.quoted(members[index].key)) is not allowed")
                    valid = false
                } else if !context.descend(node, members[index].value, .key(members[index].key)) {
                    valid = false
                    if !context.collecting { return false }
                }
            }
            return valid
        }
    }
}
