import Documents

/// The exchanges of a HAR 1.2 recording (`log.entries[]`), as our neutral request and response structs.
///
/// Read: `request{method, url, headers, postData{mimeType, text}}` and
/// `response{status, headers, content{mimeType, text, encoding}}`. HTTP/2 pseudo-headers (`:authority`)
/// are dropped; a `postData.mimeType` without a `Content-Type` header becomes one; a base64 `content`
/// is decoded. The absolute URL becomes an origin-form target (`/path?query`), as an HTTP/1.1 client sends it
/// to an origin server (the fragment, never sent, is dropped).
public struct HARArchive: Sendable {
    /// One recorded exchange.
    public struct Entry: Sendable {
        /// Position in `log.entries`.
        public var index: Int
        public var request: HTTPRequest
        /// Nil when the entry has no usable response (status 0: aborted).
        public var response: HTTPResponse?
    }

    /// The entries in recording order.
    public var entries: [Entry]

    /// Why a HAR file could not be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a HAR document.
    public static func read(_ bytes: [UInt8]) throws(ReadError) -> HARArchive {
        let root: JSONValue
        do { root = try JSONReader.read(bytes).value } catch { throw ReadError(description: "HAR file is not JSON: \(error.message)") }
        guard let list = root["log"]?["entries"]?.arrayValue else { throw ReadError(description: "HAR file has no log.entries array") }
        var entries: [Entry] = []
        for (index, entry) in list.enumerated() {
            guard let request = entry["request"], let method = request["method"]?.stringValue, let url = request["url"]?.stringValue else {
                throw ReadError(description: "entry \(index) has no request method and url")
            }
            var headers = Self.headers(request["headers"])
            var body: [UInt8] = []
            if let post = request["postData"] {
                body = Array((post["text"]?.stringValue ?? "").utf8)
                if let mime = post["mimeType"]?.stringValue, !mime.isEmpty, !headers.contains("Content-Type") {
                    headers.append(name: "Content-Type", value: mime)
                }
            }
            let httpRequest = HTTPRequest(method: method, target: Self.originForm(url), headers: headers, body: body)
            var httpResponse: HTTPResponse?
            if let response = entry["response"], let status = response["status"]?.intValue, status > 0 {
                var responseHeaders = Self.headers(response["headers"])
                var content: [UInt8] = []
                if let recorded = response["content"] {
                    let text = recorded["text"]?.stringValue ?? ""
                    if recorded["encoding"]?.stringValue == "base64" {
                        guard let decoded = Base64.decode(Array(text.utf8), alphabet: .standard) else {
                            throw ReadError(description: "entry \(index) has response content that is not valid base64")
                        }
                        content = decoded
                    } else {
                        content = Array(text.utf8)
                    }
                    if let mime = recorded["mimeType"]?.stringValue, !mime.isEmpty, !content.isEmpty, !responseHeaders.contains("Content-Type") {
                        responseHeaders.append(name: "Content-Type", value: mime)
                    }
                }
                httpResponse = HTTPResponse(status: status, reason: response["statusText"]?.stringValue ?? "", headers: responseHeaders, body: content)
            }
            entries.append(Entry(index: index, request: httpRequest, response: httpResponse))
        }
        return HARArchive(entries: entries)
    }

    /// `https://host:port/a/b?c#d` → `/a/b?c`; a URL without a path → `/`; anything without `://` stays as it is.
    static func originForm(_ url: String) -> String {
        let bytes = Array(url.utf8)
        var index = 0
        var schemeEnd: Int?
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/") && bytes[index + 2] == UInt8(ascii: "/") { schemeEnd = index + 3; break }
            if bytes[index] == UInt8(ascii: "/") || bytes[index] == UInt8(ascii: "?") { break }
            index += 1
        }
        guard let start = schemeEnd else { return url }
        var pathStart = start
        while pathStart < bytes.count, bytes[pathStart] != UInt8(ascii: "/"), bytes[pathStart] != UInt8(ascii: "?"), bytes[pathStart] != UInt8(ascii: "#") { pathStart += 1 }
        var end = pathStart
        while end < bytes.count, bytes[end] != UInt8(ascii: "#") { end += 1 }
        let rest = String(decoding: bytes[pathStart..<end], as: UTF8.self)
        if rest.isEmpty { return "/" }
        return rest.hasPrefix("/") ? rest : "/" + rest
    }

    private static func headers(_ value: JSONValue?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for field in value?.arrayValue ?? [] {
            guard let name = field["name"]?.stringValue, let value = field["value"]?.stringValue, !name.hasPrefix(":") else { continue }
            headers.append(name: name, value: value)
        }
        return headers
    }
}
