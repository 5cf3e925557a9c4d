import Documents
import NIOCore
import Validation

/// The request the proxy sends upstream, serialized: the validated method and raw target unchanged, headers
/// minus hop-by-hop fields plus `X-Forwarded-*`, and the validated body (or the normalized one), framed with
/// `Content-Length`.
struct ForwardedRequest {
    /// The whole request as it goes on the wire.
    var bytes: ByteBuffer
    /// The method is `HEAD` (its response has no body).
    var isHead: Bool

    /// The fields the proxy sets itself; a client's own are replaced, unless the client is a trusted forwarder
    /// (`X-Forwarded-For` is then extended, and its `-Proto` and `-Host` kept).
    static let forwardedFieldNames = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"]

    /// Other fields that claim the client's address or scheme (RFC 7239 `Forwarded`, and those of common proxies and CDNs):
    /// from a client that is not a trusted forwarder they are dropped, so a service that believes them sees no forged
    /// address (spellings with `_` or `.` included: CGI-style servers read them as the same field).
    static let clientAddressFieldNames: Set<String> = [
        "forwarded", "x-real-ip", "x-client-ip", "true-client-ip", "x-cluster-client-ip", "cf-connecting-ip", "fastly-client-ip",
        "x-original-forwarded-for", "client-ip", "x-forwarded", "forwarded-for", "x-proxyuser-ip", "x-appengine-user-ip", "cf-pseudo-ipv4",
        // Scheme, host, port and prefix claims, which frameworks believe from a trusted proxy (Rack reads
        // X-Forwarded-Ssl before X-Forwarded-Proto; Symfony, Werkzeug's ProxyFix and Spring read port and prefix).
        "x-forwarded-ssl", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-scheme", "x-forwarded-server", "x-url-scheme",
        "front-end-https", "x-original-host", "x-host",
        // gunicorn's default secure-scheme field beside X-Forwarded-Proto and X-Forwarded-Ssl; the user name that
        // gunicorn passes on as the WSGI REMOTE_USER when its `forwarder_headers` lists it (Django's RemoteUserMiddleware).
        "x-forwarded-protocol", "remote-user",
        // The original target as an earlier proxy saw it: Traefik's ForwardAuth and Authelia read X-Forwarded-Uri, nginx's
        // auth_request sets X-Original-URI; a service or auth hook that believes them checks a path nobody validated.
        "x-forwarded-uri", "x-forwarded-path", "x-original-uri",
    ]

    /// Whether `field` is one of `clientAddressFieldNames` (length and first letter rule out most names at once).
    static func claimsClientAddress(_ field: HTTPHeaderField) -> Bool {
        guard field.nameClass.exact == .other, (6...24).contains(field.name.utf8.count), let first = field.name.utf8.first else { return false }
        switch first | 0x20 {
        case UInt8(ascii: "x"), UInt8(ascii: "f"), UInt8(ascii: "t"), UInt8(ascii: "c"), UInt8(ascii: "r"):
            return clientAddressFieldNames.contains(dashedLowercase(field.name))
        default:
            return false
        }
    }

