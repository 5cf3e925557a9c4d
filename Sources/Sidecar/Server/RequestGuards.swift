import NIOHTTP1
import Validation

/// Checks at the HTTP layer, before the spec is consulted, of messages the proxy and the service behind
/// it could read differently (parser differentials). Each one refuses the request with a violation.
enum RequestGuards {
    /// Headers through which frameworks let a request choose another method than the one sent
    /// (Express `method-override`, ASP.NET, Spring, Rails middlewares...).
    static let methodOverrideHeaders = ["x-http-method-override", "x-http-method", "x-method-override"]

    /// Headers through which some frameworks (Symfony, IIS URL rewrite, Zend) take the request path from a
    /// header instead of the request line.
    static let pathOverrideHeaders = ["x-original-url", "x-rewrite-url"]

    /// Violations of the request head, in the order checked.
    static func violations(_ head: HTTPRequestHead, sensitiveHeaderNames: Set<String>) -> [Violation] {
        var found: [Violation] = []
        if let name = underscoreAlias(head.headers, sensitiveHeaderNames: sensitiveHeaderNames) {
            found.append(invalid(.header, name, "underscore-header",
                                 "a field name with `_` that CGI-style servers read as the same header as one the validator checked"))
        }
        let hosts = head.headers[canonicalForm: "host"]
        if hosts.count > 1 || head.headers["host"].count > 1 {
            found.append(invalid(.header, "Host", "host", "more than one Host field (RFC 9112 §3.2)"))
        } else if let host = head.headers.first(name: "host") {
            if !isAuthority(Substring(host)) {
                found.append(invalid(.header, "Host", "host", "Host must be host[:port]"))
            }
        } else {
            found.append(invalid(.header, "Host", "host", "the request has no Host field; it is required to forward it over HTTP/1.1"))
        }
        if let absolute = absoluteFormAuthority(head.uri) {
            switch absolute {
            case .failure(let message):
                found.append(invalid(.request, nil, "target", message))
            case .success(let authority):
                if let host = head.headers.first(name: "host"), !asciiCaseInsensitiveEquals(authority, host) {
                    found.append(invalid(.request, nil, "target", "the authority of an absolute-form target must equal the Host field"))
                }
            }
        }
        for name in methodOverrideHeaders {
            for value in head.headers[name] where !asciiCaseInsensitiveEquals(value, head.method.rawValue) {
                found.append(invalid(.header, name, "method-override",
                                     "a method override header asks for another method than the one validated"))
            }
        }
        for name in pathOverrideHeaders where head.headers.contains(name: name) {
            found.append(invalid(.header, name, "path-override", "a path override header asks for another target than the one validated"))
        }
        if let query = Self.query(of: head.uri), !QueryString(query).pairs(named: "_method").isEmpty {
            found.append(invalid(.query, "_method", "method-override", "a _method parameter asks for another method than the one validated"))
        }
        if head.headers["content-type"].count > 1 {
            found.append(invalid(.header, "Content-Type", "content-type", "more than one Content-Type field: which one the service reads is unknown"))
        }
        return found
    }

    /// The first field whose name, with `_` read as `-`, is a header the validator reads or another field of
    /// the request (`X_Api_Key` next to, or instead of, `X-Api-Key`: CGI, WSGI and PHP map both to `HTTP_X_API_KEY`).
    static func underscoreAlias(_ headers: NIOHTTP1.HTTPHeaders, sensitiveHeaderNames: Set<String>) -> String? {
        var present: Set<String>?
        for (name, _) in headers where name.utf8.contains(UInt8(ascii: "_")) {
            let dashed = String(decoding: name.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : asciiLowercase($0) }, as: UTF8.self)
            if sensitiveHeaderNames.contains(dashed) { return name }
            if present == nil { present = Set(headers.map { $0.name.lowercased() }) }
            if present?.contains(dashed) == true { return name }
        }
        return nil
    }

    /// Query pairs named `name[...]` for a declared parameter `name`: the validator reads another (unknown,
    /// allowed) name, while PHP, Rails and Express (`qs`) read `name` itself, as an array or an object.
    static func bracketAliases(query: Substring?, declared: Set<String>?) -> [Violation] {
        guard let query, let declared, query.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "%") }) else { return [] }
        var found: [Violation] = []
        for pair in QueryString(query).pairs {
            guard case .success(let name) = pair.name, let bracket = name.firstIndex(of: "[") else { continue }
            let base = String(name[..<bracket])
            if declared.contains(base) {
                found.append(invalid(.query, name, "bracket-alias",
                                     "query parameter \(base) spelled with brackets: services that parse brackets read it as \(base) itself"))
            }
        }
        return found
    }

    private static func invalid(_ location: ViolationLocation, _ name: String?, _ keyword: String, _ message: String) -> Violation {
        Violation(location: location, name: name, keyword: keyword, message: message)
    }

    /// The query of a raw target, after the first `?` and before any `#`.
    private static func query(of target: String) -> Substring? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        let rest = target[target.index(after: mark)...]
        return rest.firstIndex(of: "#").map { rest[..<$0] } ?? rest
    }

    enum AbsoluteForm {
        case success(String)
        case failure(String)
    }

    /// For an absolute-form target (`http://host/path`), its authority, or why it is refused; nil for other forms.
    static func absoluteFormAuthority(_ target: String) -> AbsoluteForm? {
        guard !target.hasPrefix("/"), let colon = target.firstIndex(of: ":"), target[colon...].hasPrefix("://") else { return nil }
        let scheme = target[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return .failure("absolute-form targets must use http or https") }
        let rest = target[target.index(colon, offsetBy: 3)...]
        let authority = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        guard isAuthority(authority) else { return .failure("the authority of the absolute-form target must be host[:port]") }
        return .success(String(authority))
    }

    /// `host[:port]` with the host an IP literal or a name of letters, digits, `-`, `.`, `_` and `~`:
    /// no userinfo, no list, no spaces, no other delimiter a service could split on.
    static func isAuthority(_ text: Substring) -> Bool {
        var host = text
        var port: Substring = ""
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let after = host[host.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return false }
            port = after.isEmpty ? "" : after.dropFirst()
            if !after.isEmpty && port.isEmpty { return false }
            let literal = host[host.index(after: host.startIndex)..<close]
            guard !literal.isEmpty, literal.utf8.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else { return false }
        } else {
            if let colon = host.firstIndex(of: ":") {
                port = host[host.index(after: colon)...]
                host = host[..<colon]
                if port.isEmpty { return false }
            }
            guard !host.isEmpty, host.utf8.allSatisfy(isNameByte) else { return false }
        }
        return port.utf8.count <= 5 && port.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}
