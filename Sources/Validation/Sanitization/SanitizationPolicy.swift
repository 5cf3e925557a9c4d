import CByteScan
import Documents

/// Which sanitization rules apply, and the scanners that enforce them.
///
/// Built once from configuration and shared read-only. Each scan returns the first
/// finding (the hot path stops there) or, with `findings`, all of them; a finding names
/// its rule and a fixed reason, never the value. Values are scanned as bytes without
/// copying unless they hold a `%`, in which case the percent-decoded form is scanned too.
public struct SanitizationPolicy: Sendable, Hashable {
    /// The rules that are on (kept as `mask`, so copying a policy on the hot path counts no reference).
    public var enabledRules: Set<SanitizationRule> {
        get { Set(SanitizationRule.allCases.filter { mask & Self.bit($0) != 0 }) }
        set { mask = Self.mask(newValue) }
    }
    /// One bit per rule: the whole state, so the hot path tests bits and a copy is a plain integer.
    private var mask: UInt32

    public init(enabledRules: Set<SanitizationRule> = Set(SanitizationRule.allCases)) {
        self.mask = Self.mask(enabledRules)
    }

    private static func mask(_ rules: Set<SanitizationRule>) -> UInt32 {
        var mask: UInt32 = 0
        for rule in rules { mask |= bit(rule) }
        return mask
    }

    @inline(__always)
    private static func bit(_ rule: SanitizationRule) -> UInt32 {
        switch rule {
        case .invalidUTF8: return 1 << 0
        case .nulCharacter: return 1 << 1
        case .controlCharacter: return 1 << 2
        case .headerLineBreak: return 1 << 3
        case .prototypePollution: return 1 << 4
        case .nosqlOperator: return 1 << 5
        case .sqlInjection: return 1 << 6
        case .markupInjection: return 1 << 7
        case .pathTraversal: return 1 << 8
        case .shellInjection: return 1 << 9
        case .methodOverride: return 1 << 10
        }
    }

    /// True when no rule is on.
    public var isEmpty: Bool { mask == 0 }

    /// Every rule on.
    public static let all = SanitizationPolicy()

    /// Every rule except the ones listed.
    public static func all(except disabled: Set<SanitizationRule>) -> SanitizationPolicy {
        SanitizationPolicy(enabledRules: Set(SanitizationRule.allCases).subtracting(disabled))
    }

    @inline(__always)
    public func isEnabled(_ rule: SanitizationRule) -> Bool { mask & Self.bit(rule) != 0 }

    // MARK: Strings

    /// Scans a string value (a JSON string, a decoded parameter) with every string rule.
    public func scan(_ value: String) -> SanitizationFinding? {
        // A Swift string always holds valid UTF-8, so only the byte scan's other rules can find anything.
        return value.withUTF8Bytes { scanValidUTF8(bytes: $0) }
    }

