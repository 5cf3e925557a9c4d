import Documents
import func Validation.asciiLowercase
import struct Validation.HTTPHeaders

/// Header handling at the proxy boundary (RFC 9110 §7.6.1): hop-by-hop fields are consumed here and
/// never forwarded; `X-Forwarded-*` fields describe the client to the upstream.
enum HopByHopHeaders {
    /// Fields that only concern one connection.
    static let fixed = ["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"]

    /// True when a `Connection` value holds only the `keep-alive` and `close` options (any case), which name no
    /// header field; reads the bytes in place.
    static func namesOnlyConnectionOptions(_ value: String) -> Bool {
        if singleOption(value) != nil { return true }
        var onlyOptions = true
        forEachConnectionToken(value) { token in
            if !token.isEmpty, !equalsIgnoringCase(token, "keep-alive"), !equalsIgnoringCase(token, "close") { onlyOptions = false }
            return onlyOptions
        }
        return onlyOptions
    }

    /// RFC 9112 §9.3: an HTTP/1.1 connection persists unless `close` is listed, an HTTP/1.0 one only with
    /// `keep-alive`.
    static func keepsAlive(minorVersion: Int, headers: HTTPHeaders) -> Bool {
        var close = false, keepAlive = false
        headers.withFields { fields in
            for index in fields.indices where fields[index].nameClass.exact == .connection {
                switch singleOption(fields[index].value) {
                case .close: close = true; continue
                case .keepAlive: keepAlive = true; continue
                case nil: break
                }
                forEachConnectionToken(fields[index].value) { token in
                    if equalsIgnoringCase(token, "close") { close = true }
                    if equalsIgnoringCase(token, "keep-alive") { keepAlive = true }
                    return true
                }
            }
        }
        if close { return false }
        return minorVersion >= 1 || keepAlive
    }

    enum SingleOption { case keepAlive, close }

    /// `value` when it is just one of the options `keep-alive` or `close` (any case, nothing around it), as nearly
    /// every `Connection` field is, compared whole instead of split into tokens; nil for any other value.
    @inline(__always)
    static func singleOption(_ value: String) -> SingleOption? {
        value.withUTF8Bytes { bytes -> SingleOption? in
            switch bytes.count {
            case 10: return equalsIgnoringCase(bytes, "keep-alive") ? .keepAlive : nil
            case 5: return equalsIgnoringCase(bytes, "close") ? .close : nil
            default: return nil
            }
        }
    }

    /// Each comma-separated token of a `Connection` value, spaces and tabs trimmed (empty ones too), read in
    /// place; `body` returns false to stop.
    static func forEachConnectionToken(_ value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        value.withUTF8Bytes { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                var low = start, high = end
                while low < high, bytes[low] == UInt8(ascii: " ") || bytes[low] == UInt8(ascii: "\t") { low += 1 }
                while high > low, bytes[high - 1] == UInt8(ascii: " ") || bytes[high - 1] == UInt8(ascii: "\t") { high -= 1 }
                guard body(UnsafeBufferPointer(rebasing: bytes[low..<high])) else { return }
                start = end + 1
            }
        }
    }

    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            for index in 0..<bytes.count where asciiLowercase(bytes[index]) != expected[index] { return false }
            return true
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
