import NIOCore
import NIOHTTP1
import Validation

/// The request the proxy sends upstream: the validated method and raw target unchanged, headers minus
/// hop-by-hop fields plus `X-Forwarded-*`, and the validated body (or the normalized one).
struct ForwardedRequest {
    var head: HTTPRequestHead
    var body: ByteBuffer?

    /// The fields the proxy sets itself; a client's own are replaced (`X-Forwarded-For` is extended).
    static let forwardedFieldNames = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"]

    static func make(head original: HTTPRequestHead, body: ByteBuffer?, verdict: RequestVerdict, settings: SidecarSettings,
                     clientAddress: String, isTLS: Bool) -> ForwardedRequest {
        var method = original.method
        var target = original.uri
        var sourceHeaders = original.headers
        var forwardedBody = body
        var bodyRewritten = false
        if settings.normalize, let normalized = verdict.normalized {
            method = HTTPMethod(rawValue: normalized.method)
            target = normalized.target
            sourceHeaders = NIOHTTP1.HTTPHeaders(normalized.headers.fields.map { ($0.name, $0.value) })
            let bytes = normalized.body
            if forwardedBody.map({ !$0.readableBytesView.elementsEqual(bytes) }) ?? !bytes.isEmpty {
                forwardedBody = bytes.isEmpty ? nil : ByteBuffer(bytes: bytes)
                bodyRewritten = true
            }
        }
        let wasChunked = sourceHeaders.contains(name: "transfer-encoding")
        var headers = HopByHopHeaders.removing(from: sourceHeaders)
        if headers.contains(name: "expect") { headers.remove(name: "expect") }
        let length = forwardedBody?.readableBytes ?? 0
        if bodyRewritten || (wasChunked && !headers.contains(name: "content-length")) {
            if length > 0 || headers.contains(name: "content-length") {
                headers.replaceOrAdd(name: "Content-Length", value: String(length))
            }
        }
        if settings.forwardedHeaders {
            var earlier: [String] = []
            // Most clients send none of these: skip the three removal passes then.
            if headers.contains(where: { field in forwardedFieldNames.contains { asciiCaseInsensitiveEquals($0, field.name) } }) {
                earlier = headers["x-forwarded-for"]
                for name in forwardedFieldNames { headers.remove(name: name) }
            }
            headers.add(name: "X-Forwarded-For", value: earlier.isEmpty ? clientAddress : (earlier + [clientAddress]).joined(separator: ", "))
            headers.add(name: "X-Forwarded-Proto", value: isTLS ? "https" : "http")
            if let host = headers.first(name: "host") { headers.add(name: "X-Forwarded-Host", value: host) }
        }
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: target, headers: headers)
        return ForwardedRequest(head: head, body: forwardedBody)
    }
}