    /// - Parameter trustedForwarder: the client is one of `trusted-forwarders` (a load balancer): its `X-Forwarded-*`
    ///   and client-address fields pass on. Otherwise they are dropped and the proxy's own `X-Forwarded-*` say who
    ///   connected.
    /// - Parameter decodedBody: the body with its `Content-Encoding` undone, when it had one: it is forwarded instead
    ///   of the coded bytes, without `Content-Encoding` and with its own length. A service that does not decode request
    ///   bodies (Django, Flask, Rack, PHP, Go) read the coded bytes, and a gzip header's file-name field held a form of
    ///   its own that it parsed (found by an audit with Django): what was validated is what goes on.
    /// - Parameter requestID: a correlation ID made by the proxy (`RequestID`): written as the field `name`, and the
    ///   client's fields of that name (malformed or repeated, or the ID would be theirs) are dropped, also when spelt
    ///   with `_` for `-` (a CGI-style service reads both as one variable).
    /// - Parameter decodableCodingsOnly: answers are validated, so `Accept-Encoding` goes on naming only the codings the
    ///   proxy can decode (`acceptedDecodableCodings`): a `br` or `zstd` answer to a browser's request would otherwise be
    ///   unreadable to the validator and so a 502 in enforce mode, after the service ran the request (found by an audit
    ///   with Caddy's `encode zstd gzip` between the proxy and the service).
    static func make(method originalMethod: String, target originalTarget: String, headers original: Validation.HTTPHeaders,
                     body: ByteBuffer?, verdict: RequestVerdict, normalize: Bool, forwardedHeaders: Bool, clientAddress: String, isTLS: Bool,
                     trustedForwarder: Bool = false, decodedBody: [UInt8]? = nil, decodableCodingsOnly: Bool = false,
                     requestID: (name: String, value: String)? = nil, allocator: ByteBufferAllocator) -> ForwardedRequest {
        var method = originalMethod
        var target = originalTarget
        var sourceHeaders = original
        var forwardedBody = body
        var bodyRewritten = false
        let dropsEncoding = decodedBody != nil
        if let decodedBody {
            forwardedBody = decodedBody.isEmpty ? nil : ByteBuffer(bytes: decodedBody)
            bodyRewritten = true
        }
        if normalize, let normalized = verdict.normalized {
            method = normalized.method
            target = normalized.target
            sourceHeaders = normalized.headers
            let bytes = normalized.body
            if forwardedBody.map({ !$0.readableBytesView.elementsEqual(bytes) }) ?? !bytes.isEmpty {
                forwardedBody = bytes.isEmpty ? nil : ByteBuffer(bytes: bytes)
                bodyRewritten = true
            }
        }
        // One pass to learn what the fields hold, one to write the ones that go on (no intermediate list).
        var wasChunked = false, hasLength = false, hasHopByHop = false, listsOtherFields = false, hasForwarded = false
        var hasProto = false, hasForwardedHost = false, hasClaims = false
        var host: String?
        // The values of a trusted forwarder's `X-Forwarded-For` fields, as they arrived (each is written back from its
        // own bytes: a Latin-1 value and a UTF-8 one must not be re-encoded as one string).
        var earlier: [HTTPHeaderField] = []
        sourceHeaders.withFields { fields in
            for index in fields.indices {
                let known = fields[index].nameClass.exact
                if known.isHopByHop {
                    hasHopByHop = true
                    if known == .transferEncoding { wasChunked = true }
                    if known == .connection, !HopByHopHeaders.namesOnlyConnectionOptions(fields[index].value) { listsOtherFields = true }
                } else if known == .contentLength {
                    hasLength = true
                } else if known == .host {
                    host = host ?? fields[index].value
                } else if known.isForwardedField {
                    hasForwarded = true
                    switch known {
                    case .xForwardedFor where trustedForwarder:
                        earlier.append(fields[index])
                    case .xForwardedProto: hasProto = true
                    case .xForwardedHost: hasForwardedHost = true
                    default: break
                    }
                } else if Self.spellsForwardedField(fields[index]) {
                    // `X_Forwarded_For` (CGI, WSGI, PHP), `X.Forwarded.For` (PHP): read as ours; the client's spelling goes too.
                    hasForwarded = true
                } else if !trustedForwarder, forwardedHeaders, Self.claimsClientAddress(fields[index]) {
                    hasClaims = true
                }
            }
        }
        // `Connection: keep-alive` (or `close`), the usual case, names no other field: no set to build then.
        let listed = hasHopByHop && listsOtherFields ? HopByHopHeaders.connectionTokens(sourceHeaders) : []
        // A `Content-Length` that `Connection` lists is dropped below: the body then needs our own (the guards refuse
        // such a request before it gets here; this keeps the framing right whatever calls this).
        if hasLength, listed.contains("content-length") { hasLength = false }
        let length = forwardedBody?.readableBytes ?? 0
        // The framing the upstream reads: the validated body's length, set by us whenever the body was rewritten,
        // de-chunked, or arrived without one.
        let setLength = (bodyRewritten || (wasChunked && !hasLength) || (length > 0 && !hasLength)) && (length > 0 || hasLength)
        let dropForwarded = forwardedHeaders && hasForwarded
        // From a trusted forwarder, its `X-Forwarded-Proto` and `-Host` stay (it knows the scheme and host the client used).
        let keepsProto = trustedForwarder && hasProto, keepsForwardedHost = trustedForwarder && hasForwardedHost
        var bytes = allocator.buffer(capacity: 160 + method.utf8.count + target.utf8.count + sourceHeaders.count * 40 + length)
        HTTP1Writing.writeLine(method, " ", target, ending: " HTTP/1.1\r\n", to: &bytes)
        sourceHeaders.withFields { fields in
            for index in fields.indices {
                let known = fields[index].nameClass.exact
                if hasHopByHop, HopByHopHeaders.isDropped(known, name: fields[index].name, listed: listed) { continue }
                if known == .expect { continue }
                if setLength, known == .contentLength { continue }
                if dropsEncoding, known == .contentEncoding { continue }
                if dropForwarded {
                    if known == .xForwardedFor || Self.spellsForwardedField(fields[index]) { continue }
                    if known == .xForwardedProto, !keepsProto { continue }
                    if known == .xForwardedHost, !keepsForwardedHost { continue }
                }
                if hasClaims, Self.claimsClientAddress(fields[index]) { continue }
                if let requestID, Self.sameNameReadingUnderscoreAsDash(fields[index].name, requestID.name) { continue }
                if decodableCodingsOnly, known == .other, fields[index].name.utf8.count == 15,
                   asciiCaseInsensitiveEquals(fields[index].name, "accept-encoding"),
                   let narrowed = Self.acceptedDecodableCodings(fields[index].value) {
                    HTTP1Writing.writeField(fields[index].name, narrowed, to: &bytes)
                    continue
                }
                if fields[index].valueIsLatin1 {
                    HTTP1Writing.writeLatin1Field(fields[index].name, fields[index].value, to: &bytes)
                } else {
                    HTTP1Writing.writeField(fields[index].name, fields[index].value, to: &bytes)
                }
            }
        }
        if setLength { HTTP1Writing.writeDecimalField("Content-Length: ", length, to: &bytes) }
        if forwardedHeaders {
            if earlier.isEmpty {
                HTTP1Writing.writeField("X-Forwarded-For", clientAddress, to: &bytes)
            } else {
                var chain: [UInt8] = []
                for field in earlier {
                    chain += field.valueBytes
                    chain += Array(", ".utf8)
                }
                chain += Array(clientAddress.utf8)
                HTTP1Writing.writeField("X-Forwarded-For", bytes: chain, to: &bytes)
            }
            if !keepsProto { HTTP1Writing.writeField("X-Forwarded-Proto", isTLS ? "https" : "http", to: &bytes) }
            if !keepsForwardedHost, let host { HTTP1Writing.writeField("X-Forwarded-Host", host, to: &bytes) }
        }
        if let requestID { HTTP1Writing.writeField(requestID.name, requestID.value, to: &bytes) }
        bytes.writeStaticString("\r\n")
        if var forwardedBody { bytes.writeBuffer(&forwardedBody) }
        return ForwardedRequest(bytes: bytes, isHead: method == "HEAD")
    }
}

