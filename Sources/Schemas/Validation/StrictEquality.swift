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

    @inline(__always)
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
    }
}

/// A hashing key with strict equality (canonically equivalent strings hash alike in Swift, so `JSONValue`'s
/// hash stays consistent with the stricter equality).
struct StrictKey: Hashable {
    let value: JSONValue

    static func == (lhs: StrictKey, rhs: StrictKey) -> Bool { StrictEquality.equal(lhs.value, rhs.value) }
    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
