/// `email` (RFC 5321 mailbox: dot-atom or quoted local part, hostname or address-literal domain)
/// and `idn-email` (RFC 6531: the same with Unicode allowed in the local part and an IDN domain).
enum EmailFormats {
    static func isEmail(_ value: String) -> Bool { isMailbox(value, international: false) }
    static func isIDNEmail(_ value: String) -> Bool { isMailbox(value, international: true) }
    /// `isEmail` over the UTF-8 bytes of a string (the body walk checks ASCII strings in place with it).
    static func isEmail(bytes: UnsafeBufferPointer<UInt8>) -> Bool { isMailbox(bytes: bytes, international: false) }

    private static func isMailbox(_ value: String, international: Bool) -> Bool {
        // The UTF-8 is read in place (no copy into an array): `email` fields are on many requests.
        value.withUTF8Bytes { isMailbox(bytes: $0, international: international) }
    }

    private static func isMailbox(bytes buffer: UnsafeBufferPointer<UInt8>, international: Bool) -> Bool {
        let bytes = buffer[...]
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[bytes.startIndex..<at]
        let domain = UnsafeBufferPointer(rebasing: bytes[(at + 1)...])
        guard !local.isEmpty, !domain.isEmpty, isLocalPart(local, international: international) else { return false }
        if domain.first == UInt8(ascii: "["), domain.last == UInt8(ascii: "]") {
            let literal = Array(domain).dropFirst().dropLast()
            let ipv6Prefix = Array("IPv6:".utf8)
            if literal.starts(with: ipv6Prefix) { return IPAddressFormats.isIPv6(literal.dropFirst(ipv6Prefix.count)) }
            return IPAddressFormats.isIPv4(literal)
        }
        if international { return HostnameFormats.isIDNHostname(String(decoding: domain, as: UTF8.self)) }
        // A plain domain (no label can be an A-label) decides over the bytes; the rest as a `String`.
        return HostnameFormats.plainHostnameVerdict(bytes: domain) ?? HostnameFormats.isHostnameByLabels(String(decoding: domain, as: UTF8.self))
    }

    private static func isLocalPart<Bytes: BidirectionalCollection<UInt8>>(_ local: Bytes, international: Bool) -> Bool where Bytes.Index == Int {
        if local.first == UInt8(ascii: "\""), local.count >= 2, local.last == UInt8(ascii: "\"") {
            var index = local.startIndex + 1
            let end = local.endIndex - 1
            while index < end {
                let byte = local[index]
                if byte == UInt8(ascii: "\\") {
                    guard index + 1 < end, local[index + 1] >= 0x20, local[index + 1] != 0x7F else { return false }
                    index += 2
                    continue
                }
                guard (byte >= 0x20 && byte != 0x7F && byte != UInt8(ascii: "\"")) || (international && byte >= 0x80) else {
                    return false
                }
                index += 1
            }
            return true
        }
        guard local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return false }
        var previousWasDot = false
        for byte in local {
            if byte == UInt8(ascii: ".") {
                guard !previousWasDot else { return false }
                previousWasDot = true
                continue
            }
            previousWasDot = false
            guard isAtomText(byte) || (international && byte >= 0x80) else { return false }
        }
        return true
    }

    private static func isAtomText(_ byte: UInt8) -> Bool {
        URIFormats.isAlpha(byte) || URIFormats.isDigit(byte) || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }
}
