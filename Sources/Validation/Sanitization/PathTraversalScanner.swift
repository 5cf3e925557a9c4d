/// Path traversal signatures.
///
/// `../` is a signature when it climbs (`../../`), sits inside a path (`/var/www/../x`),
/// makes up a whole path-like value (`../secret.txt`, no spaces), is encoded
/// (`%2e%2e%2f`, `..%2f`, `%252e`, overlong `%c0%ae`), or reaches a well-known system file.
/// A sentence that mentions "../" or a markdown link to one level up is ordinary text.
enum PathTraversalScanner {
    /// Targets that make a `../` an attack.
    static let sensitiveFiles: [StaticString] = [
        "etc/passwd", "etc/shadow", "etc/group", "etc/hosts", "proc/self/", "windows/win.ini", "win.ini", "boot.ini",
        "windows/system32", ".ssh/id_rsa", ".aws/credentials", ".htpasswd",
    ]

    /// Files whose mere absolute path is an attack signature (not `/etc/hosts` or
    /// `C:\Windows\System32`, which ordinary support requests mention).
    static let absoluteSensitiveFiles: [StaticString] = [
        "etc/passwd", "etc/shadow", "proc/self/", "win.ini", "boot.ini", ".ssh/id_rsa", ".aws/credentials", ".htpasswd",
    ]

    static func scan(_ text: ScanText, triggers: TriggerSet) -> SanitizationFinding? {
        if triggers.hasAny(TriggerSet.percent), let finding = encoded(text) { return finding }
        if triggers.hasAny(TriggerSet.dot), triggers.hasAny(TriggerSet.slash), let finding = dotDot(text) { return finding }
        if triggers.hasAny(TriggerSet.slash), let finding = sensitive(text) { return finding }
        return nil
    }

    /// Encoded dots or slashes next to dots: never in ordinary text.
    static func encoded(_ text: ScanText) -> SanitizationFinding? {
        for signature in ["%2e%2e", "%2e.", ".%2e", "..%2f", "..%5c", "%252e", "%c0%ae", "%c0%af", "%c1%9c", "%e0%80%ae", "..%255c", "..%252f"] as [StaticString] {
            if let offset = text.find(signature) {
                return SanitizationFinding(.pathTraversal, "percent-encoded dot-dot segment", offset: offset)
            }
        }
        return nil
    }

    static func isSlash(_ text: ScanText, _ index: Int) -> Bool { text.isAny(index, "/\\") }

    /// Is there a `..` segment at `index` (`..` followed by a slash, not part of `...`)?
    static func isDotDotSegment(_ text: ScanText, _ index: Int) -> Bool {
        text.lower(index) == UInt8(ascii: ".") && text.lower(index + 1) == UInt8(ascii: ".") && isSlash(text, index + 2)
            && text.lower(index - 1) != UInt8(ascii: ".")
    }

    static func dotDot(_ text: ScanText) -> SanitizationFinding? {
        var hasSpace = false
        for index in 0..<text.count where text.isSpace(at: index) {
            hasSpace = true
            break
        }
        var index = 0
        while index + 2 < text.count {
            defer { index += 1 }
            // `....//` survives a filter that strips `../` once.
            if text.matches("....//", at: index) || text.matches("....\\\\", at: index) {
                return SanitizationFinding(.pathTraversal, "filter-evading dot-dot sequence", offset: index)
            }
            guard isDotDotSegment(text, index) else { continue }
            if isDotDotSegment(text, index + 3) {
                return SanitizationFinding(.pathTraversal, "repeated ../ segments", offset: index)
            }
            if isSlash(text, index - 1) && index >= 2 && !text.isSpace(at: index - 2) {
                return SanitizationFinding(.pathTraversal, "../ inside a path", offset: index)
            }
            if index == 0 && !hasSpace {
                return SanitizationFinding(.pathTraversal, "relative path leaving its directory", offset: index)
            }
            for file in sensitiveFiles where text.matches(file, at: index + 3) {
                return SanitizationFinding(.pathTraversal, "../ to a system file", offset: index)
            }
        }
        return nil
    }

    /// Absolute references to well-known system files (`/etc/passwd`, `C:\Windows\win.ini`).
    static func sensitive(_ text: ScanText) -> SanitizationFinding? {
        var index = 0
        while index < text.count {
            defer { index += 1 }
            guard isSlash(text, index) else { continue }
            for file in absoluteSensitiveFiles {
                let length = file.utf8CodeUnitCount
                var matched = index + 1 + length <= text.count
                if matched {
                    matched = file.withUTF8Buffer { letters in
                        for offset in 0..<length {
                            let expected = letters[offset]
                            let actual = text.lower(index + 1 + offset)
                            if expected == UInt8(ascii: "/") ? !isSlash(text, index + 1 + offset) : actual != expected { return false }
                        }
                        return true
                    }
                }
                if matched && (index + 1 + length == text.count || !text.isWordByte(at: index + 1 + length) || file.utf8CodeUnitCount > 0 && text.lower(index + length) == UInt8(ascii: "/")) {
                    return SanitizationFinding(.pathTraversal, "reference to a system file", offset: index)
                }
            }
        }
        return nil
    }
}
