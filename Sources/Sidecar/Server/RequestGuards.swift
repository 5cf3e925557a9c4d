import Documents
import OpenAPIModel
import Validation

/// Checks at the HTTP layer, before the spec is consulted, of messages the proxy and the service behind
/// it could read differently (parser differentials). Each one refuses the request with a violation.
enum RequestGuards {
    /// Headers through which frameworks let a request choose another method than the one sent
    /// (Express `method-override`, ASP.NET, Spring, Rails middlewares...).
    static let methodOverrideHeaders = ["x-http-method-override", "x-http-method", "x-method-override"]

    /// Headers through which some frameworks (Symfony, IIS URL rewrite, Zend) take the request path from a
    /// header instead of the request line, and through which servers take a prefix they strip from it (gunicorn's
    /// `SCRIPT_NAME` and `PATH_INFO`, daphne's `Daphne-Root-Path`, WSGI middlewares' `X-Script-Name`).
    static let pathOverrideHeaders = ["x-original-url", "x-rewrite-url", "script-name", "path-info", "daphne-root-path", "x-script-name"]

    /// Violations of the request head. One pass over the fields, no allocation for an ordinary request.
    static func violations(_ head: RequestHead, sensitiveHeaderNames: Set<String>) -> [Violation] {
        var found: [Violation] = []
        var hostCount = 0
        var host: String?
        var contentTypeCount = 0
        var hasAliasedName = false
        var listsFields = false
        head.headers.withFields { fields in
            for index in fields.indices {
                let nameClass = fields[index].nameClass
                if nameClass.hasUnderscore { hasAliasedName = true }
                // PHP reads `.` in a name as `_`, so `X.Tenant` is `X-Tenant` there too (a usual name has no dot).
                if nameClass.exact == .other, fields[index].name.utf8.contains(UInt8(ascii: ".")) { hasAliasedName = true }
                if nameClass.exact == .connection, !HopByHopHeaders.namesOnlyConnectionOptions(fields[index].value) { listsFields = true }
                // CGI-style servers read `X_HTTP_Method_Override` as `X-HTTP-Method-Override`: the dashed form counts.
                switch nameClass.dashed {
                case .host where !nameClass.hasUnderscore:
                    hostCount += 1
                    host = fields[index].value
                case .contentType where !nameClass.hasUnderscore:
                    contentTypeCount += 1
                case .xHTTPMethodOverride, .xHTTPMethod, .xMethodOverride:
                    if !asciiCaseInsensitiveEquals(fields[index].value, head.method) {
                        found.append(invalid(.header, fields[index].name, "method-override",
                                             "a method override header asks for another method than the one validated"))
                    }
                case .xOriginalURL, .xRewriteURL:
                    found.append(invalid(.header, fields[index].name, "path-override", "a path override header asks for another target than the one validated"))
                case .scriptName, .pathInfo, .daphneRootPath, .xScriptName:
                    // gunicorn believes `SCRIPT_NAME: /acme` from 127.0.0.1 (the proxy) and routed `/acme/users`, a public
                    // `/{tenant}/users` here, as the secured `/users` (found by an audit, as was daphne's root path).
                    found.append(invalid(.header, fields[index].name, "path-override",
                                         "a header that servers read as a path prefix to strip would route another path than the one validated"))
                default:
                    continue
                }
            }
        }
        if hasAliasedName, let name = underscoreAlias(head.headers, sensitiveHeaderNames: sensitiveHeaderNames) {
            found.append(invalid(.header, name, "underscore-header",
                                 "a field name with `_` that CGI-style servers read as the same header as one the validator checked"))
        }
        if hostCount > 1 {
            found.append(invalid(.header, "Host", "host", "more than one Host field (RFC 9112 §3.2)"))
        } else if let host {
            // A list (`a, b`), userinfo, spaces or an empty value all fail here.
            if !isAuthority(Substring(host)) { found.append(invalid(.header, "Host", "host", "Host must be host[:port]")) }
        } else {
            found.append(invalid(.header, "Host", "host", "the request has no Host field; it is required to forward it over HTTP/1.1"))
        }
        if let absolute = absoluteFormAuthority(head.uri) {
            switch absolute {
            case .failure(let message):
                found.append(invalid(.request, nil, "target", message))
            case .success(let authority):
                if let host, !asciiCaseInsensitiveEquals(authority, host) {
                    found.append(invalid(.request, nil, "target", "the authority of an absolute-form target must equal the Host field"))
                }
            }
        }
        // `_method` (in any case, spelling or encoding) needs `method` or a `%` in the query; parse only then.
        if let query = HTTPRequest.query(of: head.uri), BracketAlias.mayNameMethodOverride(query),
           namesMethodOverride(QueryString(query)) {
            found.append(invalid(.query, "_method", "method-override", "a _method parameter asks for another method than the one validated"))
        }
        if contentTypeCount > 1 {
            found.append(invalid(.header, "Content-Type", "content-type", "more than one Content-Type field: which one the service reads is unknown"))
        }
        if listsFields, let name = listedSensitiveField(head.headers, sensitiveHeaderNames: sensitiveHeaderNames) {
            found.append(invalid(.header, "Connection", "connection-option",
                                 "Connection lists \(name), a field this request carries: a proxy drops what Connection lists (RFC 9110 §7.6.1), so the service would not get the request that was validated"))
        }
        return found
    }

