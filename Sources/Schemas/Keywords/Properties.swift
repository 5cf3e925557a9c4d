import Documents

/// `properties`: each named member present in the instance must match its schema.
final class PropertiesKeyword: Keyword {
    let name = "properties"
    let absoluteLocation: String
    let entries: [(name: String, escaped: String, node: SchemaNode)]

    init(entries: [(String, SchemaNode)], absoluteLocation: String) {
        self.entries = entries.map { ($0.0, JSONPointer.escape($0.0), $0.1) }
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        var valid = true
        for entry in entries {
            guard let position = object.position(of: entry.name) else { continue }
            if context.tracking { annotations.properties.insert(entry.name) }
            if context.collecting { context.keywordPath.append(entry.escaped) }
            let memberValid = context.descend(entry.node, object.members[position].value, .key(entry.name))
            if context.collecting { context.keywordPath.removeLast() }
            if !memberValid {
                valid = false
                if !context.collecting { return false }
            }
        }
        return valid
    }
}

/// `patternProperties`: members whose names match a pattern must match its schema.
final class PatternPropertiesKeyword: Keyword {
    let name = "patternProperties"
    let absoluteLocation: String
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
            for name in knownList where name == key { return false }
        } else if known.contains(key) {
            return false
        }
        for pattern in patterns where pattern.matches(key) != .noMatch { return false }
        return true
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .object(let object) = instance.kind else { return true }
        if context.tracking { annotations.allProperties = true }
        var valid = true
        let forbidden = node.constant == false
        for member in object where isAdditional(member.key) {
            if forbidden {
                if !context.collecting { return false }
                context.report(self, "property \(Describe.quoted(member.key)) is not allowed")
                valid = false
            } else if !context.descend(node, member.value, .key(member.key)) {
                valid = false
                if !context.collecting { return false }
            }
        }
        return valid
    }
}

/// `propertyNames`: every member name, as a string, must match the schema.
final class PropertyNamesKeyword: Keyword {
    let name = "propertyNames"
    let absoluteLocation: String
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
