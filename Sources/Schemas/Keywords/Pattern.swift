import Documents

/// `pattern`: the string must contain a match of the ECMA-262 regular expression (PCRE2, with match limits).
final class PatternKeyword: CompiledKeyword, @unchecked Sendable {
    let regex: ECMARegex
    let source: String

    init(regex: ECMARegex, source: String, absoluteLocation: KeywordLocation) {
        self.regex = regex
        self.source = source
        super.init(name: "pattern", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .string(let text) = instance.kind else { return true }
        switch regex.matches(text) {
        case .match:
            return true
        case .noMatch:
            if context.collecting {
                context.report(self, "string \(context.quote(text)) does not match the pattern \(Describe.quoted(source))")
            }
            return false
        case .limitExceeded:
            if context.collecting {
                context.report(self, "pattern matching exceeded its limits (pattern \(Describe.quoted(source)))")
            }
            return false
        }
    }
}