    /// The name of a field the request carries, that a `Connection` option lists, and that the proxy frames by or
    /// the validator reads (`sensitiveHeaderNames`: Content-Length, Host, Content-Type, Content-Encoding,
    /// credentials, declared header parameters). Dropping it after validation forwarded another request than the one
    /// checked: without its `Content-Length` the body went unframed and a request hidden in it ran on the upstream
    /// unchecked. Other listed fields (`Connection: X-Hop`, the option's intended use) are dropped as RFC 9110 asks.
    static func listedSensitiveField(_ headers: HTTPHeaders, sensitiveHeaderNames: Set<String>) -> String? {
        let listed = HopByHopHeaders.connectionTokens(headers)
        guard !listed.isEmpty else { return nil }
        return headers.withFields { fields -> String? in
            for index in fields.indices where !fields[index].nameClass.exact.isHopByHop {
                let name = fields[index].name.lowercased()
                if listed.contains(name), sensitiveHeaderNames.contains(name) { return fields[index].name }
            }
            return nil
        }
    }

    /// The first field whose name, with `_` read as `-`, is a header the validator reads or another field of
    /// the request (`X_Api_Key` next to, or instead of, `X-Api-Key`: CGI, WSGI and PHP map both to `HTTP_X_API_KEY`).
    static func underscoreAlias(_ headers: Validation.HTTPHeaders, sensitiveHeaderNames: Set<String>) -> String? {
        var present: Set<String>?
        for field in headers where field.name.utf8.contains(where: { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }) {
            let name = field.name
            let dashed = dashedLowercase(name)
            if sensitiveHeaderNames.contains(dashed) { return name }
            if present == nil { present = Set(headers.map { $0.name.lowercased() }) }
            if present?.contains(dashed) == true { return name }
        }
        return nil
    }

    /// With a case-insensitive upstream router, a path that reaches another operation when its literal segments
    /// are compared without case (`/users/ME`: `/users/{id}` here, `/users/me` there) would be validated as one
    /// operation and served as the other: refused.
    static func caseFoldedConflict(router: Router, method: String, target: String, operationIndex: Int?) -> Violation? {
        guard let operationIndex, let other = router.caseFoldedOperationIndex(method: method, target: target),
              other != operationIndex, other >= 0, other < router.operations.count else { return nil }
        let otherPath = router.operations[other].path
        return Violation(location: .path, keyword: "path-case",
                         message: "the path matches \(otherPath) when compared without case; a case-insensitive upstream router would serve that operation instead of the one validated")
    }

