import Documents
import OpenAPIModel
import Validation

/// A request as the proxy checked it: the request validated, the verdict with the proxy's own refusals in front
/// of the validator's, and the body the validator read: decoded when the request had a `Content-Encoding` (then it
/// is also what gets forwarded, `bodyWasDecoded`), else the body as received. A tuple, so the caller takes its parts
/// apart without copying them (a struct's fields were copied out: +1k instructions per exchange in callgrind).
typealias ScreenedRequest = (request: HTTPRequest, verdict: RequestVerdict, validatedBody: [UInt8], bodyWasDecoded: Bool)

/// The settings the checks read, apart from the rest of `SidecarSettings` (passing those copied the whole struct,
/// with a retain and a release for each of its strings and arrays, on every exchange).
public struct ScreenSettings: Sendable {
    public var maximumRequestBodyBytes: Int
    public var maximumDecompressionRatio: Int
    public var allowEncodedSlashes: Bool
    public var allowEncodedDelimiters: Bool
    public var caseInsensitiveUpstreamPaths: Bool
    public var requestContentCoding: RequestContentCoding

    public init(_ settings: SidecarSettings) {
        requestContentCoding = settings.requestContentCoding
        maximumRequestBodyBytes = settings.maximumRequestBodyBytes
        maximumDecompressionRatio = settings.maximumDecompressionRatio
        allowEncodedSlashes = settings.allowEncodedSlashes
        allowEncodedDelimiters = settings.allowEncodedDelimiters
        caseInsensitiveUpstreamPaths = settings.caseInsensitiveUpstreamPaths
    }
}

/// The proxy's whole check of one complete request: the guards at the HTTP layer (`RequestGuards`), the body's
/// content coding undone within the limits, the validator, and the checks of what the upstream could read otherwise
/// (form `_method`, query aliases, a body to an operation that declares none, encoded slashes and aliased paths).
/// One function for the proxy (`ExchangeHandler`) and `specguard validate --request`, so a request the proxy refuses
/// is never reported valid there.
public enum RequestScreen {
    /// The check of a request read from the wire (`head` and its de-chunked `body`).
    static func screen(head: RequestHead, body: [UInt8], clientCertificate: ClientCertificate?, state: SpecState,
                       settings: ScreenSettings) -> ScreenedRequest {
        var guardViolations = RequestGuards.violations(head, sensitiveHeaderNames: state.sensitiveHeaderNames)
        var validatedBody = body
        var bodyWasDecoded = false
        var refusedCoding = false
        if !body.isEmpty, head.headers.contains(.contentEncoding), settings.requestContentCoding == .refuse,
           (try? ContentDecoding.codings(head.headers.values(.contentEncoding)).get())?.isEmpty != true {
            // `request-content-coding: refuse`: 415, naming the one coding accepted (RFC 7694 §3).
            refusedCoding = true
            guardViolations.append(Violation(location: .header, name: "Content-Encoding", keyword: "content-encoding",
                                             message: "request bodies with a content coding are not accepted; send it uncoded",
                                             kind: .unsupportedMediaType))
        } else if !body.isEmpty, head.headers.contains(.contentEncoding) {
            // Validate what the service will read: the decoded bytes, which are also what gets forwarded.
            let decoded = ContentDecoding.codings(head.headers.values(.contentEncoding)).flatMap {
                ContentDecoding.decode(body, codings: $0, maximumBytes: settings.maximumRequestBodyBytes,
                                       maximumRatio: settings.maximumDecompressionRatio)
            }
            switch decoded {
            case .success(let bytes):
                validatedBody = bytes
                bodyWasDecoded = true
            case .failure(let failure):
                guardViolations.append(failure.violation)
            }
        }
        let request = HTTPRequest(method: head.method, target: head.uri, headers: head.headers,
                                  body: validatedBody, clientCertificate: clientCertificate)
        var verdict = state.validator.validate(request: request)
        // A refused coded body was not read: what its coded bytes break says nothing (as for `Expect: 100-continue`).
        if refusedCoding { verdict.violations.removeAll { $0.location == .body } }
        if let override = RequestGuards.formMethodOverride(contentType: request.contentType, body: validatedBody) {
            guardViolations.append(override)
        }
        if let index = verdict.operationIndex {
            guardViolations += RequestGuards.queryAliases(query: request.query, declared: state.bracketableQueryNames[index])
            if !body.isEmpty, state.operationsWithoutBody.contains(index) {
                guardViolations.append(Violation(location: .body, keyword: "unexpected-body",
                                                 message: "the operation declares no request body; a body would reach the service unvalidated"))
            }
        }
        if !guardViolations.isEmpty { verdict.violations.insert(contentsOf: guardViolations, at: 0) }
        // A coded body is forwarded as it was validated or as it came, never normalized (that would need the coding redone).
        if bodyWasDecoded { verdict.normalized = nil }
        if refusedCoding { verdict.responseHeaders.append(name: "Accept-Encoding", value: "identity") }
        // `forward`: validated inflated, sent on as it came.
        if settings.requestContentCoding == .forward { bodyWasDecoded = false }
        let routing = upstreamRoutingViolations(request, operationIndex: verdict.operationIndex, state: state, settings: settings)
        if !routing.isEmpty { verdict.violations.insert(contentsOf: routing, at: 0) }
        return (request, verdict, validatedBody, bodyWasDecoded)
    }

