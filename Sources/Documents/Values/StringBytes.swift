extension String {
    /// Calls `body` with the string's UTF-8 bytes where they are (a native or small string always has them
    /// contiguous), without the copy that `var copy = string; copy.withUTF8 { ... }` makes: that copy counts a
    /// reference to a large string's storage and drops it again, two atomic operations per call on a hot path.
    @inlinable
    public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}

extension Array where Element == UInt8 {
    /// Appends `bytes` (one byte as an element; more with `append(contentsOf:)`, which copies them in one go). Measured:
    /// appending runs of up to 16 bytes element by element made a refused request's problem document and log line cost
    /// 5k instructions more, not less, so only a single byte goes that way.
    @inlinable @inline(__always)
    public mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.count == 1, let byte = bytes.first {
            append(byte)
        } else {
            append(contentsOf: bytes)
        }
    }

    /// Appends a literal's UTF-8 bytes (`appendBytes`).
    @inlinable @inline(__always)
    public mutating func appendBytes(_ text: StaticString) {
        appendBytes(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 bytes in place (`appendBytes`).
    @inlinable @inline(__always)
    public mutating func appendBytes(_ text: String) {
        text.withUTF8Bytes { appendBytes($0) }
    }
}
