import Documents

/// Small string formats: `uuid`, `regex`, and the OpenAPI `byte`.
enum SimpleStringFormats {
    /// RFC 4122 textual form: 8-4-4-4-12 hex digits, any case.
    static func isUUID(_ value: String) -> Bool {
        value.withUTF8Bytes { isUUID(bytes: $0) }
    }

    /// `isUUID` over the UTF-8 bytes of a string (the body walk checks ASCII strings in place with it).
    static func isUUID(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 36 else { return false }
        for (position, byte) in bytes.enumerated() {
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard IPAddressFormats.isHexDigit(byte) else { return false }
            }
        }
        return true
    }

    /// Valid ECMA-262 (Unicode mode) syntax; constructs PCRE2 cannot run still count as valid syntax.
    static func isRegex(_ value: String) -> Bool {
        ECMARegex.isValidSyntax(value)
    }

    /// RFC 4648 §4 base64 with padding (length a multiple of 4, `=` only at the end).
    static func isBase64(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count % 4 == 0 else { return false }
        let padding = bytes.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { return false }
        return bytes.dropLast(padding).allSatisfy { byte in
            URIFormats.isAlpha(byte) || URIFormats.isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
    }
}
