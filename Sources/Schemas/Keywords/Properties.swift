import Documents

/// `properties`: each named member present in the instance must match its schema.
///
/// Walks the instance members once; members usually come in the schema's order, so the search for each
/// name starts just after the previous match.
final class PropertiesKeyword: Keyword {
    let name = "properties"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { nodes }
    let names: [String]
    let escapedNames: [String]
    let nodes: [SchemaNode]

    init(entries: [(String, SchemaNode)], absoluteLocation: String) {
        self.names = entries.map(\.0)
        self.escapedNames = entries.map { JSONPointer.escape($0.0) }
        self.nodes = entries.map(\.1)
        self.absoluteLocation = absoluteLocation
    }

    @inline(__always)
    private func entryIndex(_ key: String, after previous: Int, in names: UnsafeBufferPointer<String>) -> Int? {
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

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        return object.members.withUnsafeBufferPointer { members in
            names.withUnsafeBufferPointer { names in
                nodes.withUnsafeBufferPointer { nodes in
                    var valid = true
                    var previous = -1
                    for memberIndex in 0..<members.count {
                        let key = members[memberIndex].key
                        guard let entry = entryIndex(key, after: previous, in: names) else { continue }
                        previous = entry
                        if context.tracking { annotations.properties.insert(key) }
                        if context.collecting { context.keywordPath.append(escapedNames[entry]) }
                        let memberValid = context.descend(nodes[entry], members[memberIndex].value, .key(key))
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

/// `patternProperties`: members whose names match a pattern must match its schema.
final class PatternPropertiesKeyword: Keyword {
    let name = "patternProperties"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { entries.map(\.node) }
    let entries: [(regex: ECMARegex, escaped: String, node: SchemaNode)]

    init(entries: [(ECMARegex, String, SchemaNode)], absoluteLocation: String) {
        self.entries = entries.map { ($0.0, JSONPointer.escape($0.1), $0.2) }
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        var valid = true
        for member in object {
            for entry in entries {
                switch entry.regex.matches(member.key) {
                case .noMatch:
                    continue
                case .limitExceeded:
                    if context.collecting {
                        context.report(self, "pattern matching exceeded its limits on property name \(Describe.quoted(member.key))")
                    }
                    valid = false
                case .match:
                    if context.tracking { annotations.properties.insert(member.key) }
                    if context.collecting { context.keywordPath.append(entry.escaped) }
                    let memberValid = context.descend(entry.node, member.value, .key(member.key))
                    if context.collecting { context.keywordPath.removeLast() }
                    if !memberValid { valid = false }
                }
                if !valid && !context.collecting { return false }
            }
        }
        return valid
    }
}

/// `additionalProperties`: members not named by `properties` nor matched by `patternProperties` must match.
final class AdditionalPropertiesKeyword: Keyword {
    let name = "additionalProperties"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode
    let known: Set<String>
    /// The same names, scanned instead of hashed when there are few.
    let knownList: [String]
    let patterns: [ECMARegex]

    init(node: SchemaNode, known: Set<String>, patterns: [ECMARegex], absoluteLocation: String) {
        self.node = node
        self.known = known
        self.knownList = Array(known)
        self.patterns = patterns
        self.absoluteLocation = absoluteLocation
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

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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

/// `propertyNames`: every member name, as a string, must match the schema.
final class PropertyNamesKeyword: Keyword {
    let name = "propertyNames"
    let absoluteLocation: String
    var childNodes: [SchemaNode] { [node] }
    let node: SchemaNode

    init(node: SchemaNode, absoluteLocation: String) {
        self.node = node
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        var valid = true
        for member in object where !context.descend(node, JSONValue(.string(member.key)), .key(member.key)) {
            valid = false
            if !context.collecting { return false }
        }
        return valid
    }
}