    /// The check of a recorded request (`specguard validate --request`), as the proxy would make it with `settings`:
    /// the verdict, with the proxy's refusals in front of the validator's violations.
    public static func verdict(for request: HTTPRequest, httpVersionMinor: Int = 1, state: SpecState, settings: ScreenSettings) -> RequestVerdict {
        let head = RequestHead(method: request.method, uri: request.target, versionMinor: httpVersionMinor, headers: request.headers,
                               framing: request.body.isEmpty ? .none : .length(request.body.count), isKeepAlive: true)
        return screen(head: head, body: request.body, clientCertificate: request.clientCertificate, state: state, settings: settings).verdict
    }

    /// Paths the upstream may route differently from the validator: an encoded slash or backslash (unless
    /// allowed), and with `case-insensitive-upstream-paths` a path that reaches another operation without case.
    /// Shared by the full check and the head-only check of `Expect: 100-continue`.
    static func upstreamRoutingViolations(_ request: HTTPRequest, operationIndex: Int?, state: SpecState, settings: ScreenSettings) -> [Violation] {
        var violations: [Violation] = []
        let path = request.path
        let escapes = percentEscapes(in: path)
        if !settings.allowEncodedSlashes, let found = escapes.encodedSlash, let encoded = escapes.text(found, in: path) {
            violations.append(Violation(location: .path, keyword: "encoded-slash",
                                        message: "the path contains \(encoded); an upstream that decodes it, or reads a backslash as /, before routing could serve another route than the one validated"))
        }
        if let found = escapes.escapedEscape, let escaped = escapes.text(found, in: path) {
            violations.append(Violation(location: .path, keyword: "double-encoding",
                                        message: "the path holds \(escaped), an escaped escape: servers that decode the path twice (Apache's mod_rewrite rewriting into PATH_INFO or a query string, a proxy passing on a decoded path) read another path than the one validated"))
        }
        if !settings.allowEncodedDelimiters, let found = escapes.encodedDelimiter, let delimiter = escapes.text(found, in: path) {
            violations.append(Violation(location: .path, keyword: "encoded-delimiter",
                                        message: "the path contains \(delimiter), an encoded ? or #: a proxy that decodes the path and passes it on (nginx proxy_pass with $1 or $uri) ends the path there, so the service would route another path than the one validated"))
        }
        if let found = escapes.encodedControl, let control = escapes.text(found, in: path) {
            violations.append(Violation(location: .path, keyword: "encoded-control",
                                        message: "the path contains \(control), an encoded line break or tab: a rewrite behind the proxy stops at it or writes it raw into the request line, so the service would read another path than the one validated"))
        }
        // The readings below are looked at only for paths holding the bytes each needs (most paths hold none).
        let traits = PathTraits(path)
        if traits.any(PathTraits.semicolon | PathTraits.colon | PathTraits.dot | PathTraits.percent),
           let alias = RequestGuards.aliasedPathConflict(router: state.document.router, method: request.method, target: request.target,
                                                         operationIndex: operationIndex) {
            violations.append(alias)
        }
        if let operationIndex, traits.any(PathTraits.semicolon),
           let servlet = servletReading(request, path: path, operationIndex: operationIndex, state: state) {
            violations.append(servlet)
        }
        if let operationIndex, traits.any(PathTraits.dot | PathTraits.percent),
           let script = scriptPrefixReading(request, path: path, operationIndex: operationIndex, state: state) {
            violations.append(script)
        }
        if let operationIndex, traits.any(PathTraits.lastSegmentDotOrPercent),
           let format = formatSuffixReading(request, path: path, operationIndex: operationIndex, state: state) {
            violations.append(format)
        }
        if let operationIndex, state.hasTrailingSlashTemplate,
           let slash = trailingSlashReading(request, path: path, operationIndex: operationIndex, state: state) {
            violations.append(slash)
        }
        if let operationIndex, traits.any(PathTraits.endsInIndex) || (state.hasUnderscoreLiteral && traits.any(PathTraits.punctuation)),
           let cherryPy = cherryPyReading(request, path: path, endsInIndex: traits.any(PathTraits.endsInIndex), operationIndex: operationIndex,
                                          state: state) {
            violations.append(cherryPy)
        }
        if settings.caseInsensitiveUpstreamPaths,
           let conflict = RequestGuards.caseFoldedConflict(router: state.document.router, method: request.method, target: request.target,
                                                           operationIndex: operationIndex) {
            violations.append(conflict)
        }
        return violations
    }

