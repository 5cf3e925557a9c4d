import Documents
import Schemas

/// Object keys that differ only in ASCII case (`role` and `Role`). Go's `encoding/json` and ASP.NET Core bind a
/// property to a key without regard to case, the last one winning: `{"role":"user","Role":"admin"}` passes a
/// schema whose `role` allows only `user`, and such a service runs with `admin` (found by an adversarial audit).
/// With `duplicate-json-keys` on, such keys are refused like exact duplicates.
///
/// The tree check decides. The body walks, which accept without building the tree, only ever return "not
/// accepted" more often than it: an undeclared key, or a key with an upper-case letter, that folds to a declared
/// name or an earlier undeclared key sends the body to the ordinary path, which then decides by the tree.
enum CaseVariantKeys {
    @inline(__always)
    static func lowercase(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// Whether `key` holds an ASCII upper-case letter (only such a key can fold onto another distinct key).
    @inline(__always)
    static func hasUppercase(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        key.contains { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// Whether two byte strings are equal ignoring ASCII case.
    @inline(__always)
    static func equalIgnoringCase(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        for index in 0..<left.count where lowercase(left[index]) != lowercase(right[index]) { return false }
        return true
    }

    /// Whether `key` folds onto one of names `start..<start + count` other than entry `except` (an offset among them).
    /// (Out of line: it runs for undeclared keys only, and inlined it made the walk's hot loop larger.)
    @inline(never)
    static func foldsOntoDeclaredName(_ key: UnsafeBufferPointer<UInt8>, names: PackedNames.View, start: Int, count: Int, except: Int) -> Bool {
        guard let base = names.bytes.baseAddress else { return false }
        for offset in 0..<max(count, 0) where offset != except {
            let index = start + offset
            guard index >= 0, index + 1 < names.offsets.count else { return false }
            let low = names.offsets[index], high = names.offsets[index + 1]
            guard high - low == key.count, low >= 0, high <= names.bytes.count else { continue }
            if equalIgnoringCase(key, UnsafeBufferPointer(start: base + low, count: high - low)) { return true }
        }
        return false
    }

    /// The pointer of an object in `value` with two keys that differ only in ASCII case, or nil. (The walk keeps no
    /// paths; the pointer is found by a second walk only when there is such an object.)
    static func firstCollision(in value: JSONValue) -> JSONPointer? {
        guard collides(value, tracking: false) != nil else { return nil }
        return collides(value, tracking: true)
    }

    private static func collides(_ value: JSONValue, tracking: Bool) -> JSONPointer? {
        var pending: [(JSONValue, [String])] = [(value, [])]
        while let (current, tokens) = pending.popLast() {
            switch current.kind {
            case .object(let object):
                if object.members.count > 1, object.members.contains(where: { $0.key.utf8.contains { $0 >= 0x41 && $0 <= 0x5A } }) {
                    var folded: Set<[UInt8]> = []
                    for member in object.members where !folded.insert(member.key.utf8.map(lowercase)).inserted {
                        return JSONPointer(tokens: tokens)
                    }
                }
                for member in object.members { pending.append((member.value, tracking ? tokens + [member.key] : [])) }
            case .array(let items):
                for (index, item) in items.enumerated() { pending.append((item, tracking ? tokens + [String(index)] : [])) }
            default:
                continue
            }
        }
        return nil
    }
}
