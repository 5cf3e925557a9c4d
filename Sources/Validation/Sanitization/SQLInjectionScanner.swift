/// SQL injection signatures over a value's tokens.
///
/// Each signature needs SQL structure, not just SQL words: a quote that breaks out and
/// continues with `OR`/`AND` and a comparison or a comment, an unbalanced quote followed
/// by a comment, `UNION [ALL] SELECT`, a stacked statement after `;` (`DROP TABLE`,
/// `DELETE FROM`...), an `OR 1=1` tautology, or a known attack function. So "O'Brien",
/// "select your plan" and "DROP by anytime" are ordinary text.
enum SQLInjectionScanner {
    static func scan(_ text: ScanText) -> SanitizationFinding? {
        guard mayFind(text) else { return nil }
        return scanTokens(text)
    }

    /// `scan` for a text whose trigger bytes are known. Without `=` and `(` most signatures cannot match, and those
    /// left start next to a quote or a `;` or hold a gate word: `mayFindNearTriggers` looks only there, and a text
    /// with neither quote nor `;` needs only the search for the gate words.
    static func scan(_ text: ScanText, triggers: TriggerSet) -> SanitizationFinding? {
        let mayMatch: Bool
        if triggers.hasAny(TriggerSet.equals | TriggerSet.parenthesis) {
            mayMatch = mayFind(text)
        } else if triggers.hasAny(TriggerSet.quote | TriggerSet.semicolon) {
            mayMatch = mayFindNearTriggers(text, quotes: triggers.hasAny(TriggerSet.quote), semicolons: triggers.hasAny(TriggerSet.semicolon))
        } else {
            // No quote: a tautology's operand is a number, so `like` matters only with a digit.
            mayMatch = holdsGateWord(text, orLike: triggers.hasAny(TriggerSet.digit))
        }
        guard mayMatch else { return nil }
        return scanTokens(text)
    }

    /// Whether `text` holds a word of `SanitizationPolicy.sqlWords` (or `like`, with `orLike`).
    @inline(__always)
    static func holdsGateWord(_ text: ScanText, orLike: Bool) -> Bool {
        // Two calls rather than a chosen set: choosing copies the set's arrays (as in `ShellInjectionScanner.shellPaths`).
        (orLike ? text.findAny(gateWordsAndLike) : text.findAny(SanitizationPolicy.sqlWords)) != nil
    }

