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
    static func tokens(_ text: ScanText) -> [SQLToken] {
        var tokens: [SQLToken] = []
        var index = 0
        let count = text.count
        // One allocation for the tokens of a short value instead of one per doubling.
        tokens.reserveCapacity(min(count, 16))
        while index < count {
            let byte = text[index]
            if text.isSpace(at: index) {
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
                while index < count, isWordCharacter(text[index]) || text[index] == UInt8(ascii: ".") { index += 1 }
                tokens.append(SQLToken(kind: .number, start: start, end: index))
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                while index < count, isWordCharacter(text[index]) || text[index] == UInt8(ascii: "@") || text[index] == UInt8(ascii: "$") { index += 1 }
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
        return tokens
    }
}
