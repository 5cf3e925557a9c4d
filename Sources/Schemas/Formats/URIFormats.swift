/// RFC 3986 `uri` / `uri-reference` and RFC 3987 `iri` / `iri-reference`, checked structurally.
enum URIFormats {
    static func isURI(_ value: String) -> Bool { isReference(Array(value.utf8)[...], requireScheme: true, allowUnicode: false) }
    static func isURIReference(_ value: String) -> Bool { isReference(Array(value.utf8)[...], requireScheme: false, allowUnicode: false) }
    static func isIRI(_ value: String) -> Bool { isReference(Array(value.utf8)[...], requireScheme: true, allowUnicode: true) }
    static func isIRIReference(_ value: String) -> Bool { isReference(Array(value.utf8)[...], requireScheme: false, allowUnicode: true) }

    private static func isReference(_ bytes: ArraySlice<UInt8>, requireScheme: Bool, allowUnicode: Bool) -> Bool {
        var rest = bytes
        if let fragmentStart = rest.firstIndex(of: UInt8(ascii: "#")) {
            guard allChars(rest[(fragmentStart + 1)...], allowUnicode: allowUnicode, extra: "/?:@") else { return false }
            rest = rest[rest.startIndex..<fragmentStart]
        }
        if let queryStart = rest.firstIndex(of: UInt8(ascii: "?")) {
            guard allChars(rest[(queryStart + 1)...], allowUnicode: allowUnicode, extra: "/?:@") else { return false }
            rest = rest[rest.startIndex..<queryStart]
        }
        let firstDelimiter = rest.firstIndex { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") }
        var hasScheme = false
        if let colon = firstDelimiter, rest[colon] == UInt8(ascii: ":") {
            // A colon before any slash: either a scheme, or (for relative references) an invalid first segment.
            guard isScheme(rest[rest.startIndex..<colon]) else { return false }
            hasScheme = true
            rest = rest[(colon + 1)...]
        }
        if requireScheme && !hasScheme { return false }
        if rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            let afterSlashes = rest.dropFirst(2)
            let authorityEnd = afterSlashes.firstIndex(of: UInt8(ascii: "/")) ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[afterSlashes.startIndex..<authorityEnd], allowUnicode: allowUnicode) else {
                return false
            }
            rest = afterSlashes[authorityEnd...]
        }
        return allChars(rest, allowUnicode: allowUnicode, extra: "/:@")
    }

    private static func isScheme(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, isAlpha(first) else { return false }
        return bytes.allSatisfy { isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    private static func isAuthority(_ bytes: ArraySlice<UInt8>, allowUnicode: Bool) -> Bool {
        var hostAndPort = bytes
        if let at = bytes.firstIndex(of: UInt8(ascii: "@")) {
            guard allChars(bytes[bytes.startIndex..<at], allowUnicode: allowUnicode, extra: ":") else { return false }
            hostAndPort = bytes[(at + 1)...]
        }
        var portPart: ArraySlice<UInt8> = []
        var host = hostAndPort
        if hostAndPort.first == UInt8(ascii: "[") {
            guard let close = hostAndPort.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = hostAndPort[(hostAndPort.startIndex + 1)..<close]
            guard isIPLiteral(literal) else { return false }
            let afterHost = hostAndPort[(close + 1)...]
            if !afterHost.isEmpty {
                guard afterHost.first == UInt8(ascii: ":") else { return false }
                portPart = afterHost.dropFirst()
            }
            host = []
        } else if let colon = hostAndPort.lastIndex(of: UInt8(ascii: ":")) {
            host = hostAndPort[hostAndPort.startIndex..<colon]
            portPart = hostAndPort[(colon + 1)...]
        }
        guard portPart.allSatisfy(isDigit) else { return false }
        return allChars(host, allowUnicode: allowUnicode, extra: "")
    }

    private static func isIPLiteral(_ bytes: ArraySlice<UInt8>) -> Bool {
        if let first = bytes.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") {
            guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return false }
            let version = bytes[(bytes.startIndex + 1)..<dot]
            let rest = bytes[(dot + 1)...]
            return !version.isEmpty && version.allSatisfy(IPAddressFormats.isHexDigit)
                && !rest.isEmpty && rest.allSatisfy { isUnreserved($0) || isSubDelimiter($0) || $0 == UInt8(ascii: ":") }
        }
        return IPAddressFormats.isIPv6(bytes)
    }

    /// True when every byte is unreserved, a sub-delimiter, one of `extra`, a valid `%HH`,
    /// or (for IRIs) part of a non-ASCII character.
    static func allChars(_ bytes: ArraySlice<UInt8>, allowUnicode: Bool, extra: String) -> Bool {
        let extraBytes = Array(extra.utf8)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, IPAddressFormats.isHexDigit(bytes[index + 1]),
                      IPAddressFormats.isHexDigit(bytes[index + 2]) else { return false }
                index += 3
                continue
            }
            let allowed = isUnreserved(byte) || isSubDelimiter(byte) || extraBytes.contains(byte) || (allowUnicode && byte >= 0x80)
            guard allowed else { return false }
            index += 1
        }
        return true
    }

    static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isUnreserved(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }
    static func isSubDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: "="): return true
        default: return false
        }
    }
}
