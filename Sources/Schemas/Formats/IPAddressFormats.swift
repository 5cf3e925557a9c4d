/// `ipv4` (dotted decimal, no leading zeros) and `ipv6` (RFC 4291 text forms, no zone id).
enum IPAddressFormats {
    static func isIPv4(_ value: String) -> Bool {
        isIPv4(Array(value.utf8)[...])
    }

    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            if part.count > 1, part.first == UInt8(ascii: "0") { return false }
            let value = part.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard value <= 255 else { return false }
        }
        return true
    }

    static func isIPv6(_ value: String) -> Bool {
        isIPv6(Array(value.utf8)[...])
    }

    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 45 else { return false }
        let colon = UInt8(ascii: ":")
        var doubleColon: Int? = nil
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            if bytes[index] == colon, bytes[index + 1] == colon {
                guard doubleColon == nil else { return false }
                doubleColon = index
                index += 2
                continue
            }
            index += 1
        }
        guard let doubleColon else { return pieceCount(bytes, allowIPv4: true) == 8 }
        let head = bytes[bytes.startIndex..<doubleColon]
        let tail = bytes[(doubleColon + 2)...]
        guard let headCount = head.isEmpty ? 0 : pieceCount(head, allowIPv4: false),
              let tailCount = tail.isEmpty ? 0 : pieceCount(tail, allowIPv4: true) else { return false }
        return headCount + tailCount <= 7
    }

    /// Counts 16-bit pieces in colon-separated hex groups (an IPv4 tail counts two); nil when malformed.
    private static func pieceCount(_ bytes: ArraySlice<UInt8>, allowIPv4: Bool) -> Int? {
        let groups = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var count = 0
        for (position, group) in groups.enumerated() {
            if allowIPv4, position == groups.count - 1, group.contains(UInt8(ascii: ".")) {
                guard isIPv4(group) else { return nil }
                count += 2
                continue
            }
            guard (1...4).contains(group.count), group.allSatisfy(isHexDigit) else { return nil }
            count += 1
        }
        return count
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
