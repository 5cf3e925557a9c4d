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
    /// (And a byte that starts a word: letters, `_`, `@`, `$`.)
    static let space: UInt8 = 1, wordByte: UInt8 = 2, numberByte: UInt8 = 4, wordStart: UInt8 = 8
    static let classes = ByteTable<UInt8> { byte in
        var flags: UInt8 = 0
        if (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "@")
            || byte == UInt8(ascii: "$")
        {
            flags |= wordStart
        }
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C { flags |= space }
        if isWordCharacter(byte) || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "$") { flags |= wordByte }
        if isWordCharacter(byte) || byte == UInt8(ascii: ".") { flags |= numberByte }
        return flags
    }

    /// The kind of a token of one byte: quotes, punctuation the signatures look at, anything else.
    private static func oneByteKind(_ byte: UInt8) -> SQLToken.Kind {
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"): return .quote
        case UInt8(ascii: ";"): return .semicolon
        case UInt8(ascii: "("): return .open
        case UInt8(ascii: ")"): return .close
        case UInt8(ascii: "*"): return .star
        case UInt8(ascii: ","): return .comma
        default: return .other
        }
    }

    static func tokens(_ text: ScanText) -> [SQLToken] {
        var tokens: [SQLToken] = []
        var index = 0
        // One allocation for the tokens of a value up to a few hundred bytes (prose makes a token per 3-5 bytes).
        tokens.reserveCapacity(min(text.count / 3 + 4, 256))
        while let token = next(text, from: &index) { tokens.append(token) }
        return tokens
    }

    /// The token at or after `index` (spaces skipped), with `index` moved past it; nil at the end of the text.
    @inline(__always)
    static func next(_ text: ScanText, from index: inout Int) -> SQLToken? {
        let count = text.count
        let classes = Self.classes
        while index < count, classes[text[index]] & space != 0 { index += 1 }
        guard index < count else { return nil }
        let byte = text[index]
        let start = index
        let kind: SQLToken.Kind
        switch byte {
        case UInt8(ascii: "-") where text.lower(index + 1) == UInt8(ascii: "-"),
            UInt8(ascii: "#"):
            while index < count, text[index] != 0x0A { index += 1 }
            kind = .comment
        case UInt8(ascii: "/") where text.lower(index + 1) == UInt8(ascii: "*"):
            index += 2
            while index < count, !(text[index] == UInt8(ascii: "*") && text.lower(index + 1) == UInt8(ascii: "/")) { index += 1 }
            index = min(index + 2, count)
            kind = .comment
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            index += 1
            while index < count, classes[text[index]] & numberByte != 0 { index += 1 }
            kind = .number
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "$"):
            index += 1
            while index < count, classes[text[index]] & wordByte != 0 { index += 1 }
            kind = .word
        case UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "!"):
            while index < count, text.isAny(index, "=<>!") { index += 1 }
            kind = .op
        case UInt8(ascii: "|") where text.lower(index + 1) == UInt8(ascii: "|"),
            UInt8(ascii: "&") where text.lower(index + 1) == UInt8(ascii: "&"):
            index += 2
            kind = .op
        default:
            // Every other token is one byte.
            index += 1
            kind = Self.oneByteKind(byte)
        }
        return SQLToken(kind: kind, start: start, end: index)
    }
}
