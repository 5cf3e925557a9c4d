import Documents

/// `minItems`, `maxItems`, `minProperties`, `maxProperties`.
final class CountBoundKeyword: Keyword {
    let name: String
    let absoluteLocation: String
    let limit: Int
    let isMinimum: Bool
    let countsItems: Bool

    init(name: String, limit: Int, absoluteLocation: String) {
        self.name = name
        self.limit = limit
        self.isMinimum = name.hasPrefix("min")
        self.countsItems = name.hasSuffix("Items")
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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

/// `uniqueItems: true`.
final class UniqueItemsKeyword: Keyword {
    let name = "uniqueItems"
    let absoluteLocation: String

    init(absoluteLocation: String) {
        self.absoluteLocation = absoluteLocation
    }

    func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
        guard case .array(let items) = instance.kind, items.count > 1 else { return true }
        var duplicate: (Int, Int)?
        if items.count <= 16 {
            search: for first in 0..<items.count {
                for second in (first + 1)..<items.count where StrictEquality.equal(items[first], items[second]) {
                    duplicate = (first, second)
                    break search
                }
            }
        } else {
            var seen: [StrictKey: Int] = [:]
            seen.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                if let earlier = seen[StrictKey(value: item)] { duplicate = (earlier, index); break }
                seen[StrictKey(value: item)] = index
            }
        }
        guard let duplicate else { return true }
        if context.collecting {
            context.report(self, "items \(duplicate.0) and \(duplicate.1) are equal; items must be unique")
        }
        return false
    }
}
