import CByteScan
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Searches over bytes that skip sixteen (SSE2) or eight at a time where a byte loop would test each.
public enum ByteSearch {
    /// The first index of `byte` in `start..<bytes.count`, by the C library's `memchr` (32 bytes a step with AVX2 where the
    /// CPU has it): for long searches that mostly find nothing, such as a separator in a whole body.
    @inlinable
    public static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start >= 0, start < bytes.count,
              let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The first index in `start..<end` of a byte equal to one of three, or nil: sixteen (SSE2), then eight bytes at a
    /// time while none is there (the lowest flagged byte of a word is the first match, since a borrow only runs
    /// upwards), then byte by byte.
    @inlinable
    public static func firstIndex(ofAny first: UInt8, _ second: UInt8, _ third: UInt8, in bytes: UnsafeBufferPointer<UInt8>,
                                  from start: Int, upTo end: Int) -> Int? {
        var index = max(start, 0)
        let end = min(end, bytes.count)
        if let base = bytes.baseAddress {
            // Sixteen bytes a step first (SSE2); it stops at a match or where under sixteen bytes are left: one look
            // tells which, and the words and bytes below search what is left.
            index = sg_skip_none_of_three(base, index, end, first, second, third)
            if index < end {
                let byte = base[index]
                if byte == first || byte == second || byte == third { return index }
            }
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let firsts = ones &* UInt64(first), seconds = ones &* UInt64(second), thirds = ones &* UInt64(third)
            while index + 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let a = word ^ firsts, b = word ^ seconds, c = word ^ thirds
                let found = (((a &- ones) & ~a) | ((b &- ones) & ~b) | ((c &- ones) & ~c)) & highs
                if found != 0 { return index + found.trailingZeroBitCount >> 3 }
                index += 8
            }
        }
        while index < end {
            let byte = bytes[index]
            if byte == first || byte == second || byte == third { return index }
            index += 1
        }
        return nil
    }
}
