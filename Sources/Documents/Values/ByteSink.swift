/// A growable run of bytes for writers that append many small pieces: problem documents and log lines, written on
/// every refused request. An append is a capacity check and a copy; `Array.append(contentsOf:)` spent about 70
/// instructions of its own per call before it copied (a uniqueness check, the generic copy path, a call to `memcpy`
/// for a few bytes), and a problem document with its log line made some 180 such calls.
///
/// Noncopyable: it owns its memory and frees it when it ends, so no reference is counted and no copy is ever checked
/// for. The bytes leave it as an array (`bytes()`, one copy) or are read in place (`withBytes`).
public struct ByteSink: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var length = 0

    /// Room for `capacity` bytes before the first growth (at least 16).
    public init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// How many bytes were appended.
    @inlinable public var count: Int { length }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        if length == capacity { grow(toHold: length + 1) }
        base[length] = byte
        length += 1
    }

    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let end = length + bytes.count
        if end > capacity { grow(toHold: end) }
        if bytes.count <= 8 {
            // A key, a separator, a short value: a loop the compiler unrolls costs less than a call to `memcpy`.
            for offset in 0..<bytes.count { base[length + offset] = source[offset] }
        } else {
            (base + length).initialize(from: source, count: bytes.count)
        }
        length = end
    }

    /// Appends a literal's UTF-8 bytes.
    @inlinable @inline(__always)
    public mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 bytes (in place, no copy of the string).
    @inlinable @inline(__always)
    public mutating func append(_ text: String) {
        text.withUTF8Bytes { append($0) }
    }

    /// Drops the last `count` bytes (all of them when there are fewer).
    public mutating func removeLast(_ count: Int) {
        length -= Swift.min(Swift.max(count, 0), length)
    }

    /// Makes room for `needed` bytes in all: twice the capacity, or `needed` when that is more.
    @usableFromInline @inline(never)
    mutating func grow(toHold needed: Int) {
        let newCapacity = Swift.max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: length)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Calls `body` with the bytes appended so far, where they are.
    public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: length))
    }

    /// The bytes as an array (one copy); the sink ends here.
    public consuming func bytes() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: length))
    }
}
