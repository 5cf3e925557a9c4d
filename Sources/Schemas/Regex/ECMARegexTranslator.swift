/// Checks an ECMA-262 pattern (Unicode mode, the semantics JSON Schema asks
/// for) and rewrites it into PCRE2 syntax with the same meaning.
///
/// What the rewrite handles: `\d` `\w` `\s` (and negations) become explicit
/// ASCII / ECMA-whitespace classes, `.` excludes the four ECMA line
/// terminators, `\cX` `\uXXXX` `\u{…}` `\xHH` `\0` `\v` become code points,
/// `[]` never matches and `[^]` matches anything, and everything PCRE2 would
/// accept but ECMA rejects (`\a`, `(?P<…>`, `(?#…)`, `(?i)`, lone `{` `}` `]`)
/// is a syntax error. Known differences that remain: backreferences to groups
/// that did not participate fail instead of matching empty, and lookbehind
/// must have bounded length (PCRE2 rejects `(?<=a+)` at compile time, though
/// the syntax check accepts it).
struct ECMARegexTranslator {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var output = ""
    private let captureCount: Int
    private var groupNames: Set<String> = []

    /// ECMA-262 WhiteSpace and LineTerminator code points, as PCRE2 class content.
    static let whitespaceClassContent =
        "\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"
    static let digitClassContent = "0-9"
    static let wordClassContent = "A-Za-z0-9_"

    /// Translates `pattern`, or throws a `RegexError` with the scalar offset of the problem.
    static func translate(_ pattern: String) throws(RegexError) -> String {
        var translator = ECMARegexTranslator(pattern: pattern)
        try translator.translateDisjunction(untilGroupEnd: false)
        return translator.output
    }

    private init(pattern: String) {
        scalars = Array(pattern.unicodeScalars)
        captureCount = Self.countCaptures(scalars)
    }

