/// RFC 3492 Punycode, used to turn A-labels (`xn--…`) into Unicode and back for length checks.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 { delta /= base - tMin; k += base }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte) - 22
        case 0x41...0x5A: return Int(byte) - 0x41
        case 0x61...0x7A: return Int(byte) - 0x61
        default: return nil
        }
    }

    /// Decodes the part after `xn--`; nil when it is not valid Punycode.
    static func decode(_ input: ArraySlice<UInt8>) -> [Unicode.Scalar]? {
        var output: [Unicode.Scalar] = []
        var rest = input
        if let delimiter = input.lastIndex(of: UInt8(ascii: "-")) {
            // Encoders write the delimiter only after a non-empty basic part; anything else is non-canonical.
            guard delimiter > input.startIndex else { return nil }
            for byte in input[input.startIndex..<delimiter] {
                guard byte < 0x80 else { return nil }
                output.append(Unicode.Scalar(byte))
            }
            rest = input[(delimiter + 1)...]
        }
        var n = initialN, i = 0, bias = initialBias
        var index = rest.startIndex
        while index < rest.endIndex {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard index < rest.endIndex, let digit = digitValue(rest[index]) else { return nil }
                index += 1
                guard digit <= (Int(Int32.max) - i) / w else { return nil }
                i += digit * w
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                guard w <= Int(Int32.max) / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(n)) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }

    /// Length in bytes of the A-label (`xn--` + Punycode) for a non-ASCII label.
    static func encodedLength(_ scalars: [Unicode.Scalar]) -> Int {
        var output = scalars.filter { $0.isASCII }.count
        var handled = output
        if output > 0 { output += 1 }
        var n = initialN, delta = 0, bias = initialBias
        let values = scalars.map { Int($0.value) }
        while handled < values.count {
            let m = values.filter { $0 >= n }.min() ?? n
            delta += (m - n) * (handled + 1)
            n = m
            for value in values {
                if value < n { delta += 1 }
                if value == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output += 1
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output += 1
                    bias = adapt(delta, handled + 1, handled == values.filter { $0 < 0x80 }.count)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output + 4
    }
}
