/// Writes `JSONValue`s as JSON text. Numbers are written with their exact source text.
///
/// The text is built as UTF-8 bytes, and a string's bytes that need no escape are copied as whole runs (found sixteen
/// bytes at a time by `JSONStringScan`): the writer behind every log line, problem document and report appended one
/// Unicode scalar at a time to a `String` before, 122,500 instructions for the JSON of one access-log line of about
/// 300 bytes (callgrind), 13,300 after.
public enum JSONWriter {
    /// One-line JSON.
    public static func compact(_ value: JSONValue) -> String {
        String(decoding: compactBytes(value), as: UTF8.self)
    }

    /// One-line JSON as UTF-8 bytes (what `compact` returns as a string).
    public static func compactBytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, into: &output, indent: nil, level: 0)
        return output
    }

    /// Appends one-line JSON of `value` to `output` (several values into one buffer, without a buffer each).
    public static func writeCompact(_ value: JSONValue, into output: inout [UInt8]) {
        write(value, into: &output, indent: nil, level: 0)
    }

    /// `writeCompact` into a `ByteSink`.
    public static func writeCompact(_ value: JSONValue, into output: inout ByteSink) {
        write(value, into: &output, indent: nil, level: 0)
    }

    /// Indented JSON (two spaces), keys in document order.
    public static func pretty(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        write(value, into: &output, indent: Array("  ".utf8), level: 0)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write<Output: JSONByteOutput & ~Copyable>(_ value: JSONValue, into output: inout Output, indent: [UInt8]?, level: Int) {
        switch value.kind {
        case .null: appendLiteral("null", to: &output)
        case .bool(let flag): appendLiteral(flag ? "true" : "false", to: &output)
        case .number(let number): number.text.withUTF8Bytes { output.appendRun($0) }
        case .string(let text): writeQuoted(text, into: &output)
        case .array(let items):
            if items.isEmpty { appendLiteral("[]", to: &output); return }
            output.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(into: &output, indent: indent, level: level + 1)
                write(item, into: &output, indent: indent, level: level + 1)
            }
            newline(into: &output, indent: indent, level: level)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { appendLiteral("{}", to: &output); return }
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(into: &output, indent: indent, level: level + 1)
                writeQuoted(member.key, into: &output)
                appendLiteral(indent == nil ? ":" : ": ", to: &output)
                write(member.value, into: &output, indent: indent, level: level + 1)
            }
            newline(into: &output, indent: indent, level: level)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline<Output: JSONByteOutput & ~Copyable>(into output: inout Output, indent: [UInt8]?, level: Int) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        indent.withUnsafeBufferPointer { indent in
            for _ in 0..<level { output.appendRun(indent) }
        }
    }

    /// Writes a JSON string literal with the escapes RFC 8259 requires.
    public static func writeString(_ text: String, into output: inout String) {
        var bytes: [UInt8] = []
        writeString(text, into: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// Writes a JSON string literal with the escapes RFC 8259 requires, as UTF-8: `"` and `\` escaped, the control
    /// characters below U+0020 as `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`; everything else as it is.
    public static func writeString(_ text: String, into output: inout [UInt8]) {
        writeQuoted(text, into: &output)
    }

    /// `writeString` into a `ByteSink` (the problem documents and log lines written on every refused request).
    public static func writeString(_ text: String, into output: inout ByteSink) {
        writeQuoted(text, into: &output)
    }

    @inline(__always)
    private static func writeQuoted<Output: JSONByteOutput & ~Copyable>(_ text: String, into output: inout Output) {
        output.append(UInt8(ascii: "\""))
        // A native string's bytes in place (no copy, no uniqueness check); a bridged one's through a copy.
        if text.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, into: &output) }) == nil {
            var copy = text
            copy.withUTF8 { writeEscaped($0, into: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `bytes` (UTF-8) with the escapes of `writeString`, without the quotes.
    @inline(__always)
    private static func writeEscaped<Output: JSONByteOutput & ~Copyable>(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout Output) {
        var runStart = 0
        var index = 0
        while index < bytes.count {
            // Sixteen and eight bytes a step to the next quote, backslash, control or non-ASCII byte.
            index = JSONStringScan.plainPrefixEnd(bytes, from: index)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            if runStart < index { output.appendRun(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            index += 1
            runStart = index
            switch byte {
            case UInt8(ascii: "\""): appendLiteral("\\\"", to: &output)
            case UInt8(ascii: "\\"): appendLiteral("\\\\", to: &output)
            case 0x0A: appendLiteral("\\n", to: &output)
            case 0x0D: appendLiteral("\\r", to: &output)
            case 0x09: appendLiteral("\\t", to: &output)
            case 0x08: appendLiteral("\\b", to: &output)
            case 0x0C: appendLiteral("\\f", to: &output)
            default:
                let digits: StaticString = "0123456789abcdef"
                appendLiteral("\\u00", to: &output)
                output.append(digits.utf8Start[Int(byte >> 4)])
                output.append(digits.utf8Start[Int(byte & 0x0F)])
            }
        }
        if runStart < bytes.count { output.appendRun(UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
    }

    /// (Appending at each use instead made `writeString` large enough that its single-byte appends were no longer
    /// inlined: 2.6k instructions more per refused request, measured.)
    @inline(__always)
    private static func appendLiteral<Output: JSONByteOutput & ~Copyable>(_ text: StaticString, to output: inout Output) {
        output.appendRun(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

/// What `JSONWriter`'s string escaping writes into: an array of bytes, or a `ByteSink`.
protocol JSONByteOutput: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func appendRun(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: JSONByteOutput where Element == UInt8 {
    /// One byte as an element; more with `append(contentsOf:)`, which copies them in one go. Measured: appending runs
    /// of up to 16 bytes element by element cost a refused request 5k instructions more, not less (each element append
    /// checks uniqueness and capacity again).
    @inline(__always)
    mutating func appendRun(_ bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.count == 1, let byte = bytes.first {
            append(byte)
        } else {
            append(contentsOf: bytes)
        }
    }
}

extension ByteSink: JSONByteOutput {
    @inline(__always)
    mutating func appendRun(_ bytes: UnsafeBufferPointer<UInt8>) { append(bytes) }
}
