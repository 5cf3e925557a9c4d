import Documents

/// JSON Schema equality: like `JSONValue ==` (numbers by value, objects regardless of order), except that
/// strings compare code point by code point. Swift's `String ==` treats canonically equivalent strings
/// ("é" and "e" + combining acute) as equal; JSON Schema does not.
enum StrictEquality {
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs.kind, rhs.kind) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return equal(a, b)
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            for index in 0..<a.count where !equal(a[index], b[index]) { return false }
            return true
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for member in a.members {
                guard let position = b.members.firstIndex(where: { equal($0.key, member.key) }),
                      equal(b.members[position].value, member.value) else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// Byte for byte (UTF-8 is a code point encoding, so equal bytes mean equal code points): lengths first,
    /// then the bytes in place (enum checks compare every listed string against the instance).
    @inline(__always)
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8, right = rhs.utf8
        guard left.count == right.count else { return false }
        let inPlace = left.withContiguousStorageIfAvailable { leftBytes in
            right.withContiguousStorageIfAvailable { rightBytes in leftBytes.elementsEqual(rightBytes) }
        }
        if let inPlace, let same = inPlace { return same }
        return left.elementsEqual(right)
    }
}

/// A hashing key with strict equality (canonically equivalent strings hash alike in Swift, so `JSONValue`'s
/// hash stays consistent with the stricter equality).
struct StrictKey: Hashable {
    let value: JSONValue

    static func == (lhs: StrictKey, rhs: StrictKey) -> Bool { StrictEquality.equal(lhs.value, rhs.value) }
    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
