/// Request lines (`METHOD SP target SP HTTP/x.y`) and status lines (`HTTP/x.y SP 200 SP reason`).
enum HTTPStartLineParser {
    static func parse(_ bytes: [UInt8], _ line: Range<Int>) throws(HTTPFramingError) -> HTTPParsedMessage.StartLine {
        if hasHTTPPrefix(bytes, line) { return try statusLine(bytes, line) }
        return try requestLine(bytes, line)
    }

    static func requestLine(_ bytes: [UInt8], _ line: Range<Int>) throws(HTTPFramingError) -> HTTPParsedMessage.StartLine {
        let parts = split(bytes, line)
        guard parts.count == 3, let method = parts.first, let target = parts.second, let version = parts.third else {
            throw HTTPFramingError(.invalidRequestLine, at: line.lowerBound, "request line must be METHOD SP target SP version with single spaces")
        }
        guard !method.isEmpty, method.allSatisfy({ isTokenCharacter(bytes[$0]) }) else {
            throw HTTPFramingError(.invalidMethod, at: method.lowerBound, "method is not a token")
        }
        guard !target.isEmpty, target.allSatisfy({ bytes[$0] > 0x20 && bytes[$0] < 0x7F }) else {
            throw HTTPFramingError(.invalidTarget, at: target.lowerBound, "request target has a control, space or non-ASCII byte")
        }
        guard isVersion(bytes, version, allowMajorOnly: false) else {
            throw HTTPFramingError(.invalidVersion, at: version.lowerBound, "version must be HTTP/x.y")
        }
        return .request(method: commonText(bytes, method), target: text(bytes, target), version: commonText(bytes, version))
    }

    static func statusLine(_ bytes: [UInt8], _ line: Range<Int>) throws(HTTPFramingError) -> HTTPParsedMessage.StartLine {
        guard let firstSpace = line.first(where: { bytes[$0] == 0x20 }) else {
            throw HTTPFramingError(.invalidStatusLine, at: line.lowerBound, "status line has no status code")
        }
        let version = line.lowerBound..<firstSpace
        guard isVersion(bytes, version, allowMajorOnly: true) else {
            throw HTTPFramingError(.invalidVersion, at: version.lowerBound, "version must be HTTP/x.y")
        }
        let codeStart = firstSpace + 1
        guard line.upperBound - codeStart >= 3, (codeStart..<(codeStart + 3)).allSatisfy({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }),
            codeStart + 3 == line.upperBound || bytes[codeStart + 3] == 0x20
        else {
            throw HTTPFramingError(.invalidStatusLine, at: codeStart, "status code must be three digits")
        }
        let status = (codeStart..<(codeStart + 3)).reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) }
        let reasonStart = min(codeStart + 4, line.upperBound)
        for offset in reasonStart..<line.upperBound where bytes[offset] < 0x20 && bytes[offset] != 0x09 || bytes[offset] == 0x7F {
            throw HTTPFramingError(.invalidStatusLine, at: offset, "control character in the reason phrase")
        }
        return .response(version: commonText(bytes, version), status: status, reason: commonText(bytes, reasonStart..<line.upperBound))
    }

    /// `HTTP/1.1`, `HTTP/1.0`; for status lines also `HTTP/2` and `HTTP/3`, as `curl -i` prints them.
    static func isVersion(_ bytes: [UInt8], _ range: Range<Int>, allowMajorOnly: Bool) -> Bool {
        guard range.count >= 6, hasHTTPPrefix(bytes, range) else { return false }
        let rest = range.lowerBound + 5
        func digit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        if range.count == 6 { return allowMajorOnly && digit(bytes[rest]) }
        return range.count == 8 && digit(bytes[rest]) && bytes[rest + 1] == UInt8(ascii: ".") && digit(bytes[rest + 2])
    }

    /// The range starts with `HTTP/`.
    static func hasHTTPPrefix(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        range.count >= 5 && bytes[range.lowerBound] == UInt8(ascii: "H") && bytes[range.lowerBound + 1] == UInt8(ascii: "T")
            && bytes[range.lowerBound + 2] == UInt8(ascii: "T") && bytes[range.lowerBound + 3] == UInt8(ascii: "P")
            && bytes[range.lowerBound + 4] == UInt8(ascii: "/")
    }

    /// The parts of a line between single spaces: the first three and how many there are (no array).
    struct Parts {
        var count = 0
        var first: Range<Int>?
        var second: Range<Int>?
        var third: Range<Int>?

        mutating func append(_ part: Range<Int>) {
            switch count {
            case 0: first = part
            case 1: second = part
            case 2: third = part
            default: break
            }
            count += 1
        }
    }

    static func split(_ bytes: [UInt8], _ line: Range<Int>) -> Parts {
        var parts = Parts()
        var start = line.lowerBound
        for index in line where bytes[index] == 0x20 {
            parts.append(start..<index)
            start = index + 1
        }
        parts.append(start..<line.upperBound)
        return parts
    }

    static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// `text`, as a literal when the bytes are one of the usual methods, versions or reason phrases: making a string
    /// checks its bytes as UTF-8 (some 170 instructions), five times per proxied exchange; a literal is made at build
    /// time (see `HTTPByteReader.commonFieldName`). Only for exactly the literal's bytes.
    static func commonText(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        let literal = bytes.withUnsafeBufferPointer { buffer -> String? in
            @inline(__always)
            func holds(_ literal: StaticString) -> Bool { HTTPByteReader.holds(buffer, range, literal) }
            switch range.count {
            case 2: return holds("OK") ? "OK" : nil
            case 3: return holds("GET") ? "GET" : holds("PUT") ? "PUT" : nil
            case 4: return holds("POST") ? "POST" : holds("HEAD") ? "HEAD" : nil
            case 5: return holds("PATCH") ? "PATCH" : nil
            case 6: return holds("DELETE") ? "DELETE" : nil
            case 7: return holds("OPTIONS") ? "OPTIONS" : holds("Created") ? "Created" : nil
            case 8: return holds("HTTP/1.1") ? "HTTP/1.1" : holds("HTTP/1.0") ? "HTTP/1.0" : nil
            case 9: return holds("Not Found") ? "Not Found" : nil
            case 10: return holds("No Content") ? "No Content" : nil
            default: return nil
            }
        }
        return literal ?? text(bytes, range)
    }
}