    /// The signatures over every token of `text` (`scan` without the `mayFind` filter; the tests compare the two).
    static func scanTokens(_ text: ScanText) -> SanitizationFinding? {
        let tokens = SQLTokenizer.tokens(text)
        guard !tokens.isEmpty else { return nil }
        func word(_ index: Int, _ keyword: StaticString) -> Bool {
            guard index >= 0, index < tokens.count, tokens[index].kind == .word else { return false }
            let token = tokens[index]
            return token.end - token.start == keyword.utf8CodeUnitCount && text.matches(keyword, at: token.start)
        }
        func kind(_ index: Int) -> SQLToken.Kind? { index >= 0 && index < tokens.count ? tokens[index].kind : nil }
        func skipCloses(_ index: Int) -> Int {
            var position = index
            while kind(position) == .close { position += 1 }
            return position
        }
        func isConnective(_ index: Int) -> Bool {
            word(index, "or") || word(index, "and") || word(index, "xor")
                || (kind(index) == .op && tokens[index].end - tokens[index].start == 2 && text.isAny(tokens[index].start, "|&"))
        }
        func isComparison(_ index: Int) -> Bool {
            // Not `is`/`in`/`between`: "either 'A' or 'B' is fine" is prose; `like` only before a quote.
            kind(index) == .op || ((word(index, "like") || word(index, "regexp") || word(index, "rlike")) && kind(index + 1) == .quote)
        }
        func isStrongFunction(_ index: Int) -> Bool {
            word(index, "sleep") || word(index, "benchmark") || word(index, "pg_sleep") || word(index, "extractvalue")
                || word(index, "updatexml") || word(index, "load_file") || word(index, "exists")
        }

        for index in tokens.indices {
            let token = tokens[index]
            switch token.kind {
            case .quote:
                let next = skipCloses(index + 1)
                // ' OR 1=1 --   ' AND 'a'='a   " or ""="   ') or ('x'='x
                if isConnective(next) {
                    var look = next + 1
                    while look < min(tokens.count, next + 8) {
                        if isComparison(look) || kind(look) == .comment || isStrongFunction(look) || word(look, "true") && look == tokens.count - 1 {
                            return SanitizationFinding(.sqlInjection, "quote break followed by an OR/AND condition", offset: token.start)
                        }
                        look += 1
                    }
                }
                // admin'--   admin' #   x'/*   with an unbalanced quote
                if kind(next) == .comment || (kind(next) == .semicolon && (next + 1 == tokens.count || kind(next + 1) == .comment)) {
                    if unpairedQuotes(text[token.start], text) % 2 == 1 {
                        return SanitizationFinding(.sqlInjection, "unbalanced quote followed by a comment", offset: token.start)
                    }
                }
            case .word:
                // Every check below starts with the word itself being one of a few keywords: other words stop here.
                let length = token.end - token.start
                guard length < 32, keywordLengths[text[token.start]] & (1 << UInt32(length)) != 0 else { continue }
                if word(index, "union") {
                    var look = index + 1
                    while kind(look) == .comment || kind(look) == .open { look += 1 }
                    if word(look, "all") || word(look, "distinct") { look += 1 }
                    while kind(look) == .comment || kind(look) == .open { look += 1 }
                    if word(look, "select") { return SanitizationFinding(.sqlInjection, "UNION SELECT", offset: token.start) }
                }
                if isConnective(index), let finding = tautology(after: index, tokens, text) {
                    return finding
                }
                if word(index, "xp_cmdshell") || word(index, "information_schema") || word(index, "@@version")
                    || word(index, "sysobjects") || word(index, "syscolumns") || word(index, "utl_http") || word(index, "dbms_pipe")
                {
                    return SanitizationFinding(.sqlInjection, "database system object", offset: token.start)
                }
                if word(index, "waitfor") && word(index + 1, "delay") {
                    return SanitizationFinding(.sqlInjection, "WAITFOR DELAY", offset: token.start)
                }
                if word(index, "into") && (word(index + 1, "outfile") || word(index + 1, "dumpfile")) {
                    return SanitizationFinding(.sqlInjection, "INTO OUTFILE", offset: token.start)
                }
                if isStrongFunction(index) && !word(index, "exists") && kind(index + 1) == .open {
                    let before = index - 1
                    let strong = !word(index, "sleep") || before < 0 || isConnective(before) || word(before, "select")
                        || kind(before) == .quote || kind(before) == .semicolon || kind(before) == .open || kind(before) == .comma
                    if strong { return SanitizationFinding(.sqlInjection, "time-delay or file function", offset: token.start) }
                }
            case .semicolon:
                if let finding = stackedStatement(after: index, tokens, text) { return finding }
            default:
                continue
            }
        }
        return nil
    }

    /// False when no signature of `scanTokens` can match: one pass over the tokens, none stored. Every finding starts
    /// at one of three tokens, and this looks for them as `scanTokens` does: a quote whose next token after `)`s is a
    /// connective (`or`, `and`, `xor`, `||`, `&&`), a comment or `;`; a `;` whose next word after comments starts a
    /// statement (`drop`, `delete`, `insert`...); or a word that is one of the signature keywords, where `or`, `and`
    /// and `xor` count only before a number or a quote (the left side of a tautology). True means "maybe": the full
    /// scan decides. Prose with quotes or semicolons ("St James's Square", "take it in; please") ends here.
    static func mayFind(_ text: ScanText) -> Bool {
        var index = 0
        // What the previous tokens leave open: a quote (`)`s skipped), a `;` (comments skipped), a connective word.
        var afterQuote = false, afterSemicolon = false, afterConnective = false
        // Per first byte, the lengths of the words that matter here: most words of prose are none and cost one load.
        let wordLengths = Self.interestingWordLengths
        let classes = SQLTokenizer.classes
        let count = text.count
        while index < count {
            // Words and spaces, nearly all of prose, are read here; every other token by the tokenizer's `next`.
            let byte = text[index]
            let byteClass = classes[byte]
            if byteClass & SQLTokenizer.space != 0 {
                index += 1
                continue
            }
            if byteClass & SQLTokenizer.wordStart != 0 {
                let start = index
                index += 1
                while index < count, classes[text[index]] & SQLTokenizer.wordByte != 0 { index += 1 }
                let length = index - start
                var connective = false
                if length < 32, wordLengths[byte] & (1 << UInt32(length)) != 0 {
                    let token = SQLToken(kind: .word, start: start, end: index)
                    switch wordVerdict(text, token, afterQuote: afterQuote, afterSemicolon: afterSemicolon) {
                    case .signature: return true
                    case .connective: connective = true
                    case .other: break
                    }
                }
                afterQuote = false
                afterSemicolon = false
                afterConnective = connective
                continue
            }
            guard let token = SQLTokenizer.next(text, from: &index) else { break }
            switch token.kind {
            case .close:
                afterSemicolon = false
                afterConnective = false
                continue   // a quote stays open across `)`s: `') or ('x'='x`
            case .comment:
                if afterQuote { return true }
                afterConnective = false
                continue   // a `;` stays open across comments: `; /* x */ drop table t`
            case .semicolon:
                if afterQuote { return true }
                afterSemicolon = true
                afterQuote = false
                afterConnective = false
                continue
            case .quote, .number:
                if afterConnective { return true }
                afterQuote = token.kind == .quote
            case .op:
                if afterQuote, token.end - token.start == 2, text.isAny(token.start, "|&") { return true }
                afterQuote = false
            default:
                // (Words never come here: they are read above.)
                afterQuote = false
            }
            afterSemicolon = false
            afterConnective = false
        }
        return false
    }

