/// Whole literal paths (`/orders`) to their router nodes, looked up by the request path's bytes: FNV-1a and open
/// addressing over one packed byte store, keys compared byte for byte. The `[String: Int]` it replaces hashed each
/// request's path with SipHash (about 340 instructions for `/orders`) and compared keys as `String`s.
///
/// How long a lookup probes depends only on the keys stored (the spec's paths, at most half the buckets full), not
/// on the path looked up, so a request cannot make it slow.
struct LiteralPathTable: Sendable {
    private var bytes: [UInt8] = []
    private var entries: [(start: Int, count: Int, node: Int)] = []
    /// Entry index + 1 per bucket (0: empty); a power of two at least twice the entries.
    private var buckets: [Int] = []

    var isEmpty: Bool { entries.isEmpty }

    /// Maps `key` to `node` (replacing an earlier node of the same key).
    mutating func set(_ key: String, node: Int) {
        let keyBytes = Array(key.utf8)
        if let existing = keyBytes.withUnsafeBufferPointer({ entryIndex(of: $0) }) {
            entries[existing].node = node
            return
        }
        entries.append((bytes.count, keyBytes.count, node))
        bytes.append(contentsOf: keyBytes)
        if buckets.count < entries.count * 2 {
            var size = 8
            while size < entries.count * 2 { size *= 2 }
            buckets = [Int](repeating: 0, count: size)
            for index in entries.indices { place(index) }
        } else {
            place(entries.count - 1)
        }
    }

    /// The node of the path whose bytes are `key`, nil when none.
    func node(for key: UnsafeBufferPointer<UInt8>) -> Int? {
        entryIndex(of: key).map { entries[$0].node }
    }

    private mutating func place(_ index: Int) {
        let entry = entries[index]
        let mask = buckets.count - 1
        var bucket = bytes.withUnsafeBufferPointer { Int(truncatingIfNeeded: Self.hash(UnsafeBufferPointer(rebasing: $0[entry.start..<(entry.start + entry.count)]))) & mask }
        while buckets[bucket] != 0 { bucket = (bucket + 1) & mask }
        buckets[bucket] = index + 1
    }

    private func entryIndex(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        var bucket = Int(truncatingIfNeeded: Self.hash(key)) & mask
        return bytes.withUnsafeBufferPointer { stored -> Int? in
            while buckets[bucket] != 0 {
                let index = buckets[bucket] - 1
                let entry = entries[index]
                if sameBytes(UnsafeBufferPointer(rebasing: stored[entry.start..<(entry.start + entry.count)]), key) { return index }
                bucket = (bucket + 1) & mask
            }
            return nil
        }
    }

    /// FNV-1a, 64 bits.
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// Whether two byte buffers hold the same bytes (a plain loop: `elementsEqual` over buffers went through the generic
/// sequence code, about 30 instructions a comparison more for a short name).
@inline(__always)
func sameBytes(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
    guard first.count == second.count else { return false }
    for index in 0..<first.count where first[index] != second[index] { return false }
    return true
}
