import Documents

/// `patternProperties`: members whose names match a pattern must match its schema.
final class PatternPropertiesKeyword: CompiledKeyword, @unchecked Sendable {
    override var childNodes: [SchemaNode] { entries.map(\.node) }
    let entries: [(regex: ECMARegex, escaped: String, node: SchemaNode)]

    init(entries: [(ECMARegex, String, SchemaNode)], absoluteLocation: KeywordLocation) {
        self.entries = entries.map { ($0.0, JSONPointer.escape($0.1), $0.2) }
        super.init(name: "patternProperties", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