    /// False when `scanTokens` cannot find anything in `text`, a text with no `=` and no `(` (the caller knows); true
    /// means "maybe". Without those bytes: a tautology needs `like` (its comparator is `=` or `like`), a time or file
    /// function its `(`; `UNION SELECT`, `WAITFOR DELAY`, `INTO OUTFILE` and the system objects hold a word of
    /// `SanitizationPolicy.sqlWordSignatures`; what is left starts at a quote followed (after `)`s) by a connective,
    /// a comment or `;`, or at a `;` followed (after comments) by a statement word. So one search for the words and a
    /// look after each quote and `;` replace `mayFind`'s pass over every token ("take it in; please", "St James's").
    /// (`quotes` and `semicolons` false say the text holds none, so it is not searched for them.)
    static func mayFindNearTriggers(_ text: ScanText, quotes: Bool = true, semicolons: Bool = true) -> Bool {
        if holdsGateWord(text, orLike: true) { return true }
        let count = text.count
        var next = quotes ? 0 : count
        while let quote = text.firstIndex(ofAny: UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"), from: next) {
            if mayStartAfterQuote(text, quote) { return true }
            next = quote + 1
        }
        next = semicolons ? 0 : count
        while let semicolon = text.firstIndex(ofAny: UInt8(ascii: ";"), UInt8(ascii: ";"), UInt8(ascii: ";"), from: next) {
            if mayStartAfterSemicolon(text, semicolon) { return true }
            next = semicolon + 1
        }
        return false
    }

    /// Whether a signature may start at the quote at `quote` (`mayFindNearTriggers`' look after each quote): after spaces
    /// and `)`s, a `;`, `#`, `--`, `/*`, `||` or `&&`, or a connective (`' or`, `') and`).
    static func mayStartAfterQuote(_ text: ScanText, _ quote: Int) -> Bool {
        let count = text.count
        let classes = SQLTokenizer.classes
        var index = quote + 1
        while index < count, classes[text[index]] & SQLTokenizer.space != 0 || text[index] == UInt8(ascii: ")") { index += 1 }
        guard index < count else { return false }
        let byte = text[index]
        switch byte {
        case UInt8(ascii: ";"), UInt8(ascii: "#"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "|"), UInt8(ascii: "&"):
            // `--`, `/*`, `||`, `&&`
            return text.lower(index + 1) == (byte == UInt8(ascii: "/") ? UInt8(ascii: "*") : byte)
        default:
            guard classes[byte] & SQLTokenizer.wordStart != 0 else { return false }
            var end = index + 1
            while end < count, classes[text[end]] & SQLTokenizer.wordByte != 0 { end += 1 }
            let token = SQLToken(kind: .word, start: index, end: end)
            return connectives.contains { matchesWord(text, token, $0) }
        }
    }

    /// Whether a stacked statement may start at the `;` at `semicolon` (`mayFindNearTriggers`' look after each `;`): the
    /// next token, past comments, is a statement word (`; drop`, `;/**/delete`).
    static func mayStartAfterSemicolon(_ text: ScanText, _ semicolon: Int) -> Bool {
        var index = semicolon + 1
        var token = SQLTokenizer.next(text, from: &index)
        while token?.kind == .comment { token = SQLTokenizer.next(text, from: &index) }
        guard let token, token.kind == .word else { return false }
        return statementStarts.contains { matchesWord(text, token, $0) }
    }