extension ForwardedRequest {
    /// The codings of answers the proxy can decode and validate (`ContentDecoding`).
    static let decodableCodings: Set<String> = ["gzip", "x-gzip", "deflate", "identity"]

    /// An `Accept-Encoding` value with only the codings in `decodableCodings` (their weights kept; `*`, `br`, `zstd` and the
    /// like dropped), `identity` when none is left; nil when the value names no other coding (it goes on unchanged).
    static func acceptedDecodableCodings(_ value: String) -> String? {
        var kept: [Substring] = []
        var dropped = false
        for element in value.split(separator: ",") {
            let item = element.drop { $0 == " " || $0 == "\t" }
            let coding = String((item.split(separator: ";", maxSplits: 1).first ?? "").trimmingSpaces).lowercased()
            if coding.isEmpty { continue }
            if decodableCodings.contains(coding) { kept.append(item) } else { dropped = true }
        }
        guard dropped else { return nil }
        return kept.isEmpty ? "identity" : kept.joined(separator: ", ")
    }

    /// Whether two field names are the same with ASCII case ignored and `_` read as `-`.
    static func sameNameReadingUnderscoreAsDash(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        func folded(_ byte: UInt8) -> UInt8 { byte == UInt8(ascii: "_") ? UInt8(ascii: "-") : asciiLowercase(byte) }
        return lhs.utf8.elementsEqual(rhs.utf8) { folded($0) == folded($1) }
    }

    /// Whether a field is another spelling of one of the `X-Forwarded-*` fields the proxy sets: `_` for `-` (its class
    /// says so), or `.` for `-` (PHP reads `.` as `_`; a usual name has no dot, so only other names are looked at).
    @inline(__always)
    static func spellsForwardedField(_ field: HTTPHeaderField) -> Bool {
        if field.nameClass.hasUnderscore, field.nameClass.dashed.isForwardedField { return true }
        guard field.nameClass.exact == .other, field.name.utf8.contains(UInt8(ascii: ".")) else { return false }
        return HeaderNameClass(dashedLowercase(field.name)).exact.isForwardedField
    }
}

/// Serializing HTTP/1 heads (names and values were checked by the reader that produced them, or are ours).
enum HTTP1Writing {
    /// One `name: value` line, written in one step (four `ByteBuffer` writes cost four capacity checks and four
    /// exclusivity checks; heads have a dozen lines, forwarded and answered per exchange).
    @inline(__always)
    static func writeField(_ name: String, _ value: String, to buffer: inout ByteBuffer) {
        writeLine(name, ": ", value, to: &buffer)
    }

