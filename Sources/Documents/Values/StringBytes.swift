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