    /// The gate words of `SanitizationPolicy` and `like`, searched in one pass by `mayFindNearTriggers`.
    static let gateWordsAndLike = SignatureSet(SanitizationPolicy.sqlWordSignatures + ["like"])

    private enum WordVerdict { case signature, connective, other }

    /// What a word that may matter is for `mayFind`: where a signature starts, a connective (`or`, `and`, `xor`) that
    /// is not one yet, or neither.
    private static func wordVerdict(_ text: ScanText, _ token: SQLToken, afterQuote: Bool, afterSemicolon: Bool) -> WordVerdict {
        for connective in connectives where matchesWord(text, token, connective) {
            return afterQuote ? .signature : .connective
        }
        if afterSemicolon {
            for keyword in statementStarts where matchesWord(text, token, keyword) { return .signature }
        }
        for keyword in signatureKeywords where matchesWord(text, token, keyword) { return .signature }
        return .other
    }

    /// Whether the word token is `keyword` (lowercase), ASCII case ignored.
    @inline(__always)
    private static func matchesWord(_ text: ScanText, _ token: SQLToken, _ keyword: StaticString) -> Bool {
        token.end - token.start == keyword.utf8CodeUnitCount && text.matches(keyword, at: token.start)
    }

    /// The words that join a quote break or a tautology to what came before.
    static let connectives: [StaticString] = ["or", "and", "xor"]

    /// The words other than the connectives that a word signature of `scanTokens` starts with.
    static let signatureKeywords: [StaticString] = [
        "union", "xp_cmdshell", "information_schema", "@@version", "sysobjects", "syscolumns", "utl_http", "dbms_pipe",
        "waitfor", "into", "sleep", "benchmark", "pg_sleep", "extractvalue", "updatexml", "load_file",
    ]

    /// The words `stackedStatement` accepts right after a `;`.
    static let statementStarts: [StaticString] = [
        "alter", "drop", "create", "truncate", "delete", "insert", "update", "shutdown", "exec", "execute", "select", "declare",
    ]

    /// The words `scanTokens` compares a word with (`exists` too, which it never reports alone): most words of prose
    /// are none of them and skip the comparisons.
    static let scanKeywords: [StaticString] = connectives + signatureKeywords + ["exists"]

    /// `mayFind`'s table: the lengths of the connectives, the signature keywords and the statement starts.
    static let interestingWordLengths = ByteTable.wordLengths(connectives + signatureKeywords + statementStarts)

    /// `scanTokens`'s table: `mayBeKeyword` by first byte and length.
    static let keywordLengths = ByteTable.wordLengths(scanKeywords)

    /// Whether a word of `length` bytes starting with `first` (lower-cased) can be one of `scanKeywords`.
    static func mayBeKeyword(length: Int, first: UInt8) -> Bool {
        scanKeywords.contains { $0.utf8CodeUnitCount == length && $0.utf8Start[0] == first }
    }

    /// How many `quote` characters are not apostrophes inside a word (`it's`, `O'Brien`).
    static func unpairedQuotes(_ quote: UInt8, _ text: ScanText) -> Int {
        var total = 0
        for index in 0..<text.count where text[index] == quote {
            if !(text.isWordByte(at: index - 1) && text.isWordByte(at: index + 1)) { total += 1 }
        }
        return total
    }

    /// `OR 1=1`, `OR 'a'='a'`, `AND "x"="x`: a connective followed by an always-true equality.
    static func tautology(after connective: Int, _ tokens: [SQLToken], _ text: ScanText) -> SanitizationFinding? {
        var index = connective + 1
        guard let left = operand(&index, tokens, text) else { return nil }
        guard index < tokens.count else { return nil }
        let comparator = tokens[index]
        let isEquality = comparator.kind == .op && comparator.end - comparator.start <= 2 && text.isAny(comparator.end - 1, "=")
        let isLike = comparator.kind == .word && comparator.end - comparator.start == 4 && text.matches("like", at: comparator.start)
        guard isEquality || isLike else { return nil }
        index += 1
        guard let right = operand(&index, tokens, text) else { return nil }
        guard equalText(left, right, text) else { return nil }
        return SanitizationFinding(.sqlInjection, "OR/AND tautology", offset: tokens[connective].start)
    }

