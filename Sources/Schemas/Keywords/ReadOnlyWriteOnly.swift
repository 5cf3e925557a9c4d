import Documents

/// OpenAPI `readOnly: true` (not allowed in requests) and `writeOnly: true` (not allowed in responses).
final class AccessModeKeyword: CompiledKeyword, @unchecked Sendable {
    let forbiddenDirection: ValidationDirection

    override init(name: String, absoluteLocation: KeywordLocation) {
        self.forbiddenDirection = name == "readOnly" ? .request : .response
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard context.direction == forbiddenDirection else { return true }
        if context.collecting {
            context.report(self, name == "readOnly"
                ? "read-only value is not allowed in a request"
                : "write-only value is not allowed in a response")
        }
        return false
    }
}
