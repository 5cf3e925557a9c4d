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

    /// The fields the proxy sets itself; a client's own are replaced (`X-Forwarded-For` is extended).
    static let forwardedFieldNames = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"]

    static func make(method originalMethod: String, target originalTarget: String, headers original: Validation.HTTPHeaders,
                     body: ByteBuffer?, verdict: RequestVerdict, settings: SidecarSettings, clientAddress: String, isTLS: Bool,
                     allocator: ByteBufferAllocator) -> ForwardedRequest {
        var method = originalMethod
        var target = originalTarget
        var sourceHeaders = original
        var forwardedBody = body
        var bodyRewritten = false
        if settings.normalize, let normalized = verdict.normalized {
            method = normalized.method
            target = normalized.target
            sourceHeaders = normalized.headers
            let bytes = normalized.body
            if forwardedBody.map({ !$0.readableBytesView.elementsEqual(bytes) }) ?? !bytes.isEmpty {
                forwardedBody = bytes.isEmpty ? nil : ByteBuffer(bytes: bytes)
                bodyRewritten = true
            }
        }
        let wasChunked = sourceHeaders.contains("transfer-encoding")
        var headers = HopByHopHeaders.removing(from: sourceHeaders)
        if headers.contains(where: { asciiCaseInsensitiveEquals($0.name, "expect") }) {
            headers.removeAll { asciiCaseInsensitiveEquals($0.name, "expect") }
        }
        let length = forwardedBody?.readableBytes ?? 0
        let hasLength = headers.contains { asciiCaseInsensitiveEquals($0.name, "content-length") }
        if bodyRewritten || (wasChunked && !hasLength) || (length > 0 && !hasLength) {
            if length > 0 || hasLength {
                headers.removeAll { asciiCaseInsensitiveEquals($0.name, "content-length") }
                headers.append(HTTPHeaderField(name: "Content-Length", value: String(length)))
            }
        }
        if settings.forwardedHeaders {
            var earlier: [String] = []
            // Most clients send none of these: skip the removal pass then.
            if headers.contains(where: { field in forwardedFieldNames.contains { asciiCaseInsensitiveEquals($0, field.name) } }) {
                earlier = headers.filter { asciiCaseInsensitiveEquals($0.name, "x-forwarded-for") }.map { $0.value }
                headers.removeAll { field in forwardedFieldNames.contains { asciiCaseInsensitiveEquals($0, field.name) } }
            }
            headers.append(HTTPHeaderField(name: "X-Forwarded-For", value: earlier.isEmpty ? clientAddress : (earlier + [clientAddress]).joined(separator: ", ")))
            headers.append(HTTPHeaderField(name: "X-Forwarded-Proto", value: isTLS ? "https" : "http"))
            if let host = headers.first(where: { asciiCaseInsensitiveEquals($0.name, "host") }) {
                headers.append(HTTPHeaderField(name: "X-Forwarded-Host", value: host.value))
            }
        }
        var bytes = allocator.buffer(capacity: 64 + method.utf8.count + target.utf8.count + headers.count * 40 + length)
        bytes.writeString(method)
        bytes.writeInteger(UInt8(ascii: " "))
        bytes.writeString(target)
        bytes.writeStaticString(" HTTP/1.1\r\n")
        HTTP1Writing.writeFields(headers, to: &bytes)
        if var forwardedBody { bytes.writeBuffer(&forwardedBody) }
        return ForwardedRequest(bytes: bytes, isHead: method == "HEAD")
    }
}

/// Serializing HTTP/1 heads (names and values were checked by the reader that produced them, or are ours).
enum HTTP1Writing {
    /// `name: value` lines, then the empty line that ends the head.
    static func writeFields(_ fields: [HTTPHeaderField], to buffer: inout ByteBuffer) {
        for field in fields {
            buffer.writeString(field.name)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
    }
}