    /// A number, or a quoted word/number (the closing quote may be missing at the end: `'1'='1`).
    static func operand(_ index: inout Int, _ tokens: [SQLToken], _ text: ScanText) -> Range<Int>? {
        guard index < tokens.count else { return nil }
        if tokens[index].kind == .number {
            index += 1
            return tokens[index - 1].start..<tokens[index - 1].end
        }
        guard tokens[index].kind == .quote else { return nil }
        let quote = text[tokens[index].start]
        index += 1
        // Empty string: '' or "".
        if index < tokens.count, tokens[index].kind == .quote, text[tokens[index].start] == quote {
            index += 1
            return tokens[index - 1].start..<tokens[index - 1].start
        }
        guard index < tokens.count, tokens[index].kind == .word || tokens[index].kind == .number else { return nil }
        let value = tokens[index].start..<tokens[index].end
        index += 1
        if index < tokens.count, tokens[index].kind == .quote, text[tokens[index].start] == quote { index += 1 }
        return value
    }

    static func equalText(_ left: Range<Int>, _ right: Range<Int>, _ text: ScanText) -> Bool {
        guard left.count == right.count else { return false }
        for offset in 0..<left.count where text.lower(left.lowerBound + offset) != text.lower(right.lowerBound + offset) { return false }
        return true
    }

    /// `; DROP TABLE`, `; DELETE FROM`, `; INSERT INTO`, `; UPDATE x SET`, `; SHUTDOWN`, `; EXEC xp_...`.
    static func stackedStatement(after semicolon: Int, _ tokens: [SQLToken], _ text: ScanText) -> SanitizationFinding? {
        func word(_ index: Int, _ keyword: StaticString) -> Bool {
            guard index >= 0, index < tokens.count, tokens[index].kind == .word else { return false }
            return tokens[index].end - tokens[index].start == keyword.utf8CodeUnitCount && text.matches(keyword, at: tokens[index].start)
        }
        func kind(_ position: Int) -> SQLToken.Kind? { position >= 0 && position < tokens.count ? tokens[position].kind : nil }
        var index = semicolon + 1
        while index < tokens.count, tokens[index].kind == .comment { index += 1 }
        let next = index + 1
        let objects = word(next, "table") || word(next, "database") || word(next, "schema") || word(next, "user")
            || word(next, "view") || word(next, "index") || word(next, "procedure") || word(next, "function") || word(next, "trigger")
        /// After `DROP TABLE name`, `DELETE FROM name`: the statement ends or goes on in SQL, not in prose.
        func statementGoesOn(_ position: Int) -> Bool {
            guard position < tokens.count else { return true }
            switch tokens[position].kind {
            case .semicolon, .comment, .open, .quote, .comma: return true
            case .word:
                return word(position, "where") || word(position, "values") || word(position, "select") || word(position, "set")
                    || word(position, "cascade") || word(position, "add") || word(position, "if")
            default: return false
            }
        }
        let stacked: Bool
        if word(index, "alter") {
            stacked = objects
        } else if word(index, "drop") || word(index, "create") || word(index, "truncate") {
            stacked = objects && statementGoesOn(next + 2)
        } else if word(index, "delete") {
            stacked = word(next, "from") && statementGoesOn(next + 2)
        } else if word(index, "insert") {
            // `INSERT INTO t VALUES`, `INSERT INTO t (...)`, `INSERT INTO t SELECT`: "insert into slot" is prose.
            let after = next + 2
            stacked = word(next, "into") && (kind(after) == .open || word(after, "values") || word(after, "select") || word(after, "set"))
        } else if word(index, "update") {
            stacked = word(index + 2, "set")
        } else if word(index, "shutdown") {
            stacked = next >= tokens.count || tokens[next].kind == .comment || tokens[next].kind == .semicolon
        } else if word(index, "exec") || word(index, "execute") {
            stacked = next < tokens.count && tokens[next].kind == .word
                && (text.matches("xp_", at: tokens[next].start) || text.matches("sp_", at: tokens[next].start) || word(next, "master"))
        } else if word(index, "select") {
            stacked = next < tokens.count && (tokens[next].kind == .star || tokens[next].kind == .number || word(next, "null") || word(next, "@@version"))
        } else if word(index, "declare") {
            stacked = next < tokens.count && tokens[next].kind == .word && text[tokens[next].start] == UInt8(ascii: "@")
        } else {
            stacked = false
        }
        return stacked ? SanitizationFinding(.sqlInjection, "stacked SQL statement after \";\"", offset: tokens[semicolon].start) : nil
    }
}
