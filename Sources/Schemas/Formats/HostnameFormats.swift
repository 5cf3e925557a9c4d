import Documents
/// `hostname` (RFC 1123, with A-labels checked as IDNA2008) and `idn-hostname` (RFC 5890/5891/5892/5893).
enum HostnameFormats {
    static func isHostname(_ value: String) -> Bool {
        plainHostnameVerdict(value) ?? isHostnameByLabels(value)
    }

    /// The full check: labels split out, A-labels decoded and checked as IDNA2008.
    static func isHostnameByLabels(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        var unicodeLabels: [[Unicode.Scalar]] = []
        for label in labels {
            guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                  label.allSatisfy({ URIFormats.isAlpha($0) || URIFormats.isDigit($0) || $0 == UInt8(ascii: "-") }) else {
                return false
            }
            guard let decoded = decodeIfALabel(label) else { return false }
            unicodeLabels.append(decoded)
        }
        return IDNA.isValidDomain(unicodeLabels)
    }

    /// The verdict for a hostname none of whose labels can be an A-label (no `--` at the third and fourth
    /// character), read in one pass without building labels: such a name is all ASCII letters, digits and
    /// hyphens, so IDNA has nothing more to check. Nil when some label might be an A-label.
    static func plainHostnameVerdict(_ value: String) -> Bool? {
        // Over the bytes in place (a generic walk of `String.UTF8View` cost some 50 instructions a byte).
        value.withUTF8Bytes { plainHostnameVerdict(bytes: $0) }
    }

    static func plainHostnameVerdict(bytes utf8: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !utf8.isEmpty, utf8.count <= 253 else { return false }
        var length = 0
        var last: UInt8 = 0
        var thirdIsHyphen = false
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                guard length >= 1, last != UInt8(ascii: "-") else { return false }
                length = 0
                continue
            }
            guard URIFormats.isAlpha(byte) || URIFormats.isDigit(byte) || byte == UInt8(ascii: "-") else { return false }
            if length == 0, byte == UInt8(ascii: "-") { return false }
            if length == 2 { thirdIsHyphen = byte == UInt8(ascii: "-") }
            if length == 3, thirdIsHyphen, byte == UInt8(ascii: "-") { return nil }
            length += 1
            guard length <= 63 else { return false }
            last = byte
        }
        return length >= 1 && last != UInt8(ascii: "-")
    }

    /// The label's Unicode form: decoded Punycode for `xn--` labels, the label itself otherwise; nil when invalid.
    private static func decodeIfALabel(_ label: ArraySlice<UInt8>) -> [Unicode.Scalar]? {
        let scalars = label.map { Unicode.Scalar($0) }
        guard label.count >= 4, label[label.startIndex + 2] == UInt8(ascii: "-"),
              label[label.startIndex + 3] == UInt8(ascii: "-") else { return scalars }
        let prefix = String(decoding: label.prefix(2), as: UTF8.self).lowercased()
        guard prefix == "xn", let decoded = Punycode.decode(label.dropFirst(4)), !decoded.isEmpty,
              !decoded.allSatisfy({ $0.isASCII }) else { return nil }
        return decoded
    }

    static func isIDNHostname(_ value: String) -> Bool {
        let separators: Set<UInt32> = [0x2E, 0x3002, 0xFF0E, 0xFF61]
        let scalars = Array(value.unicodeScalars)
        guard !scalars.isEmpty else { return false }
        let labels = scalars.split(omittingEmptySubsequences: false) { separators.contains($0.value) }
        var unicodeLabels: [[Unicode.Scalar]] = []
        var totalLength = labels.count - 1
        for label in labels {
            guard !label.isEmpty else { return false }
            let labelScalars = Array(label)
            if labelScalars.allSatisfy({ $0.isASCII }) {
                let bytes = labelScalars.map { UInt8($0.value) }
                guard bytes.count <= 63, bytes.allSatisfy({ URIFormats.isAlpha($0) || URIFormats.isDigit($0) || $0 == UInt8(ascii: "-") }),
                      bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-"),
                      let decoded = decodeIfALabel(bytes[...]) else { return false }
                unicodeLabels.append(decoded)
                totalLength += bytes.count
            } else {
                let encodedLength = Punycode.encodedLength(labelScalars)
                guard encodedLength <= 63 else { return false }
                unicodeLabels.append(labelScalars)
                totalLength += encodedLength
            }
        }
        return totalLength <= 253 && IDNA.isValidDomain(unicodeLabels)
    }
}
