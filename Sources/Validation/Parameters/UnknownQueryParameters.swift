/// What to do with query parameters the operation does not declare.
public enum UnknownQueryParameterPolicy: String, Sendable, Hashable {
    /// Let them through (OAS does not forbid extra query parameters).
    case allow
    /// Reject each one as a violation.
    case reject
}

extension QueryString {
    /// Decoded names the operation does not know, in order, each once.
    ///
    /// `declared` are the declared query parameter names; `deepObjectNames` are declared
    /// `deepObject` parameters (`filter` claims `filter[...]`); `objectProperties` are the
    /// property names of exploded `form` objects, which travel as top-level pairs.
    /// Names that cannot be decoded are left to `undecodablePairs`.
    public func unknownNames(declared: Set<String>, deepObjectNames: Set<String> = [], objectProperties: Set<String> = []) -> [String] {
        var unknown: [String] = []
        for pair in pairs {
            guard case .success(let name) = pair.name else { continue }
            if declared.contains(name) || objectProperties.contains(name) { continue }
            if !deepObjectNames.isEmpty, let bracket = name.utf8.firstIndex(of: UInt8(ascii: "[")), deepObjectNames.contains(String(name[..<bracket])) { continue }
            if !unknown.contains(name) { unknown.append(name) }
        }
        return unknown
    }

    /// The violations for unknown names under `policy` (none when allowed).
    public func unknownParameterViolations(policy: UnknownQueryParameterPolicy, declared: Set<String>, deepObjectNames: Set<String> = [], objectProperties: Set<String> = []) -> [Violation] {
        guard policy == .reject else { return [] }
        return unknownNames(declared: declared, deepObjectNames: deepObjectNames, objectProperties: objectProperties).map {
            ParameterProblem(.unknown, "query parameter is not declared by the operation").violation(location: .query, name: $0)
        }
    }
}