    /// Scans the bytes of a string known to be valid UTF-8 (as `scan(_:)` scans a `String`'s).
    func scan(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> SanitizationFinding? {
        scanValidUTF8(bytes: bytes)
    }

    /// True when `scan(validUTF8:)` certainly finds nothing in `bytes`: the scan's first test, which decides most strings;
    /// false means the rest of the scan must decide. Inlined where the body walk checks each string, so most strings
    /// take no call and build no optional finding.
    @inline(__always)
    func isCertainlyClean(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Only character rules on (the strings a schema constrains): one search for the bytes they look at.
        if !needsDecodedPass { return !CharacterScanner.mayFind(in: bytes) }
        // Prose where no SQL gate word can start (names, notes, addresses: most strings of most bodies) holds nothing any
        // rule looks for: every rule but the SQL one needs a byte prose lacks, and `injection` sends prose to the SQL
        // scanner only for a gate word (`like` included). One vector pass then replaces the classification and the search.
        // Where a gate word's first two letters are ("away", "under", "line": many English words), the words themselves are
        // searched, as the SQL scanner would; with apostrophes, full stops or semicolons too (sentences, names, addresses),
        // what the rules look for at those bytes is looked at for each one (`punctuationIsInert`).
        let kind = Self.proseKind(bytes)
        if kind == 1 { return true }
        guard kind != 0 else { return false }
        let text = ScanText(bytes: bytes)
        if kind & 4 != 0, SQLInjectionScanner.holdsGateWord(text, orLike: true) { return false }
        return kind & 2 == 0 || Self.punctuationIsInert(text)
    }

    /// `sg_prose_kind` with the SQL gate words' tables: 0 for a text with another byte (or when not sure: no SSSE3), else
    /// 1, plus 2 for `'`, `.` or `;` in it, plus 4 when a gate word (`like` included) may start in it.
    @inline(__always)
    static func proseKind(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = bytes.baseAddress else { return 0 }
        return SQLInjectionScanner.gateWordsAndLike.nibbleMasks.withUnsafeBufferPointer { masks in
            guard masks.count == 64, let table = masks.baseAddress else { return 0 }
            return sg_prose_kind(base, bytes.count, table)
        }
    }

    /// For prose without gate words that also holds apostrophes, full stops or semicolons (`proseKind` bit 2): whether no rule
    /// can find anything in it. Of the bytes such a text holds, only those three are triggers (`injection`), and of the
    /// rules they trigger (path traversal needs a `/` or `%` beside a `.`; markup a `<`, `=` or `:`) only these look at them:
    /// the SQL scanner after a quote (`mayStartAfterQuote`) and after a `;` (`mayStartAfterSemicolon`), the shell scanner
    /// after a `;` (`commandFollows`) and, for a `.`, its path signatures, of which those such a text can hold all have
    /// `.exe` (`cmd.exe`, `powershell.exe`). Each is asked at each of its bytes, by the scanners' own functions.
    static func punctuationIsInert(_ text: ScanText) -> Bool {
        var next = 0
        while let index = text.firstIndex(ofAny: UInt8(ascii: "'"), UInt8(ascii: "."), UInt8(ascii: ";"), from: next) {
            switch text[index] {
            case UInt8(ascii: "'"):
                if SQLInjectionScanner.mayStartAfterQuote(text, index) { return false }
            case UInt8(ascii: "."):
                if text.matches("exe", at: index + 1) { return false }
            default:
                if SQLInjectionScanner.mayStartAfterSemicolon(text, index) || ShellInjectionScanner.commandFollows(text, separator: index) {
                    return false
                }
            }
            next = index + 1
        }
        return true
    }

    /// Scans raw bytes: invalid UTF-8 first, then the string rules.
    public func scan(bytes: UnsafeBufferPointer<UInt8>) -> SanitizationFinding? {
        if isEnabled(.invalidUTF8), let offset = firstInvalidUTF8Index(bytes) {
            return SanitizationFinding(.invalidUTF8, "invalid UTF-8 sequence", offset: offset)
        }
        return scanValidUTF8(bytes: bytes)
    }

    /// The string rules over bytes already known to be valid UTF-8.
    private func scanValidUTF8(bytes: UnsafeBufferPointer<UInt8>, firstTest: Bool = true) -> SanitizationFinding? {
        if firstTest, isCertainlyClean(validUTF8: bytes) { return nil }
        let text = ScanText(bytes: bytes)
        // Only character rules on (the strings a schema constrains): the character scanner decides alone.
        if !needsDecodedPass { return CharacterScanner.scan(text, policy: self) }
        // One pass classifies the bytes; the character scanner runs only when a control byte or `%` is there.
        let triggers = TriggerSet(text)
        if triggers.hasAny(TriggerSet.control | TriggerSet.percent), let finding = CharacterScanner.scan(text, policy: self) { return finding }
        if let finding = injection(text, triggers: triggers) { return finding }
        if triggers.hasAny(TriggerSet.percent), needsDecodedPass {
            let decoded = Self.lenientPercentDecode(text)
            return decoded.withUnsafeBufferPointer { buffer -> SanitizationFinding? in
                let decodedText = ScanText(bytes: buffer)
                guard var finding = injection(decodedText, triggers: TriggerSet(decodedText)) else { return nil }
                finding.reason += " (percent-encoded)"
                finding.offset = nil
                return finding
            }
        }
        return nil
    }

    /// `scan(validUTF8:)` without its first test (`isCertainlyClean`: the character search, or the prose pass): for the
    /// tests that compare the two, and after `isCertainlyClean` said false (the test would only repeat).
    func scanAfterFirstTest(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> SanitizationFinding? {
        scanValidUTF8(bytes: bytes, firstTest: false)
    }

    /// `scan(bytes:)` with its first test (`isCertainlyClean`: the character search, or the prose pass with its looks at
    /// gate words and punctuation) and without it, for the fuzz target `sanitizer`, which checks that both find the same.
    /// Nil for bytes that are not valid UTF-8 (the first test only ever sees valid UTF-8).
    @_spi(Fuzzing) public func findingsWithAndWithoutFirstTest(validUTF8 bytes: UnsafeBufferPointer<UInt8>)
        -> (with: SanitizationFinding?, without: SanitizationFinding?)? {
        guard firstInvalidUTF8Index(bytes) == nil else { return nil }
        return (scanValidUTF8(bytes: bytes), scanValidUTF8(bytes: bytes, firstTest: false))
    }

    /// Scans raw bytes held in an array.
    public func scan(bytes: [UInt8]) -> SanitizationFinding? {
        bytes.withUnsafeBufferPointer { scan(bytes: $0) }
    }

    /// Every finding for a value, one per rule (for reports and tests; the hot path uses `scan`).
    public func findings(_ value: String) -> [SanitizationFinding] {
        var results: [SanitizationFinding] = []
        var remaining = enabledRules
        while let finding = SanitizationPolicy(enabledRules: remaining).scan(value) {
            results.append(finding)
            remaining.remove(finding.rule)
        }
        return results
    }

    // MARK: Keys, names, headers

    /// Scans an object key: prototype pollution, NoSQL operators, then the string rules.
    public func scanKey(_ key: String) -> SanitizationFinding? {
        let keyFinding = key.withUTF8Bytes { KeyScanner.scanKey(ScanText(bytes: $0), policy: self) }
        return keyFinding ?? scan(key)
    }

    /// Scans a parameter name that may be structured (`a[b][c]`, `a.b`): each segment is a key.
    public func scanParameterName(_ name: String) -> SanitizationFinding? {
        let keyFinding = name.withUTF8Bytes { KeyScanner.scanName(ScanText(bytes: $0), policy: self) }
        return keyFinding ?? scan(name)
    }

    /// Scans a header value: CR/LF first, then NUL and control characters.
    /// (Injection signatures are not applied to headers by default: `User-Agent` and `Accept`
    /// hold `;`, `(` and `/` routinely; apply `scan` to header parameters the spec declares.)
    public func scanHeaderValue(_ value: String) -> SanitizationFinding? {
        return value.withUTF8Bytes { buffer -> SanitizationFinding? in
            guard CharacterScanner.mayFind(in: buffer) else { return nil }
            let text = ScanText(bytes: buffer)
            if isEnabled(.headerLineBreak), let finding = CharacterScanner.scanHeaderValue(text) { return finding }
            return CharacterScanner.scan(text, policy: self)
        }
    }

    // MARK: Internals

    /// SQL words that make a string worth the SQL scanner even without quotes, `;`, `=` or parentheses: the word
    /// signatures that need none of those (`UNION SELECT`, `WAITFOR DELAY`, `INTO OUTFILE`, the system objects).
    /// Some stand for a longer word that holds them, chosen so their first two bytes are rare in prose (the
    /// search looks at pairs first): `n_schema` for `information_schema` (whose `in` sent nearly every sentence
    /// to the byte-by-byte search), `tfile` and `pfile` for `outfile` and `dumpfile`, `l_http` for `utl_http`,
    /// `s_pipe` for `dbms_pipe`.
    static let sqlWordSignatures: [StaticString] = [
        "union", "waitfor", "n_schema", "xp_cmdshell", "@@version", "sysobjects", "syscolumns", "l_http", "s_pipe", "tfile", "pfile",
    ]
    /// (`SQLInjectionScanner.mayFindNearTriggers` searches these, with `like` when the text may hold a tautology's
    /// operand: `or 1 like 1` has no quote and no `=`.)
    static let sqlWords = SignatureSet(sqlWordSignatures)

    private var needsDecodedPass: Bool {
        isEnabled(.sqlInjection) || isEnabled(.markupInjection) || isEnabled(.pathTraversal) || isEnabled(.shellInjection)
    }

    private func injection(_ text: ScanText, triggers: TriggerSet) -> SanitizationFinding? {
        // Prose of letters, digits, spaces and commas only ("Ada Lovelace", "gift wrap please, ribbon in blue"): every
        // scanner but the SQL one needs a trigger byte (path traversal `%`, `.` or `/`; markup `<`, `=` or `:`; shell
        // `$`, a backtick, `;`, `|`, `&`, `/`, `.` or `-`), so only the SQL gate words can match. (`scanValidUTF8`'s prose
        // pass relies on this, and `punctuationIsInert` on what each rule does with `'`, `.` and `;`: a rule that could
        // match such prose without a gate word, or at those bytes otherwise, needs them changed with it.)
        if triggers.bits & ~(TriggerSet.letters | TriggerSet.digit) == 0 {
            guard isEnabled(.sqlInjection), triggers.hasAny(TriggerSet.letters) else { return nil }
            return SQLInjectionScanner.scan(text, triggers: triggers)
        }
        if isEnabled(.pathTraversal), let finding = PathTraversalScanner.scan(text, triggers: triggers) { return finding }
        if isEnabled(.markupInjection), triggers.hasAny(TriggerSet.angle | TriggerSet.equals | TriggerSet.colon),
            let finding = MarkupInjectionScanner.scan(text, triggers: triggers)
        {
            return finding
        }
        // (Every SQL signature holds a letter; which text is worth the token scan, the scanner decides from the triggers.)
        if isEnabled(.sqlInjection), triggers.hasAny(TriggerSet.letters), let finding = SQLInjectionScanner.scan(text, triggers: triggers) {
            return finding
        }
        if isEnabled(.shellInjection), let finding = ShellInjectionScanner.scan(text, triggers: triggers) { return finding }
        return nil
    }

    /// Percent-decodes what decodes (invalid escapes stay as they are), for the second pass.
    static func lenientPercentDecode(_ text: ScanText) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "%"), index + 2 < text.count, let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(text[index] == UInt8(ascii: "+") ? 0x20 : text[index])
                index += 1
            }
        }
        return output
    }
}
