/// Rules on object keys and structured parameter names.
enum KeyScanner {
    static let pollutionKeys: [StaticString] = ["__proto__", "constructor", "prototype"]

    /// MongoDB query and aggregation operators that change a query when they arrive as keys.
    static let nosqlOperators: [StaticString] = [
        "$where", "$gt", "$gte", "$lt", "$lte", "$ne", "$eq", "$in", "$nin", "$regex", "$exists", "$expr", "$or", "$and",
        "$not", "$nor", "$elemmatch", "$function", "$accumulator", "$lookup", "$type", "$mod", "$all", "$size", "$text",
        "$jsonschema", "$options", "$comment", "$slice", "$where",
    ]

    /// Checks one key exactly as it appears in an object.
    static func scanKey(_ text: ScanText, policy: SanitizationPolicy) -> SanitizationFinding? {
        scanSegment(text, 0..<text.count, policy: policy)
    }

    /// Checks each segment of a structured name: `a[__proto__][b]`, `user.__proto__.x`, `password[$ne]`.
    static func scanName(_ text: ScanText, policy: SanitizationPolicy) -> SanitizationFinding? {
        var start = 0
        for index in 0...text.count {
            if index == text.count || text.isAny(index, "[].") {
                if index > start, let finding = scanSegment(text, start..<index, policy: policy) { return finding }
                start = index + 1
            }
        }
        return nil
    }

    static func scanSegment(_ text: ScanText, _ range: Range<Int>, policy: SanitizationPolicy) -> SanitizationFinding? {
        if policy.isEnabled(.prototypePollution) {
            for key in pollutionKeys where key.utf8CodeUnitCount == range.count && text.matches(key, at: range.lowerBound) {
                return SanitizationFinding(.prototypePollution, "prototype-polluting key", offset: range.lowerBound)
            }
        }
        // Laravel merges a JSON body into the input Symfony's method override reads, so `{"_method":"DELETE"}` turned a
        // POST into a DELETE (found by an audit with Laravel's request); forms and queries have the proxy's guard too.
        if policy.isEnabled(.methodOverride), range.count == 7, text.matches("_method", at: range.lowerBound) {
            return SanitizationFinding(.methodOverride, "a _method key asks for another method", offset: range.lowerBound)
        }
        if policy.isEnabled(.nosqlOperator), text.lower(range.lowerBound) == UInt8(ascii: "$") {
            for key in nosqlOperators where key.utf8CodeUnitCount == range.count && text.matches(key, at: range.lowerBound) {
                return SanitizationFinding(.nosqlOperator, "query operator as a key", offset: range.lowerBound)
            }
        }
        return nil
    }
}
