/// Strict Base64 decoding (RFC 4648) over bytes.
public enum Base64 {
    /// Standard alphabet (`+/`) with required `=` padding, or URL-safe alphabet (`-_`) without padding (JWT).
    public enum Alphabet: Sendable {
        case standard
        case urlSafeUnpadded
    }

    /// The decoded bytes, or nil when the text is not canonical Base64 in that alphabet.
    public static func decode<Bytes: Collection>(_ text: Bytes, alphabet: Alphabet) -> [UInt8]? where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(text.count / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        var count = 0
        for byte in text {
            count += 1
            if byte == UInt8(ascii: "=") {
                guard alphabet == .standard else { return nil }
                padding += 1
                continue
            }
            guard padding == 0, let value = sextet(byte, alphabet) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        let dataCount = count - padding
        switch alphabet {
        case .standard:
            guard count % 4 == 0, padding <= 2, padding == (4 - dataCount % 4) % 4 else { return nil }
        case .urlSafeUnpadded:
            guard dataCount % 4 != 1 else { return nil }
        }
        // Canonical: the unused low bits must be zero.
        guard accumulator == 0 else { return nil }
        return output
    }

    private static func sextet(_ byte: UInt8, _ alphabet: Alphabet) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return alphabet == .standard ? 62 : nil
        case UInt8(ascii: "/"): return alphabet == .standard ? 63 : nil
        case UInt8(ascii: "-"): return alphabet == .urlSafeUnpadded ? 62 : nil
        case UInt8(ascii: "_"): return alphabet == .urlSafeUnpadded ? 63 : nil
        default: return nil
        }
    }
}
