import Documents

/// `minItems`, `maxItems`, `minProperties`, `maxProperties`.
final class CountBoundKeyword: CompiledKeyword, @unchecked Sendable {
    let limit: Int
    let isMinimum: Bool
    let countsItems: Bool

    init(name: String, limit: Int, absoluteLocation: KeywordLocation) {
        self.limit = limit
        self.isMinimum = name.hasPrefix("min")
        self.countsItems = name.hasSuffix("Items")
        super.init(name: name, absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        let count: Int
        switch instance.kind {
        case .array(let items) where countsItems: count = items.count
        case .object(let object) where !countsItems: count = object.count
        default: return true
        }
        if isMinimum ? count >= limit : count <= limit { return true }
        if context.collecting {
            let noun = countsItems ? "item" : "propert"
            let plural = countsItems ? (count == 1 ? "" : "s") : (count == 1 ? "y" : "ies")
            context.report(self, "found \(count) \(noun)\(plural), expected \(isMinimum ? "at least" : "at most") \(limit)")
        }
        return false
    }
}