    private static func countCaptures(_ scalars: [Unicode.Scalar]) -> Int {
        var count = 0
        var position = 0
        var inClass = false
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "\\" { position += 2; continue }
            if inClass { if scalar == "]" { inClass = false } }
            else if scalar == "[" { inClass = true }
            else if scalar == "(" {
                let next = position + 1 < scalars.count ? scalars[position + 1] : " "
                if next != "?" { count += 1 }
                else if position + 3 < scalars.count, scalars[position + 2] == "<",
                        scalars[position + 3] != "=", scalars[position + 3] != "!" { count += 1 }
            }
            position += 1
        }
        return count
    }

    private var atEnd: Bool { index >= scalars.count }
    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private func peek(_ ahead: Int) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }
    private func error(_ message: String, at offset: Int? = nil) -> RegexError {
        RegexError(message: message, offset: offset ?? index)
    }

    // MARK: - Structure

    private mutating func translateDisjunction(untilGroupEnd: Bool) throws(RegexError) {
        var canQuantify = false
        while let scalar = current {
            switch scalar {
            case ")":
                if untilGroupEnd { return }
                throw error("unmatched ')'")
            case "|":
                output.append("|"); index += 1; canQuantify = false
            case "*", "+", "?":
                guard canQuantify else { throw error("nothing to repeat before '\(scalar)'") }
                output.unicodeScalars.append(scalar); index += 1
                try translateLazySuffix(); canQuantify = false
            case "{":
                guard canQuantify, let quantifier = parseBraceQuantifier() else {
                    throw error("lone '{' is not allowed in a Unicode-mode pattern")
                }
                output.append(quantifier)
                try translateLazySuffix(); canQuantify = false
            case "}": throw error("lone '}' is not allowed in a Unicode-mode pattern")
            case "]": throw error("lone ']' is not allowed in a Unicode-mode pattern")
            case "^": output.append("^"); index += 1; canQuantify = false
            case "$": output.append("$"); index += 1; canQuantify = false
            case ".": output.append("[^\\n\\r\\x{2028}\\x{2029}]"); index += 1; canQuantify = true
            case "(": canQuantify = try translateGroup()
            case "[": try translateClass(); canQuantify = true
            case "\\": canQuantify = try translateAtomEscape()
            default:
                appendLiteral(scalar); index += 1; canQuantify = true
            }
        }
        if untilGroupEnd { throw error("missing ')'") }
    }

    private mutating func translateLazySuffix() throws(RegexError) {
        if current == "?" { output.append("?"); index += 1 }
        if let next = current, next == "*" || next == "+" || next == "?" || next == "{" {
            if next != "{" || parseBraceQuantifier(dryRun: true) != nil {
                throw error("nothing to repeat before '\(next)'")
            }
        }
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` at the cursor; returns its PCRE2 text and advances, or nil.
    private mutating func parseBraceQuantifier(dryRun: Bool = false) -> String? {
        var position = index + 1
        func digits() -> String {
            var text = ""
            while position < scalars.count, ("0"..."9").contains(scalars[position]) {
                text.unicodeScalars.append(scalars[position]); position += 1
            }
            return text
        }
        let low = digits()
        guard !low.isEmpty else { return nil }
        var high: String? = low
        if position < scalars.count, scalars[position] == "," {
            position += 1
            let upper = digits()
            high = upper.isEmpty ? nil : upper
        }
        guard position < scalars.count, scalars[position] == "}" else { return nil }
        if let high, let lowValue = Int(low.count > 9 ? "999999999" : low),
           let highValue = Int(high.count > 9 ? "999999999" : high), highValue < lowValue {
            return nil
        }
        if !dryRun { index = position + 1 }
        let lowText = low.count > 5 ? "65535" : low
        guard let high else { return "{\(lowText),}" }
        return "{\(lowText),\(high.count > 5 ? "65535" : high)}"
    }

    /// Returns whether the group may be quantified (lookarounds may not in Unicode mode).
    private mutating func translateGroup() throws(RegexError) -> Bool {
        let start = index
        index += 1
        var quantifiable = true
        if current == "?" {
            switch peek(1) {
            case ":": output.append("(?:"); index += 2
            case "=": output.append("(?="); index += 2; quantifiable = false
            case "!": output.append("(?!"); index += 2; quantifiable = false
            case "<":
                if peek(2) == "=" { output.append("(?<="); index += 3; quantifiable = false }
                else if peek(2) == "!" { output.append("(?<!"); index += 3; quantifiable = false }
                else {
                    index += 2
                    let name = try parseGroupName()
                    guard groupNames.insert(name).inserted else { throw error("duplicate group name '\(name)'", at: start) }
                    output.append("(?<\(name)>")
                }
            default:
                throw error("'(?' must start a lookaround, named or non-capturing group in ECMA-262", at: start)
            }
        } else {
            output.append("(")
        }
        try translateDisjunction(untilGroupEnd: true)
        output.append(")")
        index += 1
        return quantifiable
    }

    /// Reads `name>` (after `<`); names are ASCII identifiers here, the portable subset of ECMA names.
    private mutating func parseGroupName() throws(RegexError) -> String {
        var name = ""
        while let scalar = current, scalar != ">" {
            let isStart = scalar == "_" || scalar == "$" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            guard isStart || (!name.isEmpty && ("0"..."9").contains(scalar)) else {
                throw error("invalid character in group name")
            }
            name.unicodeScalars.append(scalar); index += 1
        }
        guard current == ">", !name.isEmpty, !name.contains("$") else { throw error("invalid group name") }
        index += 1
        return name
    }

    // MARK: - Escapes outside classes

    private mutating func translateAtomEscape() throws(RegexError) -> Bool {
        let start = index
        index += 1
        guard let scalar = current else { throw error("pattern ends with '\\'", at: start) }
        switch scalar {
        case "b", "B":
            output.append("\\"); output.unicodeScalars.append(scalar); index += 1
            return false
        case "d": output.append("[\(Self.digitClassContent)]"); index += 1
        case "D": output.append("[^\(Self.digitClassContent)]"); index += 1
        case "w": output.append("[\(Self.wordClassContent)]"); index += 1
        case "W": output.append("[^\(Self.wordClassContent)]"); index += 1
        case "s": output.append("[\(Self.whitespaceClassContent)]"); index += 1
        case "S": output.append("[^\(Self.whitespaceClassContent)]"); index += 1
        case "p", "P": output.append(try parsePropertyEscape())
        case "k":
            index += 1
            guard current == "<" else { throw error("'\\k' must be followed by '<name>'", at: start) }
            index += 1
            let name = try parseGroupName()
            output.append("\\k<\(name)>")
        case "1"..."9":
            var number = 0
            while let digit = current, ("0"..."9").contains(digit), number < 100_000 {
                number = number * 10 + Int(digit.value - 48); index += 1
            }
            guard number <= captureCount else { throw error("backreference to a group that does not exist", at: start) }
            output.append("\\g{\(number)}")
        default:
            let value = try parseCharacterEscape(inClass: false)
            appendCodePoint(value)
        }
        return true
    }

    /// Escapes that denote one code point; the cursor is on the character after `\`.
    private mutating func parseCharacterEscape(inClass: Bool) throws(RegexError) -> UInt32 {
        let start = index - 1
        guard let scalar = current else { throw error("pattern ends with '\\'", at: start) }
        index += 1
        switch scalar {
        case "t": return 0x09
        case "n": return 0x0A
        case "v": return 0x0B
        case "f": return 0x0C
        case "r": return 0x0D
        case "0":
            if let next = current, ("0"..."9").contains(next) { throw error("octal escapes are not allowed", at: start) }
            return 0
        case "c":
            guard let letter = current, ("a"..."z").contains(letter) || ("A"..."Z").contains(letter) else {
                throw error("'\\c' must be followed by a letter", at: start)
            }
            index += 1
            return letter.value % 32
        case "x":
            guard let value = parseHexDigits(count: 2) else { throw error("'\\x' needs two hex digits", at: start) }
            return value
        case "u": return try parseUnicodeEscape(start: start)
        case "-" where inClass: return 0x2D
        case "^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/":
            return scalar.value
        default:
            throw error("'\\\(scalar)' is not a valid escape in a Unicode-mode ECMA-262 pattern", at: start)
        }
    }

    private mutating func parseHexDigits(count: Int) -> UInt32? {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let scalar = current, let digit = Self.hexValue(scalar) else { return nil }
            value = value * 16 + digit; index += 1
        }
        return value
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 48
        case "a"..."f": return scalar.value - 87
        case "A"..."F": return scalar.value - 55
        default: return nil
        }
    }

    private mutating func parseUnicodeEscape(start: Int) throws(RegexError) -> UInt32 {
        if current == "{" {
            index += 1
            var value: UInt32 = 0
            var digitCount = 0
            while let scalar = current, let digit = Self.hexValue(scalar) {
                value = value * 16 + digit; digitCount += 1; index += 1
                if value > 0x10FFFF { throw error("'\\u{…}' is beyond U+10FFFF", at: start) }
            }
            guard digitCount > 0, current == "}" else { throw error("malformed '\\u{…}' escape", at: start) }
            index += 1
            return try checkedScalar(value, start: start)
        }
        guard let high = parseHexDigits(count: 4) else { throw error("'\\u' needs four hex digits", at: start) }
        if (0xD800...0xDBFF).contains(high), current == "\\", peek(1) == "u" {
            let save = index
            index += 2
            if let low = parseHexDigits(count: 4), (0xDC00...0xDFFF).contains(low) {
                return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            index = save
        }
        return try checkedScalar(high, start: start)
    }

    private func checkedScalar(_ value: UInt32, start: Int) throws(RegexError) -> UInt32 {
        if (0xD800...0xDFFF).contains(value) {
            throw error("lone surrogates cannot match UTF-8 text and are not supported", at: start)
        }
        return value
    }

    /// `\p{…}` / `\P{…}`: passed to PCRE2, which knows general categories, scripts and binary properties.
    private mutating func parsePropertyEscape() throws(RegexError) -> String {
        let start = index - 1
        guard let letter = current else { throw error("pattern ends with '\\'", at: start) }
        index += 1
        guard current == "{" else { throw error("'\\\(letter)' must be followed by '{property}'", at: start) }
        index += 1
        var body = ""
        while let scalar = current, scalar != "}" {
            let allowed = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "="
            guard allowed else { throw error("invalid character in a Unicode property name") }
            body.unicodeScalars.append(scalar); index += 1
        }
        guard current == "}", !body.isEmpty else { throw error("unterminated '\\\(letter){'", at: start) }
        index += 1
        return "\\\(letter){\(Self.pcreProperty(body))}"
    }

    /// Maps ECMA property spellings PCRE2 does not know to ones it does.
    private static func pcreProperty(_ name: String) -> String {
        var value = name
        for prefix in ["General_Category=", "gc=", "Script=", "sc=", "Script_Extensions=", "scx="] where value.hasPrefix(prefix) {
            value = String(value.dropFirst(prefix.count))
        }
        if value.lowercased() == "digit" { return "Nd" }
        return longCategoryNames[value] ?? value
    }

    /// Unicode general category long names (ECMA accepts them; PCRE2 10.42 only knows the short ones).
    private static let longCategoryNames: [String: String] = [
        "Letter": "L", "Cased_Letter": "L&", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll",
        "Titlecase_Letter": "Lt", "Modifier_Letter": "Lm", "Other_Letter": "Lo", "LC": "L&",
        "Mark": "M", "Combining_Mark": "M", "Nonspacing_Mark": "Mn", "Spacing_Mark": "Mc", "Enclosing_Mark": "Me",
        "Number": "N", "Decimal_Number": "Nd", "Letter_Number": "Nl", "Other_Number": "No",
        "Punctuation": "P", "punct": "P", "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd",
        "Open_Punctuation": "Ps", "Close_Punctuation": "Pe", "Initial_Punctuation": "Pi",
        "Final_Punctuation": "Pf", "Other_Punctuation": "Po",
        "Symbol": "S", "Math_Symbol": "Sm", "Currency_Symbol": "Sc", "Modifier_Symbol": "Sk", "Other_Symbol": "So",
        "Separator": "Z", "Space_Separator": "Zs", "Line_Separator": "Zl", "Paragraph_Separator": "Zp",
        "Other": "C", "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Surrogate": "Cs",
        "Private_Use": "Co", "Unassigned": "Cn",
    ]

    // MARK: - Output

    private mutating func appendLiteral(_ scalar: Unicode.Scalar) {
        if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) {
            output.unicodeScalars.append(scalar)
        } else {
            appendCodePoint(scalar.value)
        }
    }

    mutating func appendCodePoint(_ value: UInt32) {
        output.append("\\x{")
        output.append(String(value, radix: 16))
        output.append("}")
    }
}

extension ECMARegexTranslator {
    // MARK: - Character classes

    private enum ClassItem {
        case codePoint(UInt32)
        case content(String)      // already PCRE2 class content, not a range endpoint
        case negatedWhitespace    // \S: not expressible inside one PCRE2 class
    }

    private mutating func translateClass() throws(RegexError) {
        let start = index
        index += 1
        var negated = false
        if current == "^" { negated = true; index += 1 }
        var content = ""
        var hasNegatedWhitespace = false
        while true {
            guard let scalar = current else { throw error("missing ']'", at: start) }
            if scalar == "]" { index += 1; break }
            let first = try parseClassItem()
            if current == "-", let next = peek(1), next != "]" {
                index += 1
                let second = try parseClassItem()
                guard case .codePoint(let low) = first, case .codePoint(let high) = second else {
                    throw error("a class escape cannot be a range endpoint")
                }
                guard low <= high else { throw error("range out of order in character class") }
                content.append("\\x{\(String(low, radix: 16))}-\\x{\(String(high, radix: 16))}")
                continue
            }
            switch first {
            case .codePoint(let value): content.append("\\x{\(String(value, radix: 16))}")
            case .content(let text): content.append(text)
            case .negatedWhitespace: hasNegatedWhitespace = true
            }
        }
        let notWhitespace = "[^\(Self.whitespaceClassContent)]"
        switch (negated, content.isEmpty, hasNegatedWhitespace) {
        case (false, true, false): output.append("(?!)")
        case (true, true, false): output.append("[\\s\\S]")
        case (false, false, false): output.append("[\(content)]")
        case (true, false, false): output.append("[^\(content)]")
        case (false, true, true): output.append(notWhitespace)
        case (true, true, true): output.append("[\(Self.whitespaceClassContent)]")
        case (false, false, true): output.append("(?:[\(content)]|\(notWhitespace))")
        case (true, false, true): output.append("(?:(?![\(content)])[\(Self.whitespaceClassContent)])")
        }
    }

    private mutating func parseClassItem() throws(RegexError) -> ClassItem {
        guard let scalar = current else { throw error("missing ']'") }
        guard scalar == "\\" else { index += 1; return .codePoint(scalar.value) }
        index += 1
        guard let escaped = current else { throw error("pattern ends with '\\'") }
        switch escaped {
        case "d": index += 1; return .content(Self.digitClassContent)
        case "D": index += 1; return .content("[:^digit:]")
        case "w": index += 1; return .content(Self.wordClassContent)
        case "W": index += 1; return .content("[:^word:]")
        case "s": index += 1; return .content(Self.whitespaceClassContent)
        case "S": index += 1; return .negatedWhitespace
        case "b": index += 1; return .codePoint(0x08)
        case "p", "P": return .content(try parsePropertyEscape())
        default: return .codePoint(try parseCharacterEscape(inClass: true))
        }
    }
}