    /// A `name: value` line whose value was read as ISO-8859-1 (`HTTPHeaderField.valueIsLatin1`): each character
    /// written as the byte it was read from (`HTTPHeaderField.latin1Bytes`).
    static func writeLatin1Field(_ name: String, _ value: String, to buffer: inout ByteBuffer) {
        writeField(name, bytes: HTTPHeaderField.latin1Bytes(value), to: &buffer)
    }

    /// A `name: value` line with the value's bytes as given (parts of values the reader checked).
    static func writeField(_ name: String, bytes value: [UInt8], to buffer: inout ByteBuffer) {
        buffer.writeString(name)
        buffer.writeStaticString(": ")
        buffer.writeBytes(value)
        buffer.writeStaticString("\r\n")
    }

    /// `first`, `separator`, `second`, `ending` in one step.
    static func writeLine(_ first: String, _ separator: StaticString, _ second: String, ending: StaticString = "\r\n",
                          to buffer: inout ByteBuffer) {
        let total = first.utf8.count + separator.utf8CodeUnitCount + second.utf8.count + ending.utf8CodeUnitCount
        _ = first.withUTF8Bytes { head in
            second.withUTF8Bytes { tail in
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: total) { target in
                    guard target.count >= total, let base = target.baseAddress else { return 0 }
                    var at = 0
                    copy(UnsafeRawBufferPointer(head), to: base, at: &at)
                    copy(separator, to: base, at: &at)
                    copy(UnsafeRawBufferPointer(tail), to: base, at: &at)
                    copy(ending, to: base, at: &at)
                    return at
                }
            }
        }
    }

    /// `HTTP/1.1 status reason` and the line ending, the code written digit by digit (a three-digit code, as every
    /// answer here has; any other goes through `String`). Making the line as a `String` first (`"HTTP/1.1 " +
    /// String(status)`) cost two string operations per answer.
    static func writeStatusLine(_ status: Int, _ reason: String, to buffer: inout ByteBuffer) {
        guard (100...999).contains(status) else {
            writeLine("HTTP/1.1 " + String(status), " ", reason, to: &buffer)
            return
        }
        let prefix: StaticString = "HTTP/1.1 "
        let total = prefix.utf8CodeUnitCount + 4 + reason.utf8.count + 2
        _ = reason.withUTF8Bytes { text in
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: total) { target in
                guard target.count >= total, let base = target.baseAddress else { return 0 }
                var at = 0
                copy(prefix, to: base, at: &at)
                storeDecimal(status, digits: 3, to: base, at: &at)
                copy(" ", to: base, at: &at)
                copy(UnsafeRawBufferPointer(text), to: base, at: &at)
                copy("\r\n", to: base, at: &at)
                return at
            }
        }
    }

    /// `name` (with its `: `) and `value` in decimal, then the line ending, with no `String` made for the number (a
    /// negative value, which no length is, goes through `String`).
    static func writeDecimalField(_ name: StaticString, _ value: Int, to buffer: inout ByteBuffer) {
        guard value >= 0 else {
            writeLine(name.description, "", String(value), to: &buffer)
            return
        }
        var digits = 1
        var rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let total = name.utf8CodeUnitCount + digits + 2
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: total) { target in
            guard target.count >= total, let base = target.baseAddress else { return 0 }
            var at = 0
            copy(name, to: base, at: &at)
            storeDecimal(value, digits: digits, to: base, at: &at)
            copy("\r\n", to: base, at: &at)
            return at
        }
    }

    /// `value` (not negative) as `digits` decimal digits at `offset`, which moves past them.
    @inline(__always)
    private static func storeDecimal(_ value: Int, digits: Int, to base: UnsafeMutableRawPointer, at offset: inout Int) {
        var remaining = value
        for position in stride(from: offset + digits - 1, through: offset, by: -1) {
            base.storeBytes(of: UInt8(ascii: "0") + UInt8(remaining % 10), toByteOffset: position, as: UInt8.self)
            remaining /= 10
        }
        offset += digits
    }

    @inline(__always)
    private static func copy(_ literal: StaticString, to base: UnsafeMutableRawPointer, at offset: inout Int) {
        copy(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount), to: base, at: &offset)
    }

    @inline(__always)
    private static func copy(_ part: UnsafeRawBufferPointer, to base: UnsafeMutableRawPointer, at offset: inout Int) {
        guard let source = part.baseAddress, part.count > 0 else { return }
        (base + offset).copyMemory(from: source, byteCount: part.count)
        offset += part.count
    }
}
