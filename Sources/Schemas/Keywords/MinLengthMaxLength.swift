import Documents

/// `minLength` / `maxLength`: string length in Unicode code points.
final class StringLengthKeyword: CompiledKeyword, @unchecked Sendable {
    let limit: Int
    let isMinimum: Bool

    init(name: String, limit: Int, absoluteLocation: KeywordLocation) {
        self.limit = limit
        self.isMinimum = name == "minLength"
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .string(let text) = instance.kind else { return true }
        let bytes = text.utf8.count
        // Code points never outnumber UTF-8 bytes, and every code point takes at most four bytes.
        if isMinimum {
            // (The limit is checked first: `limit * 4` traps past Int.max / 4, and a schema may say 2^61.)
            if limit < Int.max / 4 && bytes >= limit * 4 { return true }
            if bytes < limit { return fail(text, context: &context) }
        } else if bytes <= limit {
            return true
        }
        let length = text.unicodeScalars.count
        if isMinimum ? length >= limit : length <= limit { return true }
        return fail(text, context: &context)
    }

    private func fail(_ text: String, context: inout ValidationContext) -> Bool {
        if context.collecting {
            let length = text.unicodeScalars.count
            context.report(self, isMinimum
                ? "string \(context.quote(text)) is \(length) characters long, shorter than the minimum of \(limit)"
                : "string \(context.quote(text)) is \(length) characters long, longer than the maximum of \(limit)")
        }
        return false
    }
}
