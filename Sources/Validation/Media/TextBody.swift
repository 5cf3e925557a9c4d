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
