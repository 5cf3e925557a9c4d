/// One header line as it arrived: original name case, raw value (leading and trailing whitespace trimmed).
public struct HTTPHeaderField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Header fields in arrival order, repeats kept, names looked up case-insensitively.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByArrayLiteral {
    public private(set) var fields: [HTTPHeaderField]

    public init(_ fields: [HTTPHeaderField] = []) {
        self.fields = fields
    }

    public init(arrayLiteral elements: (String, String)...) {
        self.fields = elements.map { HTTPHeaderField(name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    /// Makes room for `count` fields.
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Appends a field after the existing ones (a repeat stays a separate field).
    public mutating func append(name: String, value: String) {
        fields.append(HTTPHeaderField(name: name, value: value))
    }

    /// Runs `body` with the fields seen in place. Loops over fields go through this on hot paths: a field copied
    /// out of the array (`for field in fields`, and even `fields[index].name`) counts a reference to each of its
    /// strings and drops it again, atomic operations for every string longer than 15 bytes.
    @inlinable
    public func withFields<Result>(_ body: (UnsafeBufferPointer<HTTPHeaderField>) throws -> Result) rethrows -> Result {
        try fields.withUnsafeBufferPointer(body)
    }

    /// Every value of the fields named `name` (ASCII case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        withFields { fields in
            var result: [String] = []
            for index in fields.indices where asciiCaseInsensitiveEquals(fields[index].name, name) {
                result.append(fields[index].value)
            }
            return result
        }
    }

    /// The first value of the fields named `name`.
    public func first(_ name: String) -> String? {
        withFields { fields in
            for index in fields.indices where asciiCaseInsensitiveEquals(fields[index].name, name) { return fields[index].value }
            return nil
        }
    }

    /// The index in `fields` of the first field named `name`.
    public func firstIndex(_ name: String) -> Int? {
        withFields { fields in
            for index in fields.indices where asciiCaseInsensitiveEquals(fields[index].name, name) { return index }
            return nil
        }
    }

    /// How many fields are named `name`.
    public func occurrences(of name: String) -> Int {
        withFields { fields in
            var count = 0
            for index in fields.indices where asciiCaseInsensitiveEquals(fields[index].name, name) { count += 1 }
            return count
        }
    }

    /// True when at least one field is named `name`.
    public func contains(_ name: String) -> Bool { firstIndex(name) != nil }

    /// The values of `name` joined the way RFC 9110 §5.3 allows for list-valued fields (`, `).
    public func combinedValue(_ name: String) -> String? {
        let all = values(name)
        if all.isEmpty { return nil }
        if all.count == 1 { return all[0] }
        return all.joined(separator: ", ")
    }

    public func makeIterator() -> IndexingIterator<[HTTPHeaderField]> { fields.makeIterator() }
}

/// ASCII case-insensitive comparison of two strings, without allocating.
public func asciiCaseInsensitiveEquals(_ lhs: String, _ rhs: String) -> Bool {
    let left = lhs.utf8, right = rhs.utf8
    guard left.count == right.count else { return false }
    // Header lookups run several times per request: compare the bytes in place when both strings have
    // contiguous UTF-8 (native and small strings do), rather than through two UTF-8 view iterators.
    let inPlace = left.withContiguousStorageIfAvailable { leftBytes in
        right.withContiguousStorageIfAvailable { rightBytes -> Bool in
            for index in 0..<min(leftBytes.count, rightBytes.count) where leftBytes[index] != rightBytes[index] {
                guard asciiLowercase(leftBytes[index]) == asciiLowercase(rightBytes[index]) else { return false }
            }
            return true
        }
    }
    if let inPlace, let result = inPlace { return result }
    for (a, b) in zip(left, right) where a != b {
        guard asciiLowercase(a) == asciiLowercase(b) else { return false }
    }
    return true
}

/// The ASCII lowercase of a byte; other bytes unchanged.
@inline(__always)
public func asciiLowercase(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
}
