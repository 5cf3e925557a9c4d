/// A credential value that never prints itself.
///
/// `description` and `debugDescription` are fixed text, so a secret interpolated
/// into a message, log line or test failure shows `<redacted>`.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The value, for the checks that need it (comparison, verification).
    public let value: String
    /// The bytes the credential arrived as: the value's UTF-8, or for a header value that was not UTF-8 its own bytes
    /// (`HTTPHeaderField.valueIsLatin1`), so a verifier hashes what the service receives.
    public let bytes: [UInt8]

    public init(_ value: String) {
        self.value = value
        self.bytes = Array(value.utf8)
    }

    /// A credential read from a header field, with the field's own bytes.
    public init(field: HTTPHeaderField) {
        self.value = field.value
        self.bytes = field.valueBytes
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
