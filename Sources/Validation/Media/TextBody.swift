import Documents

/// Decoding of `text/*` bodies by their `charset` parameter.
public enum TextBody {
    /// Why a text body could not be decoded.
    public enum DecodingError: Error, Sendable, Hashable {
        /// The bytes are not valid in the declared (or default UTF-8) charset; offset of the first bad byte.
        case invalidBytes(offset: Int)
        /// A charset this reader does not know.
        case unsupportedCharset(String)
    }

    /// Whether `charset` names UTF-8 or its ASCII subset: the one encoding forms, multipart bodies and their text parts
    /// are read in (a service that honours another charset there reads other characters than were checked).
    public static func isUTF8(charset: String) -> Bool {
        ["utf-8", "utf8", "us-ascii"].contains(charset.lowercased())
    }

    /// Whether `charset` is a single-byte charset whose bytes below 0x80 are ASCII (ISO-8859-1 to -16, Windows-1250 to
    /// -1258): text of ASCII bytes only reads the same in it as in UTF-8. Stateful and multi-byte charsets (ISO-2022,
    /// UTF-7, Shift_JIS, UTF-16) are not: their ASCII bytes can spell other characters.
    public static func isASCIICompatible(charset: String) -> Bool {
        let name = charset.lowercased()
        if ["latin1", "iso_8859-1", "l1", "cp819", "ibm819"].contains(name) { return true }
        for prefix in ["iso-8859-", "windows-125", "cp125"] where name.hasPrefix(prefix) {
            guard let number = Int(name.dropFirst(prefix.count)) else { return false }
            return prefix == "iso-8859-" ? (1...16).contains(number) && number != 12 : (0...8).contains(number)
        }
        return false
    }

    /// Decodes `bytes` as `charset` (utf-8 when nil; us-ascii and iso-8859-1 also known).
    public static func decode(_ bytes: [UInt8], charset: String?) -> Result<String, DecodingError> {
        switch (charset ?? "utf-8").lowercased() {
        case "utf-8", "utf8":
            if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
            let offset = bytes.withUnsafeBufferPointer { firstInvalidUTF8Index($0) } ?? 0
            return .failure(.invalidBytes(offset: offset))
        case "us-ascii", "ascii":
            if let bad = bytes.firstIndex(where: { $0 >= 0x80 }) { return .failure(.invalidBytes(offset: bad)) }
            return .success(String(decoding: bytes, as: UTF8.self))
        case "iso-8859-1", "latin1", "latin-1":
            var text = ""
            text.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
            return .success(text)
        case let other:
            return .failure(.unsupportedCharset(other))
        }
    }
}
