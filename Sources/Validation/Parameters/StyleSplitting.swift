/// Byte-level splitting of raw (still percent-encoded) parameter text.
///
/// Splitting happens before percent-decoding, so an encoded delimiter (`%2C`) stays
/// inside an item, as RFC 6570 and OAS intend.
enum StyleSplitting {
    /// Splits on one delimiter byte; an empty text gives no items.
    static func split(_ text: Substring, on delimiter: UInt8) -> [Substring] {
        if text.isEmpty { return [] }
        var items: [Substring] = []
        var start = text.startIndex
        var index = text.utf8.startIndex
        while index != text.utf8.endIndex {
            if text.utf8[index] == delimiter {
                items.append(text[start..<index])
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        items.append(text[start...])
        return items
    }

    /// Splits on a raw byte or its percent-encoded form (`%20`, `%7C`), and `+` when `plusToo`.
    static func split(_ text: Substring, onByteOrEscape delimiter: UInt8, plusToo: Bool) -> [Substring] {
        if text.isEmpty { return [] }
        let high = hexDigit(delimiter >> 4), low = hexDigit(delimiter & 0x0F)
        var items: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == delimiter || (plusToo && byte == 0x2B) {
                items.append(text[start..<index])
                index = utf8.index(after: index)
                start = index
                continue
            }
            if byte == 0x25 {
                let first = utf8.index(after: index)
                if first != utf8.endIndex, asciiLowercase(utf8[first]) == high {
                    let second = utf8.index(after: first)
                    if second != utf8.endIndex, asciiLowercase(utf8[second]) == low {
                        items.append(text[start..<index])
                        index = utf8.index(after: second)
                        start = index
                        continue
                    }
                }
            }
            index = utf8.index(after: index)
        }
        items.append(text[start...])
        return items
    }

    /// Splits `key=value` at the first `=`; nil when there is none.
    static func keyValue(_ text: Substring) -> (Substring, Substring)? {
        guard let equals = text.utf8.firstIndex(of: 0x3D) else { return nil }
        return (text[..<equals], text[text.utf8.index(after: equals)...])
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
    }
}