    /// A path another kind of server reads as a different path, reaching another operation than the one validated:
    /// servlet containers (Tomcat, Jetty, Spring) drop `;parameters` from each segment before routing, and Windows
    /// path handling (IIS) trims trailing dots and spaces from each segment and reads `name::$DATA` / `name:$...` as
    /// `name`. `/admin;x/users` and `/admin./users` matched a public `/{a}/{b}` here and reached a protected
    /// `/admin/users` there (found by a re-audit). Only such paths are re-routed; a plain path costs one byte scan.
    static func aliasedPathConflict(router: Router, method: String, target: String, operationIndex: Int?) -> Violation? {
        guard let operationIndex else { return nil }
        let path = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[..<$0] } ?? Substring(target)
        guard path.utf8.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".")
                                          || $0 == UInt8(ascii: "%") }) else { return nil }
        var changed = false
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: false) {
            let alias = aliasOfSegment(String(raw))
            if alias != String(raw) { changed = true }
            segments.append(alias)
        }
        guard changed else { return nil }
        let aliasTarget = segments.joined(separator: "/")
        guard let other = router.route(method: method, target: aliasTarget).match?.operationIndex, other != operationIndex,
              other >= 0, other < router.operations.count else { return nil }
        let otherPath = router.operations[other].path
        return Violation(location: .path, keyword: "path-alias",
                         message: "servlet containers (which drop ;parameters) or Windows/IIS (which trims trailing dots and spaces and reads ::$DATA) would serve this path as \(otherPath), not as the operation validated")
    }

    /// One raw segment as those servers read it, re-encoded (a segment that does not decode stays as it is).
    static func aliasOfSegment(_ raw: String) -> String {
        guard raw.utf8.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".")
                                         || $0 == UInt8(ascii: "%") }) else { return raw }
        guard case .success(var text) = PercentDecoding.decode(Substring(raw), plusAsSpace: false) else { return raw }
        if let semicolon = text.firstIndex(of: ";") { text = String(text[..<semicolon]) }
        if let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix(":$") || text[colon...].hasPrefix("::$") {
            text = String(text[..<colon])
        }
        while let last = text.last, last == "." || last == " " { text.removeLast() }
        // Back to a raw segment (the router decodes it again).
        return PercentEncoding.encode(text)
    }

    /// Other spellings of a declared query parameter, which the validator reads as another (unknown, allowed) name
    /// or as part of a value while some services read the parameter itself: `name[...]` (PHP, Rails, Express `qs`:
    /// an array or an object), a name differing only in case (ASP.NET binds query names without case), and a pair
    /// after a `;` (Rack 2 and Python's older `parse_qs` split on `;` as on `&`). Found by an adversarial audit:
    /// `?LIMIT=1000` and `?a=1;limit=1000` passed a `limit` declared with `maximum: 100`.
    static func queryAliases(query: Substring?, declared: Set<String>?) -> [Violation] {
        guard let query, let declared, !declared.isEmpty else { return [] }
        var found = bracketAliases(query: query, declared: declared)
        func declaredName(caseFolding name: String) -> String? { Self.declaredName(caseFolding: name, in: declared) }
        for pair in QueryString(query).pairs {
            guard case .success(let name) = pair.name, !declared.contains(name) else { continue }
            // `limit%00`: readers that cut names at NUL read a second `limit`.
            if let nul = name.utf8.firstIndex(of: 0),
               let original = ([String(name[..<nul])] + BracketAlias.readings(of: String(name[..<nul]))).lazy.compactMap(declaredName(caseFolding:)).first {
                found.append(invalid(.query, original, "nul-character", "a query name that is \(original) followed by NUL: services that cut names at NUL read it as \(original)"))
                continue
            }
            // ` limit` (or `+limit`): PHP drops leading spaces from names.
            let trimmed = String(name.drop { $0 == " " })
            if trimmed != name, let original = declaredName(caseFolding: trimmed) {
                found.append(invalid(.query, original, "query-alias",
                                     "query parameter \(original) spelled with leading spaces: services that drop them read it as \(original)"))
                continue
            }
            guard let original = declaredName(caseFolding: name) else { continue }
            found.append(invalid(.query, name, "query-case",
                                 "query parameter \(original) spelled \(name): services that match query names without case read it as \(original)"))
        }
        for pair in QueryString(query).pairs {
            // As the pair is read by services that split on `;` too; a name any reader takes for a declared one counts
            // (`BracketAlias.readings`: Rack's brackets, PHP's `.` and spaces, Django's trimming, aiohttp's `/`).
            for name in pair.semicolonSplitNames.dropFirst() {
                if let original = declaredName(caseFolding: name) ?? BracketAlias.readings(of: name).lazy.compactMap(declaredName(caseFolding:)).first {
                    found.append(invalid(.query, original, "query-separator",
                                         "a ; before \(name): services that split the query on ; as on & read it as parameter \(original)"))
                }
            }
        }
        return found
    }

    /// The declared name that `name` is without case. Declared lists are short: each is compared in turn.
    private static func declaredName(caseFolding name: String, in declared: Set<String>) -> String? {
        declared.first { asciiCaseInsensitiveEquals($0, name) }
    }

    /// Query pairs named `name[...]` (or `[name]`, or `user.role` for `user_role`) for a declared parameter `name`: the
    /// validator reads another (unknown, allowed) name, while PHP, Rails and Express (`qs`) read `name` itself.
    static func bracketAliases(query: Substring?, declared: Set<String>?) -> [Violation] {
        // A name services read otherwise holds a bracket, `.`, a space (`+`) or an escape of one.
        guard let query, let declared,
              query.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%")
                  || $0 == UInt8(ascii: "!") || $0 == UInt8(ascii: "_") })
        else { return [] }
        var found: [Violation] = []
        for pair in QueryString(query).pairs {
            // Leading spaces are `query-alias`'s; `[limit]`, `]limit` and `limit]` are `limit` to Rack, `user.role` and
            // `user role` are `user_role` to PHP (`BracketAlias.readings`).
            guard case .success(let name) = pair.name, name.utf8.first != 0x20, !declared.contains(name) else { continue }
            // In any case, too: ASP.NET binds `IDS[0]` to a collection `ids` (its names ignore case).
            if let base = BracketAlias.readings(of: name).lazy.compactMap({ declaredName(caseFolding: $0, in: declared) }).first {
                found.append(invalid(.query, name, "bracket-alias",
                                     "query parameter \(base) spelled \(name): services that parse brackets or turn . and spaces into _ (PHP, Rails, qs) read it as \(base) itself"))
            }
        }
        return found
    }

    /// A `_method` field in a form body: Rails, Laravel and Symfony run the method it names for a POST.
    static func formMethodOverride(contentType: String?, body: [UInt8]) -> Violation? {
        guard let contentType, contentType.utf8.count >= 33,
              asciiCaseInsensitiveEquals(String(contentType.prefix(33)), "application/x-www-form-urlencoded") else { return nil }
        let text = Substring(String(decoding: body, as: UTF8.self))
        guard BracketAlias.mayNameMethodOverride(text), namesMethodOverride(QueryString(text)) else { return nil }
        return invalid(.body, "_method", "method-override", "a _method form field asks for another method than the one validated")
    }

    /// Whether a pair is named `_method`, or spelled so that Rack reads it as `_method` (`[_method]`, `_method]`, a raw
    /// space after `&`: Rack::MethodOverride ran such a POST as DELETE; found by an audit with Sinatra).
    static func namesMethodOverride(_ pairs: QueryString) -> Bool {
        pairs.pairs.contains { pair in
            guard case .success(let name) = pair.name else { return false }
            return BracketAlias.readsAsMethodOverride(name)
        }
    }

    private static func invalid(_ location: ViolationLocation, _ name: String?, _ keyword: String, _ message: String) -> Violation {
        Violation(location: location, name: name, keyword: keyword, message: message)
    }

    /// The query of a raw target, after the first `?` and before any `#`.
    enum AbsoluteForm {
        case success(String)
        case failure(String)
    }

    /// For an absolute-form target (`http://host/path`), its authority, or why it is refused; nil for other forms.
    static func absoluteFormAuthority(_ target: String) -> AbsoluteForm? {
        // (The first byte, not `hasPrefix`'s first character: targets are ASCII on the wire, and the byte costs one load.)
        guard target.utf8.first != UInt8(ascii: "/"), let colon = target.firstIndex(of: ":"), target[colon...].hasPrefix("://") else { return nil }
        // In lower case, as clients write it: Warp strips only `http://` and `https://` so, and routed `HTTP://h/x/users`
        // as the path `HTTP:/` + `/h/x/users` (found by an audit with Warp 3.3).
        let scheme = target[..<colon]
        guard scheme == "http" || scheme == "https" else { return .failure("absolute-form targets must use http or https, in lower case") }
        let rest = target[target.index(colon, offsetBy: 3)...]
        let authority = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        guard isAuthority(authority) else { return .failure("the authority of the absolute-form target must be host[:port]") }
        return .success(String(authority))
    }

    /// `host[:port]` with the host an IP literal or a name of letters, digits, `-`, `.`, `_` and `~`:
    /// no userinfo, no list, no spaces, no other delimiter a service could split on.
    static func isAuthority(_ text: Substring) -> Bool {
        var text = text
        // Over the bytes: `[`, `]` and `:` are ASCII, and any other non-ASCII byte fails the checks anyway.
        return text.withUTF8 { bytes -> Bool in
            var portStart = bytes.count
            if bytes.first == UInt8(ascii: "[") {
                guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return false }
                let after = close + 1
                if after < bytes.count {
                    guard bytes[after] == UInt8(ascii: ":"), after + 1 < bytes.count else { return false }
                    portStart = after + 1
                }
                guard close > 1 else { return false }
                for index in 1..<close where !(isHexDigit(bytes[index]) || bytes[index] == UInt8(ascii: ":") || bytes[index] == UInt8(ascii: ".")) {
                    return false
                }
            } else {
                let hostEnd = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
                if hostEnd < bytes.count {
                    guard hostEnd + 1 < bytes.count else { return false }
                    portStart = hostEnd + 1
                }
                guard hostEnd > 0 else { return false }
                for index in 0..<hostEnd where !isNameByte(bytes[index]) { return false }
            }
            guard bytes.count - portStart <= 5 else { return false }
            for index in portStart..<bytes.count where !(bytes[index] >= 0x30 && bytes[index] <= 0x39) { return false }
            return true
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}
