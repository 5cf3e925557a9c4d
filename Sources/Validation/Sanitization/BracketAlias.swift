import Documents

/// Bracket spellings of declared form fields (`bracket-alias`).
///
/// `role[]=admin` or `role[0]=admin` in a form body, or a multipart part named `role[]`, is a field the schema does not
/// declare, so the validator lets it through as an extra member (or refuses it only under `additionalProperties:
/// false`). PHP, Rails (Rack), Express with `qs` and ASP.NET model binding read brackets in field names as structure,
/// so the service reads it as the declared `role` itself (an array or an object), and the value the schema forbids
/// reaches it unvalidated. Such a field is refused when the name before its first `[` is a declared property of the
/// body's top level, exactly or differing only in case (ASP.NET binds without case). A schema that wants the bracket
/// spelling declares it (`properties: {"tags[]": ...}`); a `deepObject` encoding consumes its own brackets before this
/// check sees the object. The query's twin is the proxy's guard of the same name (`RequestGuards.bracketAliases`).
enum BracketAlias {
    /// The rule id `x-specguard-sanitize: {disable: [...]}` turns it off with.
    static let ruleID = "bracket-alias"

    /// The name before the first `[` of `key`; nil when there is no `[` or nothing before it.
    static func base(of key: String) -> String? {
        guard let bracket = key.utf8.firstIndex(of: UInt8(ascii: "[")), bracket != key.utf8.startIndex else { return nil }
        return String(key[..<bracket])
    }

    /// A violation for each of `keys` (the top-level field or part names of a form or multipart body) that the body's
    /// outline does not declare but whose bracket base it does.
    static func violations(keys: [String], outline: SchemaOutline) -> [Violation] {
        guard keys.contains(where: { $0.utf8.contains(UInt8(ascii: "[")) }) else { return [] }
        var found: [Violation] = []
        OutlineView.with(outline.sharedTable) { view in
            for key in keys where outline.declaredProperty(key, of: outline.root) == nil {
                guard let base = base(of: key) else { continue }
                let declared = outline.declaredProperty(base, of: outline.root) != nil ? base : view.foldedDeclaredName(base, of: outline.root ?? -1)
                guard let declared else { continue }
                found.append(Violation(location: .body, name: key, pointer: JSONPointer(tokens: [key]), keyword: ruleID,
                                       message: "field \(ValueCoercion.excerpt(key)) is not declared, but services that parse brackets in field names (PHP, Rails, Express with qs, ASP.NET) read it as the declared \(ValueCoercion.excerpt(declared)), unvalidated"))
            }
        }
        return found
    }
}
