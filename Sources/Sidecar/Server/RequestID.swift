import Validation

/// The correlation ID of one exchange: the client's own (one well-formed field named `request-id-header`, by default
/// `X-Request-Id`, as a load balancer or ingress sets it), or one made here. It is the `requestId` member and the
/// field of every problem document the sidecar answers, and the `request_id` of every log line about the exchange, so
/// a client's report of a refusal finds its log line; with `forward-request-id` a made one also goes to the service
/// (replacing any malformed or repeated client field of that name), so the service's log line carries it too.
enum RequestID {
    /// A client's value is taken when it is 1 to `maximumLength` visible ASCII characters (no space, no control
    /// character, nothing past 0x7E): it is written back into a response head and into JSON, never interpreted.
    static let maximumLength = 200

    /// The client's ID: the value of the one field named `name` (ASCII case ignored) when it is well-formed; nil when
    /// there is none, more than one, or a malformed one (a new ID is made then).
    static func fromClient(_ headers: Validation.HTTPHeaders, name: String) -> String? {
        guard !name.isEmpty else { return nil }
        let known = HeaderNameClass(name).exact
        return headers.withFields { fields -> String? in
            var found: Int?
            for index in fields.indices where isNamed(fields[index], name, known) {
                if found != nil { return nil }
                found = index
            }
            guard let found, !fields[found].valueIsLatin1, isWellFormed(fields[found].value) else { return nil }
            return fields[found].value
        }
    }

    /// Whether `field` has the name `name`, whose class is `known` (by class for a known name, else byte for byte,
    /// ASCII case ignored).
    @inline(__always)
    static func isNamed(_ field: HTTPHeaderField, _ name: String, _ known: KnownHeaderName) -> Bool {
        known.isOneName ? field.nameClass.exact == known : asciiCaseInsensitiveEquals(field.name, name)
    }

    /// 1 to `maximumLength` bytes, each 0x21 to 0x7E.
    static func isWellFormed(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= maximumLength else { return false }
        return utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// Makes random version-4 UUIDs (RFC 9562 §5.4) from xoshiro256** seeded once from the system's generator: one
    /// `getrandom` per connection that needs an ID, not one per ID. The IDs only correlate log lines; they are no
    /// secret and guard nothing.
    struct Generator {
        private var state: (UInt64, UInt64, UInt64, UInt64)

        init() {
            var system = SystemRandomNumberGenerator()
            self.init(seed: (system.next(), system.next(), system.next(), system.next()))
        }

        /// A generator with a given state (tests); an all-zero state, which xoshiro never leaves, is replaced.
        init(seed: (UInt64, UInt64, UInt64, UInt64)) {
            state = seed == (0, 0, 0, 0) ? (0x9E37_79B9_7F4A_7C15, 1, 2, 3) : seed
        }

        mutating func nextWord() -> UInt64 {
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
        mutating func next() -> String {
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
}
