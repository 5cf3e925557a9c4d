/// Makes random version-4 UUIDs (RFC 9562 §5.4) for correlation IDs: the sidecar's `X-Request-Id` of an exchange
/// whose client sent none, and the ID `specguard test` puts on each request. xoshiro256** seeded once from the system's
/// generator: a proxy connection keeps one, so it pays the seeding once, not per ID (the contract tests, whose requests
/// are sent concurrently, seed one per request: nothing beside an HTTP request). The IDs only correlate log lines; they
/// are no secret and guard nothing.
public struct CorrelationIDGenerator: Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init() {
        var system = SystemRandomNumberGenerator()
        self.init(seed: (system.next(), system.next(), system.next(), system.next()))
    }

    /// A generator with a given state (tests); an all-zero state, which xoshiro never leaves, is replaced.
    public init(seed: (UInt64, UInt64, UInt64, UInt64)) {
        state = seed == (0, 0, 0, 0) ? (0x9E37_79B9_7F4A_7C15, 1, 2, 3) : seed
    }

    public mutating func nextWord() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A new ID: 32 lowercase hex digits in the 8-4-4-4-12 groups, version 4, variant 10.
    public mutating func next() -> String {
        let high = (nextWord() & ~0xF000) | 0x4000  // version 4: the first digit of the third group
        let low = (nextWord() & ~(0b11 << 62)) | (0b10 << 62)  // variant 10: the fourth group starts with 8 to b
        return String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            // Digit `nibble` (0 = least significant) of `word`, for each nibble from `first` down to `last`.
            func put(_ word: UInt64, from first: Int, to last: Int) {
                var nibble = first
                while nibble >= last, position < buffer.count {
                    buffer[position] = digits.utf8Start[Int((word >> UInt64(nibble * 4)) & 0xF)]
                    position += 1
                    nibble -= 1
                }
            }
            func dash() {
                guard position < buffer.count else { return }
                buffer[position] = UInt8(ascii: "-")
                position += 1
            }
            put(high, from: 15, to: 8)
            dash()
            put(high, from: 7, to: 4)
            dash()
            put(high, from: 3, to: 0)
            dash()
            put(low, from: 15, to: 12)
            dash()
            put(low, from: 11, to: 0)
            return position
        }
    }

    @inline(__always)
    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 { (value << count) | (value >> (64 - count)) }
}
