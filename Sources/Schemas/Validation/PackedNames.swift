/// Names stored as one run of UTF-8 bytes, so that a key read as bytes is matched without making a `String`: name `i`
/// is `bytes[offsets[i]..<offsets[i + 1]]`. Used by the stream walk for the names of `SchemaShapes` and of the
/// sanitization outline.
public struct PackedNames: Sendable {
    public let bytes: [UInt8]
    public let offsets: [Int]

    public init(_ names: [String]) {
        var bytes: [UInt8] = []
        var offsets = [0]
        offsets.reserveCapacity(names.count + 1)
        for name in names {
            bytes += name.utf8
            offsets.append(bytes.count)
        }
        self.bytes = bytes
        self.offsets = offsets
    }

    /// Runs `body` with the names seen through buffers.
    @inlinable
    public func withView<Result>(_ body: (View) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { bytes in
            offsets.withUnsafeBufferPointer { offsets in body(View(bytes: bytes, offsets: offsets)) }
        }
    }

    /// The names through buffers (valid inside `withView`).
    public struct View {
        public let bytes: UnsafeBufferPointer<UInt8>
        public let offsets: UnsafeBufferPointer<Int>

        public init(bytes: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>) {
            self.bytes = bytes
            self.offsets = offsets
        }

        /// No names.
        public static var empty: View { View(bytes: .init(start: nil, count: 0), offsets: .init(start: nil, count: 0)) }

        /// How many names.
        @inlinable
        public var count: Int { max(offsets.count - 1, 0) }

        /// The offset among names `start..<start + count` of the one with exactly the bytes of `key`, or nil. The search
        /// begins at offset `hint` and wraps around: members mostly come in declaration order, so the name after the
        /// last one found is usually the next.
        @inlinable @inline(__always)
        public func offset(of key: UnsafeBufferPointer<UInt8>, start: Int, count: Int, from hint: Int) -> Int? {
            var offset = hint >= 0 && hint < count ? hint : 0
            for _ in 0..<max(count, 0) {
                if matches(key, at: start + offset) { return offset }
                offset = offset + 1 == count ? 0 : offset + 1
            }
            return nil
        }

        /// The length in bytes of name `index`, nil for an index out of range.
        @inlinable @inline(__always)
        public func length(of index: Int) -> Int? {
            guard index >= 0, index + 1 < offsets.count else { return nil }
            return offsets[index + 1] - offsets[index]
        }

        /// Whether name `index` has exactly the bytes of `key` (false for an index out of range). Keys are short: a
        /// key of 8 bytes or more is compared eight at a time with the last word overlapping the one before, a shorter
        /// one with two overlapping loads of 4 or 2 bytes (or one byte), so no key takes a byte loop.
        @inlinable @inline(__always)
        public func matches(_ key: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
            guard index >= 0, index + 1 < offsets.count else { return false }
            let start = offsets[index], end = offsets[index + 1]
            let count = key.count
            guard end - start == count, start >= 0, end <= bytes.count else { return false }
            guard count > 0 else { return true }
            guard let keyBase = key.baseAddress, let base = bytes.baseAddress else { return false }
            let left = UnsafeRawPointer(keyBase), right = UnsafeRawPointer(base + start)
            if count >= 8 {
                var offset = 0
                while offset + 8 <= count {
                    if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                        return false
                    }
                    offset += 8
                }
                return offset == count
                    || left.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == right.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            }
            if count >= 4 {
                return left.loadUnaligned(as: UInt32.self) == right.loadUnaligned(as: UInt32.self)
                    && left.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == right.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            }
            if count >= 2 {
                return left.loadUnaligned(as: UInt16.self) == right.loadUnaligned(as: UInt16.self)
                    && left.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self) == right.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
            }
            return keyBase[0] == base[start]
        }
    }
}
