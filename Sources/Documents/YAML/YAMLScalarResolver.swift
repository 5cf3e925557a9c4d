/// Resolves YAML scalars to JSON values by the YAML 1.2 core schema.
///
/// - Plain untagged scalars: `null`/`Null`/`NULL`/`~`/empty → null;
///   `true`/`True`/`TRUE`/`false`/`False`/`FALSE` → bool; decimal, `0o` octal and
///   `0x` hex integers and decimal floats → number (JSON number text, exact);
///   everything else, including YAML 1.1 words such as `on`, `yes`, `no`, → string.
/// - `.inf`, `-.inf` and `.nan` have no JSON form: they stay strings (their text).
/// - Quoted and block scalars are always strings.
/// - Tags `!!str`, `!!null`, `!!bool`, `!!int`, `!!float` are honoured; `!!binary`,
///   `!!timestamp` and the non-specific `!` give strings; other tags are ignored.
enum YAMLScalarResolver {
    /// What a scalar resolved to, or why a tagged scalar did not fit its tag.
    enum Resolution {
        case value(JSONValue.Kind)
        case mismatch(expected: String)
    }

    private static let corePrefix = "tag:yaml.org,2002:"

    /// Resolves a scalar given its bytes, whether it was plain, and its tag (nil when untagged).
    static func resolve(_ bytes: UnsafeBufferPointer<UInt8>, plain: Bool, tag: String?) -> Resolution {
        guard let tag else {
            return .value(plain ? resolvePlain(bytes) : .string(makeString(bytes)))
        }
        guard tag.hasPrefix(corePrefix) else {
            // "!" is the non-specific tag of quoted scalars: a string. Unknown local tags are ignored.
            if tag == "!" { return .value(.string(makeString(bytes))) }
            return .value(plain ? resolvePlain(bytes) : .string(makeString(bytes)))
        }
        switch tag.dropFirst(corePrefix.count) {
        case "null":
            if isNull(bytes) { return .value(.null) }
            return .mismatch(expected: "null")
        case "bool":
            if let value = bool(bytes) { return .value(.bool(value)) }
            return .mismatch(expected: "bool")
        case "int":
            if case .number(let number) = number(bytes), number.isIntegerSyntax { return .value(.number(number.value)) }
            return .mismatch(expected: "int")
        case "float":
            switch number(bytes) {
            case .number(let number): return .value(.number(number.value))
            case .nonFinite: return .value(.string(makeString(bytes)))
            case .none: return .mismatch(expected: "float")
            }
        default:
            // str, binary, timestamp and anything else in the core namespace: keep the text.
            return .value(.string(makeString(bytes)))
        }
    }

    /// Resolves a plain untagged scalar.
    static func resolvePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue.Kind {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if isNull(bytes) { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            if let value = bool(bytes) { return .bool(value) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if case .number(let number) = number(bytes) { return .number(number.value) }
        default:
            break
        }
        return .string(makeString(bytes))
    }

    @inline(__always)
    static func makeString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    static func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.isEmpty || equals(bytes, "~") || equals(bytes, "null") || equals(bytes, "Null") || equals(bytes, "NULL")
    }

