/// RFC 6570 `uri-template` syntax (all four levels).
enum URITemplateFormat {
    static func isURITemplate(_ value: String) -> Bool {
        let bytes = Array(value.utf8)[...]
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "{") {
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")),
                      isExpression(bytes[(index + 1)..<close]) else { return false }
                index = close + 1
                continue
            }
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, IPAddressFormats.isHexDigit(bytes[index + 1]),
                      IPAddressFormats.isHexDigit(bytes[index + 2]) else { return false }
                index += 3
                continue
            }
            guard isLiteral(byte) else { return false }
            index += 1
        }
        return true
    }

    /// Literals: anything but controls, space, DEL and `"` `<` `>` `\` `^` `` ` `` `{` `|` `}` (`%` is handled by the caller).
    private static func isLiteral(_ byte: UInt8) -> Bool {
        if byte >= 0x80 { return true }
        if byte <= 0x20 || byte == 0x7F { return false }
        return !"\"<>\\^`{|}".utf8.contains(byte)
    }

    private static func isExpression(_ body: ArraySlice<UInt8>) -> Bool {
        var list = body
        if let first = list.first, "+#./;?&=,!@|".utf8.contains(first) {
            // `=,!@|` are reserved for future extensions and therefore invalid.
            guard "+#./;?&".utf8.contains(first) else { return false }
            list = list.dropFirst()
        }
        let specs = list.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        return specs.allSatisfy(isVariableSpec)
    }

    private static func isVariableSpec(_ spec: ArraySlice<UInt8>) -> Bool {
        var name = spec
        if spec.last == UInt8(ascii: "*") {
            name = spec.dropLast()
        } else if let colon = spec.firstIndex(of: UInt8(ascii: ":")) {
            let length = spec[(colon + 1)...]
            guard (1...4).contains(length.count), length.allSatisfy(URIFormats.isDigit),
                  length.first != UInt8(ascii: "0") else { return false }
            name = spec[spec.startIndex..<colon]
        }
        guard !name.isEmpty, name.first != UInt8(ascii: "."), name.last != UInt8(ascii: ".") else { return false }
        var index = name.startIndex
        var previousWasDot = false
        while index < name.endIndex {
            let byte = name[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < name.endIndex, IPAddressFormats.isHexDigit(name[index + 1]),
                      IPAddressFormats.isHexDigit(name[index + 2]) else { return false }
                index += 3; previousWasDot = false
                continue
            }
            if byte == UInt8(ascii: ".") {
                guard !previousWasDot else { return false }
                previousWasDot = true
            } else {
                guard URIFormats.isAlpha(byte) || URIFormats.isDigit(byte) || byte == UInt8(ascii: "_") else { return false }
                previousWasDot = false
            }
            index += 1
        }
        return true
    }
}
