/// A rough SQL tokenizer, just enough to see quote breaks, operators, comments and keywords.
/// Quotes are single tokens (string contents are not consumed), so a stray quote stays visible.
struct SQLToken {
    enum Kind: Equatable {
        case word, number, quote, op, semicolon, open, close, comment, star, comma, other
    }

    var kind: Kind
    var start: Int
    var end: Int
}

enum SQLTokenizer {
    /// Byte classes, so each byte costs one table load: a space, a byte that continues a word (letters, digits, `_`,
    /// `@`, `$`), a byte that continues a number (letters, digits, `_`, `.`).
    private static let space: UInt8 = 1, wordByte: UInt8 = 2, numberByte: UInt8 = 4
    private static let classes = ByteTable<UInt8> { byte in
        var flags: UInt8 = 0
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C { flags |= space }
        if isWordCharacter(byte) || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "$") { flags |= wordByte }
        if isWordCharacter(byte) || byte == UInt8(ascii: ".") { flags |= numberByte }
        return flags
    }

    static func tokens(_ text: ScanText) -> [SQLToken] {
        var tokens: [SQLToken] = []
        var index = 0
        let count = text.count
        // One allocation for the tokens of a value up to a few hundred bytes (prose makes a token per 3-5 bytes).
        tokens.reserveCapacity(min(count / 3 + 4, 256))
        let classes = Self.classes
        do {
            while index < count {
                let byte = text[index]
                if classes[byte] & space != 0 {
                    index += 1
                    continue
                }
                let start = index
                switch byte {
                case UInt8(ascii: "-") where text.lower(index + 1) == UInt8(ascii: "-"),
                    UInt8(ascii: "#"):
                    while index < count, text[index] != 0x0A { index += 1 }
                    tokens.append(SQLToken(kind: .comment, start: start, end: index))
                case UInt8(ascii: "/") where text.lower(index + 1) == UInt8(ascii: "*"):
                    index += 2
                    while index < count, !(text[index] == UInt8(ascii: "*") && text.lower(index + 1) == UInt8(ascii: "/")) { index += 1 }
                    index = min(index + 2, count)
                    tokens.append(SQLToken(kind: .comment, start: start, end: index))
                case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                    index += 1
                    tokens.append(SQLToken(kind: .quote, start: start, end: index))
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    index += 1
                    while index < count, classes[text[index]] & numberByte != 0 { index += 1 }
                    tokens.append(SQLToken(kind: .number, start: start, end: index))
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                    index += 1
                    while index < count, classes[text[index]] & wordByte != 0 { index += 1 }
                    tokens.append(SQLToken(kind: .word, start: start, end: index))
                case UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "!"):
                    while index < count, text.isAny(index, "=<>!") { index += 1 }
                    tokens.append(SQLToken(kind: .op, start: start, end: index))
                case UInt8(ascii: "|") where text.lower(index + 1) == UInt8(ascii: "|"),
                    UInt8(ascii: "&") where text.lower(index + 1) == UInt8(ascii: "&"):
                    index += 2
                    tokens.append(SQLToken(kind: .op, start: start, end: index))
                case UInt8(ascii: ";"):
                    index += 1
                    tokens.append(SQLToken(kind: .semicolon, start: start, end: index))
                case UInt8(ascii: "("):
                    index += 1
                    tokens.append(SQLToken(kind: .open, start: start, end: index))
                case UInt8(ascii: ")"):
                    index += 1
                    tokens.append(SQLToken(kind: .close, start: start, end: index))
                case UInt8(ascii: "*"):
                    index += 1
                    tokens.append(SQLToken(kind: .star, start: start, end: index))
                case UInt8(ascii: ","):
                    index += 1
                    tokens.append(SQLToken(kind: .comma, start: start, end: index))
                default:
                    index += 1
                    tokens.append(SQLToken(kind: .other, start: start, end: index))
                }
            }
        }
        return tokens
    }
}
