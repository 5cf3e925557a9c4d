#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 network (`10.0.0.0/8`, `192.168.1.7`, `fd00::/8`), for `trusted-forwarders`: the peers whose
/// `X-Forwarded-*`, `Forwarded` and client-address fields the proxy passes on (a load balancer in front of it).
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The network's address: 4 bytes (IPv4) or 16 (IPv6).
    public let bytes: [UInt8]
    /// Leading bits that must match.
    public let prefixLength: Int

    /// `ADDRESS` or `ADDRESS/PREFIX`; nil when either part is malformed or the prefix is longer than the address.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let bytes = Self.addressBytes(String(first)) else { return nil }
        let maximum = bytes.count * 8
        var length = maximum
        if parts.count == 2 {
            // Digits only (`Int` also reads `+8`).
            guard !parts[1].isEmpty, parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(parts[1]),
                  (0...maximum).contains(value) else { return nil }
            length = value
        }
        self.bytes = bytes
        self.prefixLength = length
    }

    /// The 4 or 16 bytes of a textual IPv4 or IPv6 address (an IPv4-mapped IPv6 address gives its IPv4 bytes), or nil.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12..<16]) }
        return bytes
    }

    /// Whether `address` (4 or 16 bytes, as `addressBytes` gives) is in this network.
    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == bytes.count else { return false }
        var remaining = prefixLength
        for index in bytes.indices where remaining > 0 {
            let bits = min(remaining, 8)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if address[index] & mask != bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// Whether the textual address `peer` is in one of `ranges`.
    public static func anyContains(_ ranges: [AddressRange], peer: String) -> Bool {
        guard !ranges.isEmpty, let address = addressBytes(peer) else { return false }
        return ranges.contains { $0.contains(address) }
    }

    public var description: String {
        var copy = bytes
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let written = copy.withUnsafeMutableBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) }
        let address = written == nil ? "?" : String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(address)/\(prefixLength)"
    }
}