    /// Servlet containers (Tomcat, Jetty, and Spring or JAX-RS on them) drop each path segment's `;parameters` (from the
    /// first raw `;`) before routing, and Tomcat then merges the `//` an emptied segment leaves. So `/tenants/;/admin/users`,
    /// validated as a public `/tenants/{tenant}/admin/users` with `tenant` = `;`, reached a secured `/tenants/admin/users`
    /// on Tomcat, `/reports/;` reached the servlet of `/reports/`, and `/reports/a;bcd` (`id` = `a;bcd`, minLength 3) gave
    /// the service `id` = `a` (found by an audit with Tomcat 10 and Jetty 9). Refused: a segment emptied so, and a path
    /// whose servlet reading routes elsewhere, to nothing declared, or breaks the operation's path parameters. Operations
    /// with a `matrix` path parameter (whose values are `;name=value`) are left alone. Called only for paths with a raw `;`
    /// (`PathTraits`).
    static func servletReading(_ request: HTTPRequest, path: Substring, operationIndex: Int, state: SpecState) -> Violation? {
        let router = state.document.router
        guard operationIndex >= 0, operationIndex < router.operations.count,
              !router.operations[operationIndex].parameters.contains(where: { $0.location == .path && $0.style == .matrix }) else { return nil }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard let semicolon = segment.firstIndex(of: ";") else {
                segments.append(segment)
                continue
            }
            let kept = segment[..<semicolon]
            if kept.isEmpty {
                return Violation(location: .path, keyword: "path-alias",
                                 message: "a path segment made only of ;parameters (\(String(segment.prefix(40)))): servlet containers drop it (Tomcat also merges the // it leaves), so the service would route another path than the one validated")
            }
            segments.append(kept)
        }
        let reading = segments.joined(separator: "/")
        let target = reading + (request.query.map { "?" + $0 } ?? "")
        let reached = router.route(method: request.method, target: target).match?.operationIndex
        guard reached == operationIndex else {
            return Violation(location: .path, keyword: "path-alias",
                             message: "servlet containers drop ;parameters from path segments and would route this path as \(reading), to \(operationPath(reached, router)), not to the operation validated")
        }
        // The same operation: its path parameters as the servlet reads them must be valid too.
        let servletRequest = HTTPRequest(method: request.method, target: target, headers: request.headers, body: [], clientCertificate: nil)
        guard let broken = state.validator.validate(request: servletRequest).violations.first(where: { $0.location == .path }) else { return nil }
        return Violation(location: .path, name: broken.name, keyword: "path-alias",
                         message: "servlet containers drop ;parameters from path segments and read this path as \(reading), where \(broken.message)")
    }

    /// PHP front controllers behind nginx or Apache with PHP-FPM (Symfony, Laravel) read a path that starts with a script
    /// name as that script plus a path info, and Symfony strips the script's name even without a `/` after it:
    /// `/index.phpadmin/users`, validated as a public `/{tenant}/users`, was routed to a secured `/admin/users` there, and
    /// `/index.php/users` to an undeclared `/users` (found by an audit with nginx, PHP-FPM and Symfony 5.4). A path whose
    /// first segment holds `.php` (a script at the document root) and whose reading after it routes to another operation
    /// or to none is refused, unless the operation's own template holds `.php`. Called only for paths holding a `.` or a `%`.
    static func scriptPrefixReading(_ request: HTTPRequest, path: Substring, operationIndex: Int, state: SpecState) -> Violation? {
        let raw = Array(path.utf8)
        let decoded = raw.contains(UInt8(ascii: "%")) ? Array((percentDecode(String(path)) ?? String(path)).utf8) : raw
        // Only a script at the document root: the first segment must hold the `.php` (`/index.php...`, `/app.php...`), so a
        // file name as a parameter value further on (`/files/report.php`) is not taken for a front controller.
        guard let end = endOfPHP(decoded), !decoded[1..<max(1, end)].contains(UInt8(ascii: "/")) else { return nil }
        let router = state.document.router
        guard operationIndex >= 0, operationIndex < router.operations.count,
              endOfPHP(Array(router.operations[operationIndex].path.utf8)) == nil else { return nil }
        let rest = decoded[end...].drop { $0 == UInt8(ascii: "/") }
        let reading = "/" + String(decoding: rest, as: UTF8.self)
        let encoded = reading.split(separator: "/", omittingEmptySubsequences: false).map { PercentEncoding.encode(String($0)) }.joined(separator: "/")
        let target = encoded + (request.query.map { "?" + $0 } ?? "")
        let reached = router.route(method: request.method, target: target).match?.operationIndex
        guard reached != operationIndex else { return nil }
        return Violation(location: .path, keyword: "path-alias",
                         message: "PHP front controllers read the path after its .php as the route (\(reading)), to \(operationPath(reached, router)), not to the operation validated")
    }

    /// Rails (every route ends in an optional `(.:format)`, and a path parameter stops at the first `.`) and Mojolicious
    /// (routes with `format => [...]`) read a last segment `me.json` as `me` with the format `json`: `/users/me.json`,
    /// validated as a public `/users/{name}` with `name` = `me.json`, ran a secured `/users/me` there (found by an audit
    /// with Rails 6.1 on Puma and Mojolicious 9.31), and Spring 4's suffix pattern match reads `/reports/summary.pdf`,
    /// validated as a public `/reports/{id}.pdf`, as a secured `/reports/summary` (found by an audit with Spring 4.3). The
    /// path cut at each dot of its last segment (raw or `%2E`) is routed again; reaching another operation is refused when
    /// the template's last segment is a whole parameter, and reaching a literal route when it mixes a parameter with
    /// text (`{name}.{ext}` beside `{name}` is two ways to serve one file, not an alias). A cut that reaches the same
    /// operation (`/files/report.pdf`) is left alone: a service that strips the suffix reads a shorter value of the same
    /// parameter. Called only for paths whose last segment holds a `.` or a `%` (`PathTraits`).
    static func formatSuffixReading(_ request: HTTPRequest, path: Substring, operationIndex: Int, state: SpecState) -> Violation? {
        let utf8 = path.utf8
        let segmentStart = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        let router = state.document.router
        guard operationIndex >= 0, operationIndex < router.operations.count else { return nil }
        // The template's last segment: a whole parameter (Rails, Mojolicious: any other operation counts), or a parameter
        // with literal text (`{id}.pdf`: Spring's suffix pattern match reads `/reports/summary.pdf` as `/reports/summary`,
        // so a literal route reached so counts). A literal last segment (`/openapi.json`) is matched exactly everywhere.
        let lastTemplateSegment = Self.lastSegment(router.operations[operationIndex].path)
        guard lastTemplateSegment.contains("{") else { return nil }
        let wholeParameter = lastTemplateSegment.first == "{" && lastTemplateSegment.last == "}"
            && lastTemplateSegment.dropFirst().dropLast().allSatisfy { $0 != "{" && $0 != "}" }
        // Every dot, raw or encoded (`me%2Ejson`), from the first (where a Rails parameter ends) on (Spring's `.*`).
        let bytes = Array(utf8[segmentStart...])
        var cuts: [Int] = []
        var index = 0
        while index < bytes.count, cuts.count < 8 {
            if bytes[index] == UInt8(ascii: ".") {
                cuts.append(index)
            } else if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "2"), bytes[index + 2] | 0x20 == UInt8(ascii: "e") {
                cuts.append(index)
            }
            index += 1
        }
        let prefix = String(decoding: utf8[..<segmentStart], as: UTF8.self)
        // A cut that leaves the segment empty (`.env`) routes nothing a format reading would.
        for cut in cuts where cut > 0 {
            let reading = prefix + String(decoding: bytes[..<cut], as: UTF8.self)
            guard let reached = router.route(method: request.method, target: reading).match?.operationIndex, reached != operationIndex,
                  reached >= 0, reached < router.operations.count else { continue }
            if !wholeParameter, Self.lastSegment(router.operations[reached].path).contains("{") { continue }
            return Violation(location: .path, keyword: "path-alias",
                             message: "frameworks that read a last segment's .suffix as a response format (Rails, Mojolicious, Spring's suffix patterns) route this path as \(reading), to \(operationPath(reached, router)), not to the operation validated")
        }
        return nil
    }

    /// Spring MVC 4 (`useTrailingSlashMatch`) and Grape serve a path with and without its trailing slash alike:
    /// `/docs/drafts/`, validated as a public `/docs/{id}/`, ran a secured `/docs/drafts`, and in Grape `/files/archive`
    /// (a public `/files/{id}`) a secured `/files/archive/` (found by an audit with Spring 4.3 and Grape 1.6). The path
    /// with its trailing slash toggled is routed again; reaching another operation is refused. Looked at only when some
    /// template ends in `/` (without one, a toggled path routes nowhere new).
    static func trailingSlashReading(_ request: HTTPRequest, path: Substring, operationIndex: Int, state: SpecState) -> Violation? {
        guard path.utf8.count > 1 else { return nil }
        let reading = path.utf8.last == UInt8(ascii: "/") ? String(path.dropLast()) : String(path) + "/"
        let router = state.document.router
        guard let reached = router.route(method: request.method, target: reading).match?.operationIndex, reached != operationIndex else { return nil }
        return Violation(location: .path, keyword: "path-alias",
                         message: "frameworks that ignore a trailing slash (Spring, Grape) route this path as \(reading), to \(operationPath(reached, router)), not to the operation validated")
    }

    /// CherryPy's object dispatcher (its default, and `MethodDispatcher`) looks each decoded segment up as an attribute with
    /// every ASCII punctuation character turned into `_`, and takes a last segment `index` as the `index` handler of the
    /// path before it: `/admin-panel/users`, validated as a public `/{tenant}/users`, ran a secured `/admin_panel/users`,
    /// and `/reports/index` (a public `/reports/{id}`) the secured list `/reports` (found by an audit with CherryPy 18).
    /// A path whose reading routes to another operation is refused. The punctuation reading is looked at only when some
    /// template has a literal segment with `_` (no other can differ), the `index` one only for a last segment `index`
    /// (`endsInIndex`, from `PathTraits`).
    static func cherryPyReading(_ request: HTTPRequest, path: Substring, endsInIndex: Bool, operationIndex: Int, state: SpecState) -> Violation? {
        guard endsInIndex || state.hasUnderscoreLiteral else { return nil }
        var segments: [String] = []
        var changed = false
        for raw in path.split(separator: "/") {
            guard let decoded = percentDecode(String(raw)) else { return nil }
            var translated = ""
            for scalar in decoded.unicodeScalars {
                if scalar.isASCII, Self.isPunctuation(UInt8(scalar.value)), scalar != "_" {
                    translated.unicodeScalars.append("_")
                    changed = true
                } else {
                    translated.unicodeScalars.append(scalar)
                }
            }
            segments.append(translated)
        }
        guard changed || endsInIndex else { return nil }
        let router = state.document.router
        var readings: [[String]] = []
        if changed && state.hasUnderscoreLiteral { readings.append(segments) }
        if segments.last == "index" { readings.append(Array(segments.dropLast())) }
        for reading in readings {
            let target = "/" + reading.map { PercentEncoding.encode($0) }.joined(separator: "/")
            guard let reached = router.route(method: request.method, target: target).match?.operationIndex, reached != operationIndex else { continue }
            return Violation(location: .path, keyword: "path-alias",
                             message: "CherryPy reads punctuation in path segments as _ and a last segment index as the path before it, so it would route this path as \(target), to \(operationPath(reached, router)), not to the operation validated")
        }
        return nil
    }

    /// ASCII punctuation as Python's `string.punctuation` lists it.
    static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// A path template's last segment (`{name}` of `/users/{name}`, `{name}.{ext}` of `/files/{name}.{ext}`).
    private static func lastSegment(_ template: String) -> Substring {
        template.lastIndex(of: "/").map { template[template.index(after: $0)...] } ?? Substring(template)
    }

    /// The template of the operation a reading reached, for messages.
    private static func operationPath(_ index: Int?, _ router: Router) -> String {
        index.flatMap { $0 >= 0 && $0 < router.operations.count ? router.operations[$0].path : nil } ?? "no declared operation"
    }

    /// The index just after the first `.php` (any case) in `bytes`.
    private static func endOfPHP(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == UInt8(ascii: ".") {
            if bytes[index + 1] | 0x20 == UInt8(ascii: "p"), bytes[index + 2] | 0x20 == UInt8(ascii: "h"), bytes[index + 3] | 0x20 == UInt8(ascii: "p") {
                return index + 4
            }
        }
        return nil
    }

    /// Which bytes a raw path holds, for the readings of `upstreamRoutingViolations`: one pass over its bytes in place
    /// (each reading's own scan of a `Substring`'s UTF-8 view cost about 300 instructions per request in callgrind).
    struct PathTraits {
        static let semicolon: UInt16 = 1, colon: UInt16 = 2, dot: UInt16 = 4, percent: UInt16 = 8
        /// ASCII punctuation other than `/` and `_` (CherryPy's reading).
        static let punctuation: UInt16 = 16
        /// The last segment holds a `.` or a `%` (format suffixes).
        static let lastSegmentDotOrPercent: UInt16 = 32
        /// The last segment is exactly `index` (CherryPy).
        static let endsInIndex: UInt16 = 64

        let bits: UInt16

        init(_ path: Substring) {
            var path = path
            bits = path.withUTF8 { bytes in
                var bits: UInt16 = 0
                var last: UInt16 = 0
                var segmentStart = 0
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    switch byte {
                    case UInt8(ascii: "/"): last = 0; segmentStart = index + 1; continue
                    case UInt8(ascii: ";"): bits |= Self.semicolon
                    case UInt8(ascii: ":"): bits |= Self.colon
                    case UInt8(ascii: "."): bits |= Self.dot; last = Self.lastSegmentDotOrPercent
                    case UInt8(ascii: "%"): bits |= Self.percent; last = Self.lastSegmentDotOrPercent
                    default: break
                    }
                    if byte != UInt8(ascii: "_"), RequestScreen.isPunctuation(byte) { bits |= Self.punctuation }
                }
                bits |= last
                if bytes.count - segmentStart == 5, bytes[segmentStart] == UInt8(ascii: "i"), bytes[segmentStart + 1] == UInt8(ascii: "n"),
                   bytes[segmentStart + 2] == UInt8(ascii: "d"), bytes[segmentStart + 3] == UInt8(ascii: "e"), bytes[segmentStart + 4] == UInt8(ascii: "x") {
                    bits |= Self.endsInIndex
                }
                return bits
            }
        }

        @inline(__always)
        func any(_ mask: UInt16) -> Bool { bits & mask != 0 }
    }

    /// The escapes in a raw path an upstream may read otherwise, each the first as found: its offsets in the path's UTF-8
    /// (plain integers, so the result is copied and dropped without reference counting: as `String`s they cost a dozen
    /// retains and releases per request in callgrind, found or not).
    struct PathEscapes {
        /// `%2F` or `%5C` (any case), an encoded slash or backslash, or a raw `\`: WHATWG URL parsers (Node's `new URL`)
        /// read it as `/`, so `/\acme/users/me`, a public `/{tenant}/users/{id}` here, was the secured `/users/me` there
        /// (`//acme` became a host) and `/admin\./users` a secured `/admin/users` (found by an audit with Node 20).
        var encodedSlash: Range<Int>?
        /// An escaped escape: a `%25` whose next two characters, each raw or itself percent-encoded, are hex digits, so
        /// that the path decoded once still holds an escape (`%2561`, `%25%36%31`, `%256%31`, `%25%361`). Apache's
        /// mod_rewrite decodes the path once more when a rule rewrites it into `index.php/$1` or `index.php?url=$1`:
        /// `/%2561dmin/users`, validated as a public `/{tenant}/users` with `tenant` = `%61dmin`, ran a secured
        /// `/admin/users` there (found by an audit with Apache 2.4 and mod_php); nginx's `proxy_pass http://app/$1` or
        /// `$uri` passes the decoded `%61dmin` on, which the service decodes again (`/%25%36%31dmin/users`, found by an
        /// audit of proxies between the sidecar and the service). A literal `%` followed by two hex digits in a path
        /// value is that rare.
        var escapedEscape: Range<Int>?
        /// `%3F` or `%23`: an encoded `?` or `#`. A proxy behind the sidecar that decodes the path and passes it on
        /// unescaped (nginx `proxy_pass http://app/$1` or `$uri`, Caddy's `rewrite /{re.api.1}`) turns it into the end
        /// of the path: `/users/me%3F`, validated as `/users/{id}`, ran a secured `/users/me`, and `/docs/x%3Fmode=evil`
        /// gave the service a query value its enum forbids.
        var encodedDelimiter: Range<Int>?
        /// `%0A`, `%0D` or `%09`: a line break or tab. The other controls are refused as parameter values; these three
        /// end a regular expression's `.` (ingress-nginx's `rewrite-target: /$2` cut `/api/admin%0a/users` to a secured
        /// `/admin`) or land raw in the request line a proxy behind writes (`$uri`), splitting it into injected headers.
        var encodedControl: Range<Int>?

        /// The text of one of them in `path` (the path they were found in).
        func text(_ range: Range<Int>, in path: Substring) -> String? {
            guard range.lowerBound >= 0, range.upperBound <= path.utf8.count else { return nil }
            let utf8 = path.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound), end = utf8.index(start, offsetBy: range.count)
            return String(decoding: utf8[start..<end], as: UTF8.self)
        }
    }

    /// Every kind of `PathEscapes` in one search for `%` or `\` at a time over the bytes in place (no copy per request;
    /// paths without either pay one byte scan).
    static func percentEscapes(in path: Substring) -> PathEscapes {
        var path = path
        return path.withUTF8 { bytes in
            var found = PathEscapes()
            var from = 0
            while let percent = ByteSearch.firstIndex(ofAny: 0x25, 0x5C, 0x5C, in: bytes, from: from, upTo: bytes.count) {
                from = percent + 1
                if bytes[percent] == 0x5C {
                    if found.encodedSlash == nil { found.encodedSlash = percent..<(percent + 1) }
                    continue
                }
                guard percent + 2 < bytes.count else { break }
                let high = bytes[percent + 1], low = bytes[percent + 2] | 0x20
                func text(_ end: Int) -> Range<Int> { percent..<min(end, bytes.count) }
                if found.encodedSlash == nil, (high == UInt8(ascii: "2") && low == UInt8(ascii: "f")) || (high == UInt8(ascii: "5") && low == UInt8(ascii: "c")) {
                    found.encodedSlash = text(percent + 3)
                }
                if found.encodedDelimiter == nil, (high == UInt8(ascii: "3") && low == UInt8(ascii: "f")) || (high == UInt8(ascii: "2") && low == UInt8(ascii: "3")) {
                    found.encodedDelimiter = text(percent + 3)
                }
                if found.encodedControl == nil, high == UInt8(ascii: "0"), low == UInt8(ascii: "a") || low == UInt8(ascii: "d") || low == UInt8(ascii: "9") {
                    found.encodedControl = text(percent + 3)
                }
                if found.escapedEscape == nil, high == UInt8(ascii: "2"), bytes[percent + 2] == UInt8(ascii: "5"),
                   let first = decodedCharacter(bytes, at: percent + 3), isHex(first.byte),
                   let second = decodedCharacter(bytes, at: percent + 3 + first.length), isHex(second.byte) {
                    found.escapedEscape = text(percent + 3 + first.length + second.length)
                }
            }
            return found
        }
    }

    /// The character at `index` after one percent-decoding: a `%` and two hex digits, or the raw byte.
    private static func decodedCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (byte: UInt8, length: Int)? {
        guard index < bytes.count else { return nil }
        guard bytes[index] == 0x25 else { return (bytes[index], 1) }
        guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return (0x25, 1) }
        return (high << 4 | low, 3)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func isHex(_ byte: UInt8) -> Bool { hexValue(byte) != nil }
}
