import Documents

extension SanitizationPolicy {
    /// The first finding in a JSON instance: every object key (key rules, then string rules)
    /// and every string value, depth first, with the JSON Pointer of what matched.
    public func scan(json value: JSONValue) -> (pointer: JSONPointer, finding: SanitizationFinding)? {
        var path: [String] = []
        return scan(value, path: &path)
    }

    private func scan(_ value: JSONValue, path: inout [String]) -> (pointer: JSONPointer, finding: SanitizationFinding)? {
        switch value.kind {
        case .string(let text):
            if let finding = scan(text) { return (JSONPointer(tokens: path), finding) }
        case .array(let items):
            for (index, item) in items.enumerated() {
                path.append(String(index))
                defer { path.removeLast() }
                if let found = scan(item, path: &path) { return found }
            }
        case .object(let object):
            for member in object.members {
                path.append(member.key)
                defer { path.removeLast() }
                if let finding = scanKey(member.key) { return (JSONPointer(tokens: path), finding) }
                if let found = scan(member.value, path: &path) { return found }
            }
        case .null, .bool, .number:
            break
        }
        return nil
    }
}