    static func bool(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        if equals(bytes, "true") || equals(bytes, "True") || equals(bytes, "TRUE") { return true }
        if equals(bytes, "false") || equals(bytes, "False") || equals(bytes, "FALSE") { return false }
        return nil
    }

    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for index in 0..<bytes.count where bytes[index] != expected[index] { return false }
        return true
    }

    // MARK: Numbers

    struct ResolvedNumber {
        var value: JSONNumber
        var isIntegerSyntax: Bool
    }

    enum NumberOutcome {
        case number(ResolvedNumber)
        /// `.inf`, `-.inf`, `.nan`: a float with no JSON form.
        case nonFinite
        case none
    }

    /// Parses core-schema int and float syntax into exact JSON number text.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> NumberOutcome {
        let count = bytes.count
        guard count > 0 else { return .none }
        var index = 0
        var negative = false
        var signed = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            signed = true
            index = 1
        }
        let rest = UnsafeBufferPointer(rebasing: bytes[index...])
        if equals(rest, ".inf") || equals(rest, ".Inf") || equals(rest, ".INF") { return .nonFinite }
        if !signed, equals(rest, ".nan") || equals(rest, ".NaN") || equals(rest, ".NAN") { return .nonFinite }
        if !signed, count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "o") { return radixInteger(UnsafeBufferPointer(rebasing: bytes[2...]), radix: 8) }
            if bytes[1] == UInt8(ascii: "x") { return radixInteger(UnsafeBufferPointer(rebasing: bytes[2...]), radix: 16) }
        }
        let integerStart = index
        while index < count, isDigit(bytes[index]) { index += 1 }
        let integerEnd = index
        var fractionStart = index
        var fractionEnd = index
        var hasPoint = false
        if index < count, bytes[index] == UInt8(ascii: ".") {
            hasPoint = true
            index += 1
            fractionStart = index
            while index < count, isDigit(bytes[index]) { index += 1 }
            fractionEnd = index
        }
        guard integerEnd > integerStart || fractionEnd > fractionStart else { return .none }
        var exponentStart = index
        var hasExponent = false
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            hasExponent = true
            index += 1
            exponentStart = index
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            let digitsStart = index
            while index < count, isDigit(bytes[index]) { index += 1 }
            guard index > digitsStart else { return .none }
        }
        guard index == count else { return .none }
        let isInteger = !hasPoint && !hasExponent
        let integerDigits = integerEnd - integerStart
        // Already valid JSON number text? Then the bytes are used as they are.
        let leadingZero = integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")
        let jsonValid = !(signed && !negative) && integerDigits > 0 && !leadingZero && !(hasPoint && fractionEnd == fractionStart)
        let text: String
        if jsonValid {
            text = makeString(bytes)
        } else {
            var normalized: [UInt8] = []
            normalized.reserveCapacity(count + 2)
            if negative { normalized.append(UInt8(ascii: "-")) }
            var firstSignificant = integerStart
            while firstSignificant < integerEnd - 1, bytes[firstSignificant] == UInt8(ascii: "0") { firstSignificant += 1 }
            if integerDigits == 0 { normalized.append(UInt8(ascii: "0")) } else { normalized.append(contentsOf: bytes[firstSignificant..<integerEnd]) }
            if hasPoint {
                normalized.append(UInt8(ascii: "."))
                if fractionEnd == fractionStart { normalized.append(UInt8(ascii: "0")) } else { normalized.append(contentsOf: bytes[fractionStart..<fractionEnd]) }
            }
            if hasExponent {
                normalized.append(UInt8(ascii: "e"))
                normalized.append(contentsOf: bytes[exponentStart..<count])
            }
            text = String(decoding: normalized, as: UTF8.self)
        }
        if isInteger, integerDigits <= 18 {
            var magnitude: Int64 = 0
            for position in integerStart..<integerEnd { magnitude = magnitude &* 10 &+ Int64(bytes[position] &- 0x30) }
            let value = negative ? -magnitude : magnitude
            return .number(ResolvedNumber(value: JSONNumber(text: text, double: Double(value), int64: value), isIntegerSyntax: true))
        }
        return .number(ResolvedNumber(value: JSONNumber(text: text), isIntegerSyntax: isInteger))
    }

    /// Longest `0o`/`0x` digit string converted exactly; longer ones are not numbers (they stay strings).
    static let maximumRadixDigits = 256

    static func radixInteger(_ digits: UnsafeBufferPointer<UInt8>, radix: Int) -> NumberOutcome {
        guard !digits.isEmpty, digits.count <= maximumRadixDigits else { return .none }
        // Decimal digits of the value, least significant first.
        var decimal: [UInt8] = [0]
        for byte in digits {
            guard let digit = hexValue(byte), Int(digit) < radix else { return .none }
            var carry = Int(digit)
            for position in decimal.indices {
                let product = Int(decimal[position]) * radix + carry
                decimal[position] = UInt8(product % 10)
                carry = product / 10
            }
            while carry > 0 {
                decimal.append(UInt8(carry % 10))
                carry /= 10
            }
        }
        while decimal.count > 1, decimal.last == 0 { decimal.removeLast() }
        let text = String(decoding: decimal.reversed().map { $0 + 0x30 }, as: UTF8.self)
        return .number(ResolvedNumber(value: JSONNumber(text: text), isIntegerSyntax: true))
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
