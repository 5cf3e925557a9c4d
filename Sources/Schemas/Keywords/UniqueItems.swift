import Documents

/// `uniqueItems: true`.
final class UniqueItemsKeyword: CompiledKeyword, @unchecked Sendable {

    init(absoluteLocation: KeywordLocation) {
        super.init(name: "uniqueItems", absoluteLocation: absoluteLocation)
    }

    override func evaluate(_ instance: JSONValue, _ context: inout ValidationContext, _ annotations: inout Annotations) -> Bool {
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
