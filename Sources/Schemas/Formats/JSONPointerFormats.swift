/// RFC 6901 `json-pointer` and draft `relative-json-pointer`.
enum JSONPointerFormats {
    static func isJSONPointer(_ value: String) -> Bool {
        isPointer(Array(value.utf8)[...])
    }

    private static func isPointer(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        guard first == UInt8(ascii: "/") else { return false }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "~") {
                guard index + 1 < bytes.endIndex, bytes[index + 1] == UInt8(ascii: "0") || bytes[index + 1] == UInt8(ascii: "1") else {
                    return false
                }
            }
            index += 1
        }
        return true
    }

    /// A non-negative integer without leading zeros, then `#` or a JSON Pointer.
    static func isRelativeJSONPointer(_ value: String) -> Bool {
        let bytes = Array(value.utf8)[...]
        let digitsEnd = bytes.firstIndex { !URIFormats.isDigit($0) } ?? bytes.endIndex
        let digits = bytes[bytes.startIndex..<digitsEnd]
        guard !digits.isEmpty, digits.count == 1 || digits.first != UInt8(ascii: "0") else { return false }
        let rest = bytes[digitsEnd...]
        if rest.count == 1, rest.first == UInt8(ascii: "#") { return true }
        return isPointer(rest)
    }
}
