/// A credential value that never prints itself.
///
/// `description` and `debugDescription` are fixed text, so a secret interpolated
/// into a message, log line or test failure shows `<redacted>`.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The value, for the checks that need it (comparison, verification).
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
