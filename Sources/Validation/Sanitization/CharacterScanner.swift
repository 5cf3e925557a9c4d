import CByteScan

/// Character-level rules: invalid UTF-8, NUL, control characters, header line breaks.
enum CharacterScanner {
    /// Whether `scan` or `scanHeaderValue` can find anything in `bytes`: both look only at C0 controls (CR and LF among
    /// them), DEL, 0xC2 and `%`, which one search finds (`sg_has_character_trigger`), so most texts are decided by it.
    @inline(__always)
    static func mayFind(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return sg_has_character_trigger(base, bytes.count) != 0
    }

    /// NUL (raw or `%00`) and control characters (C0 other than tab, LF, CR; DEL; C1 as UTF-8 `C2 80`–`C2 9F`).
    static func scan(_ text: ScanText, policy: SanitizationPolicy) -> SanitizationFinding? {
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == 0 {
                if policy.isEnabled(.nulCharacter) { return SanitizationFinding(.nulCharacter, "NUL character", offset: index) }
            } else if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D || byte == 0x7F {
                if policy.isEnabled(.controlCharacter) { return SanitizationFinding(.controlCharacter, "control character", offset: index) }
            } else if byte == 0xC2, index + 1 < text.count, text[index + 1] >= 0x80 && text[index + 1] <= 0x9F {
                if policy.isEnabled(.controlCharacter) { return SanitizationFinding(.controlCharacter, "C1 control character", offset: index) }
            } else if byte == UInt8(ascii: "%"), text.lower(index + 1) == UInt8(ascii: "0"), text.lower(index + 2) == UInt8(ascii: "0") {
                if policy.isEnabled(.nulCharacter) { return SanitizationFinding(.nulCharacter, "percent-encoded NUL", offset: index) }
            }
            index += 1
        }
        return nil
    }

    /// CR or LF in a header value, raw or percent-encoded (`%0d`, `%0a`).
    static func scanHeaderValue(_ text: ScanText) -> SanitizationFinding? {
        for index in 0..<text.count {
            let byte = text[index]
            if byte == 0x0D || byte == 0x0A {
                return SanitizationFinding(.headerLineBreak, "line break in a header value", offset: index)
            }
            if byte == UInt8(ascii: "%"), text.lower(index + 1) == UInt8(ascii: "0"), text.lower(index + 2) == UInt8(ascii: "d") || text.lower(index + 2) == UInt8(ascii: "a") {
                return SanitizationFinding(.headerLineBreak, "percent-encoded line break in a header value", offset: index)
            }
        }
        return nil
    }
}
