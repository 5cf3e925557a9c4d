import Testing

/// What the proxy must do with one attack.
enum BypassOutcome: Sendable, Equatable {
    /// A problem answer with this status, and nothing reaches the upstream.
    case rejected(Int)
    /// Forwarded byte-identical (method, target, body; headers as promised) after validating this operation.
    case forwarded(String)
}

/// One row of the bypass table.
struct BypassCase: Sendable, CustomTestStringConvertible {
    var name: String
    var request: [UInt8]
    var outcome: BypassOutcome
    /// For `Expect: 100-continue`: whether a `100 Continue` must (true) or must not (false) precede the answer.
    var continueSent: Bool?
    /// The problem document must name this keyword (for rejections whose reason matters).
    var keyword: String?
    /// The request as the proxy reads it, when its framing is re-serialized (the upstream must get this form).
    var readAs: [UInt8]?

    init(_ name: String, _ request: [UInt8], _ outcome: BypassOutcome, keyword: String? = nil, continueSent: Bool? = nil, readAs: [UInt8]? = nil) {
        self.keyword = keyword
        self.name = name
        self.request = request
        self.outcome = outcome
        self.continueSent = continueSent
        self.readAs = readAs
    }

    var testDescription: String { name }
}

let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

/// Parser-differential and smuggling attacks, each with the one acceptable answer.
let bypassCases: [BypassCase] = pathCases + queryCases + bodyCases + contentTypeCases + headerCases + targetAndHostCases
    + chunkedCases + expectCases + contentEncodingCases

let pathCases: [BypassCase] = [
    BypassCase("baseline GET is forwarded", Wire.get("/items/7"), .forwarded("getItem")),
    BypassCase("percent-encoded digit is forwarded unchanged", Wire.get("/items/%37"), .forwarded("getItem")),
    BypassCase("encoded slash is refused", Wire.get("/notes/a%2Fb"), .rejected(400), keyword: "encoded-slash"),
    BypassCase("encoded lowercase backslash is refused", Wire.get("/notes/a%5cb"), .rejected(400), keyword: "encoded-slash"),
    // Node's WHATWG `new URL` reads a raw backslash as `/`: `/\acme/users/me` lost `acme` as a host, `/admin\./users` lost its
    // `.` segment (found by an audit with Node 20).
    BypassCase("a raw backslash is refused", Wire.get("/notes/a\\b"), .rejected(400), keyword: "encoded-slash"),
    BypassCase("a raw backslash before a dot is refused", Wire.get("/notes/admin\\."), .rejected(400), keyword: "encoded-slash"),
    BypassCase("encoded dot-dot segment is refused", Wire.get("/notes/%2e%2e/admin/stats"), .rejected(400), keyword: "target"),
    BypassCase("mixed-case encoded dots are refused", Wire.get("/notes/%2E%2e"), .rejected(400)),
    BypassCase("double-encoded dots are refused by the path-traversal rule", Wire.get("/notes/%252e%252e"), .rejected(400)),
    // Forwarded as one literal segment until an audit with Apache 2.4: mod_rewrite decodes a rewritten path once more.
    BypassCase("a double-encoded slash is refused", Wire.get("/notes/a%252Fb"), .rejected(400), keyword: "double-encoding"),
    BypassCase("a double-encoded letter is refused", Wire.get("/notes/%2561dmin"), .rejected(400), keyword: "double-encoding"),
    BypassCase("an escaped percent sign before other text is forwarded", Wire.get("/notes/100%25off"), .forwarded("getNote")),
    // The hex digits after %25 encoded themselves: nginx's `proxy_pass http://app/$1` or `$uri` passes the once-decoded
    // `%61dmin` on, which the service decodes again (found by an audit of proxies between the sidecar and the service).
    BypassCase("an escaped escape whose digits are encoded is refused", Wire.get("/notes/%25%36%31dmin"), .rejected(400), keyword: "double-encoding"),
    BypassCase("an escaped escape whose second digit is encoded is refused", Wire.get("/notes/%256%31dmin"), .rejected(400), keyword: "double-encoding"),
    BypassCase("an escaped escape whose first digit is encoded is refused", Wire.get("/notes/%25%361dmin"), .rejected(400), keyword: "double-encoding"),
    BypassCase("an escaped escape spelling an encoded slash is refused", Wire.get("/notes/a%25%32%46b"), .rejected(400), keyword: "double-encoding"),
    BypassCase("an escaped percent sign before an encoded non-digit is forwarded", Wire.get("/notes/100%25%21"), .forwarded("getNote")),
    // An encoded ? or # ends the path for a proxy behind that decodes it and passes it on (nginx `$1`/`$uri`, Caddy's rewrite).
    BypassCase("an encoded question mark in the path is refused", Wire.get("/notes/me%3F"), .rejected(400), keyword: "encoded-delimiter"),
    BypassCase("an encoded question mark before a query is refused", Wire.get("/notes/x%3fmode=evil"), .rejected(400), keyword: "encoded-delimiter"),
    BypassCase("an encoded number sign in the path is refused", Wire.get("/notes/admin%23x"), .rejected(400), keyword: "encoded-delimiter"),
    // An encoded line break ends ingress-nginx's `rewrite-target: /$2` capture, or lands raw in the request line behind `$uri`.
    BypassCase("an encoded line feed in the path is refused", Wire.get("/notes/admin%0a"), .rejected(400), keyword: "encoded-control"),
    BypassCase("an encoded carriage return in the path is refused", Wire.get("/notes/a%0Db"), .rejected(400), keyword: "encoded-control"),
    BypassCase("an encoded tab in the path is refused", Wire.get("/notes/a%09b"), .rejected(400), keyword: "encoded-control"),
    BypassCase("leading double slash is not routed", Wire.get("//items/7"), .rejected(404)),
    BypassCase("inner double slash is not routed", Wire.get("/items//7"), .rejected(404)),
    BypassCase("leading dot segment is refused", Wire.get("/./items/7"), .rejected(400)),
    BypassCase("inner dot segment is refused", Wire.get("/items/./7"), .rejected(400)),
    BypassCase("dot-dot traversal to a protected route is refused", Wire.get("/notes/x/../../admin/stats"), .rejected(400)),
    BypassCase("trailing slash is not routed", Wire.get("/items/7/"), .rejected(404)),
    BypassCase("upper-case path is not routed", Wire.get("/ITEMS/7"), .rejected(404)),
    BypassCase("case variant of a protected path is not routed", Wire.get("/Admin/stats"), .rejected(404)),
    BypassCase("overlong UTF-8 dots are refused", Wire.get("/notes/%C0%AE%C0%AE"), .rejected(400), keyword: "target"),
    BypassCase("overlong UTF-8 slash is refused", Wire.get("/notes/a%C0%AFb"), .rejected(400)),
    BypassCase("encoded NUL in a path parameter is refused", Wire.get("/notes/a%00b"), .rejected(400), keyword: "nul-character"),
    BypassCase("raw NUL in the request line is refused", Array("GET /notes/a".utf8) + [0] + Array("b HTTP/1.1\r\nHost: h\r\n\r\n".utf8), .rejected(400)),
    BypassCase("matrix parameter on an integer id is refused", Wire.get("/items/7;jsessionid=1"), .rejected(400)),
    BypassCase("servlet dot-dot-semicolon segment is refused", Wire.get("/notes/..;"), .rejected(400), keyword: "target"),
    // Windows path handling (IIS) trims trailing dots and spaces from segments: `..%20` and `...` are `..` there.
    BypassCase("dot-dot with an encoded trailing space is refused", Wire.get("/notes/x/..%20/..%20/admin/stats"), .rejected(400), keyword: "target"),
    BypassCase("three dots are refused", Wire.get("/notes/x/.../admin/stats"), .rejected(400), keyword: "target"),
    BypassCase("dot, space, dot is refused", Wire.get("/notes/.%20./admin/stats"), .rejected(400), keyword: "target"),
    BypassCase("a title with dots and letters is forwarded", Wire.get("/notes/v1.2..final"), .forwarded("getNote")),
    BypassCase("servlet dot-dot-semicolon traversal is refused", Wire.get("/notes/..;/admin/stats"), .rejected(400), keyword: "target"),
    BypassCase("matrix parameter on a literal segment is not routed", Wire.get("/admin;x=1/stats"), .rejected(404)),
    BypassCase("raw backslash traversal is refused", Wire.get("/notes/..\\admin"), .rejected(400)),
    BypassCase("fragment in the target is refused", Wire.get("/search?limit=5#&limit=500"), .rejected(400)),
    BypassCase("tab between request-line parts is refused", Array("GET /items/7\tHTTP/1.1\r\nHost: h\r\n\r\n".utf8), .rejected(400)),
    // NIO's parser read a double space as one (and the proxy re-serialized the line); our reader refuses it.
    BypassCase("double space in the request line is refused", Array("GET  /items/7 HTTP/1.1\r\nHost: h\r\n\r\n".utf8), .rejected(400)),
    BypassCase("a 100 KiB target is refused", Wire.get("/notes/" + String(repeating: "a", count: 100_000)), .rejected(431), keyword: "max-header-size"),
]

let queryCases: [BypassCase] = [
    BypassCase("valid query is forwarded", Wire.get("/search?limit=5&q=abc"), .forwarded("search")),
    BypassCase("duplicate query parameter with a bad second value is refused", Wire.get("/search?limit=5&limit=500"), .rejected(400), keyword: "repeated"),
    BypassCase("duplicate query parameter with equal values is refused", Wire.get("/search?limit=5&limit=5"), .rejected(400)),
    BypassCase("empty integer query parameter is refused", Wire.get("/search?limit="), .rejected(400)),
    BypassCase("valueless integer query parameter is refused", Wire.get("/search?limit"), .rejected(400)),
    BypassCase("semicolon-separated pair is read as one value and refused", Wire.get("/search?limit=5;limit=500"), .rejected(400)),
    BypassCase("percent-encoded parameter name is decoded and checked", Wire.get("/search?%6cimit=500"), .rejected(400)),
    BypassCase("plain and encoded names are the same parameter", Wire.get("/search?limit=5&%6Cimit=6"), .rejected(400)),
    BypassCase("integer beyond 64 bits in the query is refused", Wire.get("/search?limit=18446744073709551617"), .rejected(400)),
    BypassCase("bracket spelling of a declared parameter is refused", Wire.get("/search?limit[]=500"), .rejected(400), keyword: "bracket-alias"),
    BypassCase("encoded bracket spelling of a declared parameter is refused", Wire.get("/search?limit%5Bx%5D=500"), .rejected(400), keyword: "bracket-alias"),
    BypassCase("bracket spelling of an undeclared parameter is forwarded", Wire.get("/search?tags[]=a"), .forwarded("search")),
    // ASP.NET binds query names without case, brackets and indexes included (`LIMIT[0]` is `limit`).
    BypassCase("bracket spelling of a declared parameter in another case is refused", Wire.get("/search?LIMIT[0]=500"), .rejected(400), keyword: "bracket-alias"),
    // Rack reads `[limit]`, `]limit` and `limit]` as `limit` (an audit with Sinatra behind the proxy).
    BypassCase("leading-bracket spelling of a declared parameter is refused", Wire.get("/search?[limit]=500"), .rejected(400), keyword: "bracket-alias"),
    BypassCase("stray-bracket spelling of a declared parameter is refused", Wire.get("/search?limit%5D=500"), .rejected(400), keyword: "bracket-alias"),
    // PHP turns `.` and spaces in names into `_`, last value winning (an audit with PHP 8.2 behind the proxy).
    BypassCase("declared name with an underscore is forwarded", Wire.get("/search?sort_by=name"), .forwarded("search")),
    BypassCase("a dot for the underscore of a declared name is refused", Wire.get("/search?sort_by=name&sort.by=evil"), .rejected(400), keyword: "bracket-alias"),
    BypassCase("a plus for the underscore of a declared name is refused", Wire.get("/search?sort+by=evil"), .rejected(400), keyword: "bracket-alias"),
    BypassCase("a dotted spelling of a declared name cut by NUL is refused", Wire.get("/search?sort.by%00=evil"), .rejected(400), keyword: "nul-character"),
    BypassCase("an encoded dot for the underscore of a declared name is refused", Wire.get("/search?sort%2Eby=evil"), .rejected(400), keyword: "bracket-alias"),
    BypassCase("a Content-Type with a boundary continuation is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B; boundary*0=A", target: "/subscriptions"), .rejected(415)),
    BypassCase("a word boundary before the boundary parameter is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n--B--\r\n", contentType: "multipart/form-data; boundaryx=A; boundary=B", target: "/subscriptions"), .rejected(400), keyword: "multipart"),
    BypassCase("a quoted-printable part is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"email\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=3Cb=3E@x.io\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .rejected(400), keyword: "multipart"),
    // ASP.NET binds query names without case; Rack 2 and older `parse_qs` split on `;` (found by an adversarial audit).
    BypassCase("upper-case spelling of a declared parameter is refused", Wire.get("/search?LIMIT=1000"), .rejected(400), keyword: "query-case"),
    BypassCase("mixed-case spelling next to the declared one is refused", Wire.get("/search?limit=5&Limit=1000"), .rejected(400), keyword: "query-case"),
    BypassCase("a declared parameter after a ; is refused", Wire.get("/search?q=abc;limit=1000"), .rejected(400), keyword: "query-separator"),
    BypassCase("an encoded declared name after a ; is refused", Wire.get("/search?q=abc;%6Cimit=1000"), .rejected(400), keyword: "query-separator"),
    BypassCase("a ; inside a free value is forwarded", Wire.get("/search?q=a;b"), .forwarded("search")),
    // The `;` check reads names as the other query checks do (`BracketAlias.readings`), not only with Rack's brackets.
    BypassCase("a PHP spelling of a declared name after a ; is refused", Wire.get("/search?q=;sort.by=x"), .rejected(400), keyword: "query-separator"),
    BypassCase("a declared name after a ; and a + is refused", Wire.get("/search?q=;+limit=9"), .rejected(400), keyword: "query-separator"),
    BypassCase("a padded declared name after a ; is refused", Wire.get("/search?q=;limit%09=9"), .rejected(400), keyword: "query-separator"),
    BypassCase("a declared name followed by an encoded NUL is refused", Wire.get("/search?limit=5&limit%00=1000"), .rejected(400), keyword: "nul-character"),
    // PHP drops leading spaces from names (found by a re-audit).
    BypassCase("a declared name after a + is refused", Wire.get("/search?+limit=1000"), .rejected(400), keyword: "query-alias"),
    BypassCase("a declared name after an encoded space is refused", Wire.get("/search?limit=5&%20limit=1000"), .rejected(400), keyword: "query-alias"),
    BypassCase("a body on an operation that declares none is refused", Wire.request("GET", "/items/7", ["Host: h", "Content-Type: application/json", "Content-Length: 12"]) + Array(#"{"id":99999}"#.utf8), .rejected(400), keyword: "unexpected-body"),
    BypassCase("an empty body on an operation that declares none is forwarded", Wire.request("DELETE", "/items/7", ["Host: h", "X-Admin-Key: k1", "Content-Length: 0"]), .forwarded("deleteItem")),
    BypassCase("form body is forwarded", Wire.post("email=a%40b.test", contentType: "application/x-www-form-urlencoded", target: "/subscriptions"), .forwarded("subscribe")),
    BypassCase("_method form field is refused", Wire.post("email=a%40b.test&_method=DELETE", contentType: "application/x-www-form-urlencoded", target: "/subscriptions"), .rejected(400), keyword: "method-override"),
    BypassCase("encoded _method form field is refused", Wire.post("email=x&%5Fmethod=DELETE", contentType: "application/x-www-form-urlencoded; charset=utf-8", target: "/subscriptions"), .rejected(400), keyword: "method-override"),
    BypassCase("_method query parameter is refused", Wire.get("/items/7?_method=DELETE"), .rejected(400), keyword: "method-override"),
    // Rack::MethodOverride reads `[_method]`, `_method]` and ` _method` (a raw space after `&`) as `_method`.
    BypassCase("bracketed _method form field is refused", Wire.post("email=a%40b.test&[_method]=DELETE", contentType: "application/x-www-form-urlencoded", target: "/subscriptions"), .rejected(400), keyword: "method-override"),
    BypassCase("_method form field after a raw space is refused", Wire.post("email=a%40b.test& _method=DELETE", contentType: "application/x-www-form-urlencoded", target: "/subscriptions"), .rejected(400), keyword: "method-override"),
    BypassCase("_method multipart part is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"_method\"\r\n\r\nDELETE\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .rejected(400), keyword: "method-override"),
    // PHP, Rails, Express (qs) and ASP.NET read `email[]` as `email` itself (found by a check of the open items).
    BypassCase("bracket spelling of a declared form field is refused", Wire.post("email[]=a%40b.test", contentType: "application/x-www-form-urlencoded", target: "/subscriptions"), .rejected(400), keyword: "bracket-alias"),
    BypassCase("encoded bracket spelling of a declared form field is refused", Wire.post("email%5B0%5D=x", contentType: "application/x-www-form-urlencoded", target: "/subscriptions"), .rejected(400), keyword: "bracket-alias"),
    BypassCase("bracket spelling of an undeclared form field is forwarded", Wire.post("email=a%40b.test&tags[]=x", contentType: "application/x-www-form-urlencoded", target: "/subscriptions"), .forwarded("subscribe")),
    // Starlette reads raw bytes over 0x7F as ISO-8859-1; Django decodes fields in the charset the Content-Type names.
    BypassCase("a raw non-ASCII byte in a form body is refused", Wire.post("email=\u{E9}@b.test", contentType: "application/x-www-form-urlencoded", target: "/subscriptions"), .rejected(400), keyword: "form-raw-bytes"),
    BypassCase("a form body in UTF-7 is refused", Wire.post("email=a%40b.test", contentType: "application/x-www-form-urlencoded; charset=utf-7", target: "/subscriptions"), .rejected(415), keyword: "charset"),
    // Multipart readings of Python services (an audit with Starlette/FastAPI and Flask/Werkzeug behind the proxy).
    BypassCase("multipart body is forwarded", Wire.post("--B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .forwarded("subscribe")),
    BypassCase("a backslash in a part's Content-Disposition is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"email\"; a=\"\\\\\"; b=\"; name=role; c=\"\r\n\r\nadmin\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .rejected(400), keyword: "multipart"),
    BypassCase("a backslash in the multipart boundary is refused", Wire.post("--\\B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n--\\B--\r\n--B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n--B--\r\n", contentType: "multipart/form-data; boundary=\"\\B\"", target: "/subscriptions"), .rejected(400), keyword: "multipart"),
    BypassCase("a part hidden behind bare LF delimiters is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nzz\n--B\nContent-Disposition: form-data; name=\"role\"\n\nadmin\n--B--\n\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .rejected(400), keyword: "multipart"),
    // Netty turns `;`, `,`, `:`, `=` and tabs in part names into spaces and trims; Apache HttpClient labels ASCII text parts ISO-8859-1;
    // Mojolicious reads a body as a form when its Content-Type spells the form type anywhere (found by an audit of JVM, Ruby and Perl stacks).
    BypassCase("a part name Netty cleans into a declared one is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"role;\"\r\n\r\nadmin\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .rejected(400), keyword: "bracket-alias"),
    BypassCase("an ASCII text part labelled ISO-8859-1 is forwarded", Wire.post("--B\r\nContent-Disposition: form-data; name=\"role\"\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\nuser\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .forwarded("subscribe")),
    BypassCase("a JSON type spelling the form type is refused", Wire.post(#"{"name":"a&role=admin&z="}"#, contentType: #"application/json; x="application/x-www-form-urlencoded""#), .rejected(415)),
    BypassCase("a multipart body in UTF-7 is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n+ADw-script+AD4-\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B; charset=utf-7", target: "/subscriptions"), .rejected(400), keyword: "multipart"),
    BypassCase("a JSON-labelled part for a string property is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"role\"\r\nContent-Type: application/json\r\n\r\n\"user\"\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .rejected(415), keyword: "contentType"),
    // Rack cuts a quoted boundary at `;` and takes a part's name from the last `; name=` in its head.
    BypassCase("a boundary with a semicolon is refused", Wire.post("--A;B\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nuser\r\n--A;B--\r\n--A\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\nadmin\r\n--A--\r\n", contentType: "multipart/form-data; boundary=\"A;B\"", target: "/subscriptions"), .rejected(400), keyword: "multipart"),
    BypassCase("a part head naming the part twice is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"email\"; x=\"; name=role\"\r\n\r\nadmin\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .rejected(400), keyword: "multipart"),
    BypassCase("a part named with brackets for a declared field is refused", Wire.post("--B\r\nContent-Disposition: form-data; name=\"role[]\"\r\n\r\nadmin\r\n--B--\r\n", contentType: "multipart/form-data; boundary=B", target: "/subscriptions"), .rejected(400), keyword: "bracket-alias"),
]

let bodyCases: [BypassCase] = [
    BypassCase("baseline POST is forwarded", Wire.post(Wire.validBody), .forwarded("createItem")),
    BypassCase("duplicate JSON key is refused", Wire.post(#"{"name":"a","role":"user","role":"admin"}"#), .rejected(400), keyword: "duplicate-json-keys"),
    BypassCase("duplicate JSON key spelled with an escape is refused", Wire.post(#"{"name":"a","role":"user","r\u006fle":"admin"}"#), .rejected(400), keyword: "duplicate-json-keys"),
    BypassCase("escaped key is validated as the key it spells", Wire.post(#"{"name":"a","\u0072ole":"admin"}"#), .rejected(400)),
    BypassCase("JSON with a byte order mark is refused", Wire.post(bom + Array(Wire.validBody.utf8)), .rejected(400), keyword: "json-byte-order-mark"),
    BypassCase("integer beyond 64 bits is compared exactly", Wire.post(#"{"name":"a","quantity":18446744073709551617}"#), .rejected(400), keyword: "maximum"),
    BypassCase("negative integer beyond 64 bits is compared exactly", Wire.post(#"{"name":"a","quantity":-18446744073709551617}"#), .rejected(400)),
    BypassCase("number beyond double range is refused", Wire.post(#"{"name":"a","quantity":1e400}"#), .rejected(400)),
    BypassCase("negative number beyond double range is refused (-infinity to a double reader)", Wire.post(#"{"name":"a","quantity":-1e400}"#),
               .rejected(400), keyword: "number-range"),
    BypassCase("integer of 400 digits is refused (infinity to a double reader)",
               Wire.post(#"{"name":"a","quantity":-"# + String(repeating: "9", count: 400) + "}"), .rejected(400), keyword: "number-range"),
    BypassCase("decimal a double would round to the maximum is refused", Wire.post(#"{"name":"a","price":1000.0000000000000001}"#), .rejected(400), keyword: "maximum"),
    BypassCase("integral decimal is an integer", Wire.post(#"{"name":"a","quantity":1.0}"#), .forwarded("createItem")),
    BypassCase("escaped NUL in a JSON string is refused", Wire.post(#"{"name":"a\u0000b"}"#), .rejected(400)),
    BypassCase("overlong UTF-8 in a JSON string is refused", Wire.post(Array(#"{"name":""#.utf8) + [0xC0, 0xAE] + Array(#""}"#.utf8)), .rejected(400)),
    // Go's encoding/json and ASP.NET Core bind keys to properties without case (found by an adversarial audit).
    BypassCase("a key differing from a declared property only in case is refused", Wire.post(#"{"ROLE":"admin"}"#, target: "/profiles"), .rejected(400), keyword: "case-variant-key"),
    BypassCase("a case variant after the declared key is refused", Wire.post(#"{"role":"user","Role":"admin"}"#, target: "/profiles"), .rejected(400), keyword: "case-variant-key"),
    BypassCase("a key folding by the long s is refused", Wire.post(#"{"i\u017FAdmin":true}"#, target: "/profiles"), .rejected(400), keyword: "case-variant-key"),
    BypassCase("a key folding by the Kelvin sign is refused", Wire.post("{\"\u{212A}ind\":\"robot\"}", target: "/profiles"), .rejected(400), keyword: "case-variant-key"),
    BypassCase("undeclared keys that fold onto nothing are forwarded", Wire.post(#"{"role":"user","bio":"x"}"#, target: "/profiles"), .forwarded("saveProfile")),
    BypassCase("second JSON value after the first is refused", Wire.post(#"{"name":"a"}{"role":"admin"}"#), .rejected(400)),
]

let contentTypeCases: [BypassCase] = [
    BypassCase("JSON with a foreign charset is refused", Wire.post(Wire.validBody, contentType: "application/json;charset=x"), .rejected(415)),
    BypassCase("upper-case media type is validated as JSON", Wire.post(#"{"name":"a","role":"admin"}"#, contentType: "APPLICATION/JSON"), .rejected(400)),
    BypassCase("upper-case media type with a valid body is forwarded", Wire.post(Wire.validBody, contentType: "APPLICATION/JSON"), .forwarded("createItem")),
    BypassCase("utf-8 charset parameter is accepted", Wire.post(Wire.validBody, contentType: "application/json; charset=UTF-8"), .forwarded("createItem")),
    BypassCase("undeclared json-patch media type is refused", Wire.post(#"[{"op":"add","path":"/role","value":"admin"}]"#, contentType: "application/json-patch+json"), .rejected(415)),
    BypassCase("body without Content-Type is refused", Wire.post(Wire.validBody, contentType: nil), .rejected(415)),
    BypassCase("text/plain carrying JSON is refused", Wire.post(#"{"name":"a","role":"admin"}"#, contentType: "text/plain"), .rejected(415)),
    BypassCase("a list of media types is refused", Wire.post(Wire.validBody, contentType: "application/json, text/plain"), .rejected(415)),
    BypassCase("two Content-Type fields are refused", Wire.post(Wire.validBody, headers: ["content-type: text/plain"]), .rejected(400), keyword: "content-type"),
    // A repeated parameter: this reader took the first charset, last-one-wins readers (Werkzeug) the second.
    BypassCase("a repeated charset is refused", Wire.post(#"{"name":"+ADw-script+AD4-"}"#, contentType: "application/json; charset=utf-8; charset=utf-7"),
               .rejected(415), keyword: "mediaType"),
    BypassCase("a charset in extended notation is refused", Wire.post(Wire.validBody, contentType: "application/json; charset*=utf-7"),
               .rejected(415), keyword: "mediaType"),
    BypassCase("a repeated charset in another case is refused", Wire.post(Wire.validBody, contentType: "application/json; charset=utf-8; CHARSET=utf-16le"),
               .rejected(415), keyword: "mediaType"),
]

let headerCases: [BypassCase] = [
    BypassCase("declared header parameter is forwarded", Wire.get("/search", ["Host: h", "X-Tenant: public"]), .forwarded("search")),
    BypassCase("duplicated header parameter is checked as a list", Wire.get("/search", ["Host: h", "X-Tenant: public", "X-Tenant: admin"]), .rejected(400)),
    BypassCase("case-variant duplicate header parameter is checked", Wire.get("/search", ["Host: h", "X-Tenant: public", "x-tenant: admin"]), .rejected(400)),
    BypassCase("protected route without its key is refused", Wire.get("/admin/stats"), .rejected(401)),
    BypassCase("protected route with its key is forwarded", Wire.get("/admin/stats", ["Host: h", "X-Admin-Key: k1"]), .forwarded("adminStats")),
    BypassCase("underscore spelling of a declared header parameter is refused", Wire.get("/search", ["Host: h", "X_Tenant: admin"]), .rejected(400), keyword: "underscore-header"),
    BypassCase("underscore spelling next to the declared header is refused", Wire.get("/search", ["Host: h", "X-Tenant: public", "x_tenant: admin"]), .rejected(400), keyword: "underscore-header"),
    BypassCase("underscore spelling of the API key header is refused", Wire.get("/items/7", ["Host: h", "X_Admin_Key: k1"]), .rejected(400), keyword: "underscore-header"),
    BypassCase("underscore spelling of an undeclared header is forwarded", Wire.get("/items/7", ["Host: h", "X_Trace_Id: 1"]), .forwarded("getItem")),
    // PHP reads `.` as `_` in names (found by a re-audit: `X.Tenant: evil` reached PHP as the declared X-Tenant).
    BypassCase("dotted spelling of a declared header parameter is refused", Wire.get("/search", ["Host: h", "X.Tenant: admin"]), .rejected(400), keyword: "underscore-header"),
    BypassCase("dotted spelling of the API key header is refused", Wire.get("/items/7", ["Host: h", "X.Admin.Key: k1"]), .rejected(400), keyword: "underscore-header"),
    BypassCase("repeated identical Content-Length is refused", Array("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 16\r\nContent-Length: 16\r\n\r\n{\"name\":\"apple\"}".utf8), .rejected(400)),
    BypassCase("API key sent twice in case variants is refused", Wire.get("/admin/stats", ["Host: h", "X-Admin-Key: k1", "x-admin-key: k2"]), .rejected(401)),
    BypassCase("X-HTTP-Method-Override to a protected method is refused", Wire.get("/items/7", ["Host: h", "X-HTTP-Method-Override: DELETE"]), .rejected(400), keyword: "method-override"),
    BypassCase("X-HTTP-Method is refused", Wire.get("/items/7", ["Host: h", "X-HTTP-Method: DELETE"]), .rejected(400), keyword: "method-override"),
    BypassCase("underscore spelling of X-HTTP-Method-Override is refused", Wire.get("/items/7", ["Host: h", "X_HTTP_Method_Override: DELETE"]), .rejected(400), keyword: "method-override"),
    BypassCase("underscore spelling of X-Original-URL is refused", Wire.get("/items/7", ["Host: h", "X_Original_URL: /admin/stats"]), .rejected(400), keyword: "path-override"),
    BypassCase("X-Method-Override is refused", Wire.post(Wire.validBody, headers: ["x-method-override: DELETE"]), .rejected(400), keyword: "method-override"),
    BypassCase("override naming the sent method is harmless", Wire.get("/items/7", ["Host: h", "X-HTTP-Method-Override: GET"]), .forwarded("getItem")),
    BypassCase("X-Original-URL naming a protected path is refused", Wire.get("/items/7", ["Host: h", "X-Original-URL: /admin/stats"]), .rejected(400), keyword: "path-override"),
    BypassCase("X-Rewrite-URL is refused", Wire.get("/items/7", ["Host: h", "X-Rewrite-URL: /admin/stats"]), .rejected(400), keyword: "path-override"),
    // gunicorn takes SCRIPT_NAME (any spelling) from 127.0.0.1, the proxy, and strips it from the path: `/acme/users` with
    // `SCRIPT_NAME: /acme` ran `/users`; daphne takes its root path from `Daphne-Root-Path` (found by an audit).
    BypassCase("SCRIPT_NAME prefix is refused", Wire.get("/items/7", ["Host: h", "SCRIPT_NAME: /items"]), .rejected(400), keyword: "path-override"),
    BypassCase("script_name in lower case is refused", Wire.get("/items/7", ["Host: h", "script_name: /items"]), .rejected(400), keyword: "path-override"),
    BypassCase("Script-Name with a dash is refused", Wire.get("/items/7", ["Host: h", "Script-Name: /items"]), .rejected(400), keyword: "path-override"),
    BypassCase("PATH_INFO is refused", Wire.get("/items/7", ["Host: h", "PATH_INFO: /admin/stats"]), .rejected(400), keyword: "path-override"),
    BypassCase("Daphne-Root-Path is refused", Wire.get("/items/7", ["Host: h", "Daphne-Root-Path: /items"]), .rejected(400), keyword: "path-override"),
    BypassCase("X-Script-Name is refused", Wire.get("/items/7", ["Host: h", "X-Script-Name: /items"]), .rejected(400), keyword: "path-override"),
    BypassCase("lower-case method is refused", Wire.request("get", "/items/7"), .rejected(400)),
    // `Connection` names fields a proxy must drop (RFC 9110 §7.6.1). Naming one the proxy frames by or the validator
    // reads forwarded another request than the one validated: `Content-Length` left the body unframed, so a request
    // hidden in it ran on the upstream unchecked (found by an adversarial audit); credentials, Host, Content-Type
    // vanished. Other listed fields are dropped (ProxyForwardingTests: `Connection: keep-alive, X-Hop`).
    BypassCase("Connection naming Content-Length is refused (a request smuggled in the body)",
               Wire.post(Array("GET /admin/stats HTTP/1.1\r\nHost: h\r\n\r\n".utf8), contentType: "application/octet-stream",
                         headers: ["Connection: Content-Length"], target: "/uploads"),
               .rejected(400), keyword: "connection-option"),
    BypassCase("Connection naming content-length in a list is refused", Wire.post(Wire.validBody, headers: ["Connection: keep-alive, content-length"]),
               .rejected(400), keyword: "connection-option"),
    BypassCase("a second Connection field naming Content-Length is refused",
               Wire.post(Wire.validBody, headers: ["Connection: keep-alive", "CONNECTION: Content-Length"]), .rejected(400), keyword: "connection-option"),
    BypassCase("Connection naming the API key header is refused", Wire.get("/admin/stats", ["Host: h", "X-Admin-Key: k1", "Connection: X-Admin-Key"]),
               .rejected(400), keyword: "connection-option"),
    BypassCase("Connection naming Host is refused", Wire.get("/items/7", ["Host: h", "Connection: Host"]), .rejected(400), keyword: "connection-option"),
    BypassCase("Connection naming Content-Type is refused", Wire.post(Wire.validBody, headers: ["Connection: Content-Type"]),
               .rejected(400), keyword: "connection-option"),
    BypassCase("Connection naming a declared header parameter is refused", Wire.get("/search", ["Host: h", "X-Tenant: public", "Connection: x-tenant"]),
               .rejected(400), keyword: "connection-option"),
    BypassCase("Connection naming a field the request does not carry is forwarded", Wire.get("/items/7", ["Host: h", "Connection: X-Not-Sent"]),
               .forwarded("getItem")),
    BypassCase("Connection naming a hop-by-hop field is forwarded without it", Wire.get("/items/7", ["Host: h", "Connection: keep-alive, Keep-Alive", "Keep-Alive: timeout=5"]),
               .forwarded("getItem")),
]

let targetAndHostCases: [BypassCase] = [
    BypassCase("absolute-form target matching Host is forwarded", Wire.get("http://h/items/7"), .forwarded("getItem")),
    BypassCase("absolute-form target naming another host is refused", Wire.get("http://evil.test/items/7"), .rejected(400), keyword: "target"),
    BypassCase("absolute-form target is validated on its own path", Wire.get("http://h/admin/stats"), .rejected(401)),
    BypassCase("absolute-form target with userinfo is refused", Wire.get("http://h@evil.test/items/7"), .rejected(400), keyword: "target"),
    BypassCase("absolute-form target with another scheme is refused", Wire.get("ftp://h/items/7"), .rejected(400), keyword: "target"),
    // Warp strips only a lower-case `http://`: `HTTP://h/x/users` was the path `HTTP:/` + `/h/x/users` to it (found by an audit).
    BypassCase("absolute-form target with an upper-case scheme is refused", Wire.get("HTTP://h/items/7"), .rejected(400), keyword: "target"),
    BypassCase("asterisk-form target is refused", Wire.request("OPTIONS", "*"), .rejected(400)),
    BypassCase("HTTP/1.1 without Host is refused", Wire.get("/items/7", []), .rejected(400), keyword: "host"),
    BypassCase("two Host fields are refused", Wire.get("/items/7", ["Host: h", "Host: evil.test"]), .rejected(400), keyword: "host"),
    BypassCase("a Host list is refused", Wire.get("/items/7", ["Host: h, evil.test"]), .rejected(400), keyword: "host"),
    BypassCase("Host with userinfo is refused", Wire.get("/items/7", ["Host: h@evil.test"]), .rejected(400), keyword: "host"),
    BypassCase("Host with a port is forwarded", Wire.get("/items/7", ["Host: h:8080"]), .forwarded("getItem")),
    BypassCase("empty Host is refused", Wire.get("/items/7", ["Host: "]), .rejected(400), keyword: "host"),
    BypassCase("absolute-form authority equal to Host ignoring case is forwarded", Wire.get("http://H:8080/items/7", ["Host: h:8080"]), .forwarded("getItem")),
    BypassCase("HTTP/1.0 without Host is refused", Wire.get("/items/7", [], version: "HTTP/1.0"), .rejected(400), keyword: "host"),
    BypassCase("HTTP/1.0 with Host is forwarded", Wire.get("/items/7", ["Host: h"], version: "HTTP/1.0"), .forwarded("getItem")),
]

let chunkedCases: [BypassCase] = [
    BypassCase("chunked body is forwarded de-chunked", Wire.chunked("8\r\n{\"name\":\r\n8\r\n\"apple\"}\r\n0\r\n\r\n"), .forwarded("createItem")),
    BypassCase("chunked followed by identity is refused", Wire.chunked("0\r\n\r\n", transferEncoding: ["Transfer-Encoding: chunked, identity"]), .rejected(400), keyword: "framing"),
    BypassCase("capitalised Chunked is read as chunked", Wire.chunked("10\r\n{\"name\":\"apple\"}\r\n0\r\n\r\n", transferEncoding: ["Transfer-Encoding: Chunked"]), .forwarded("createItem")),
    BypassCase("tab before chunked is optional whitespace", Wire.chunked("10\r\n{\"name\":\"apple\"}\r\n0\r\n\r\n", transferEncoding: ["Transfer-Encoding:\tchunked"]), .forwarded("createItem")),
    BypassCase("chunk extensions are dropped with the framing", Wire.chunked("10;ext=\"1\"\r\n{\"name\":\"apple\"}\r\n0;last\r\n\r\n"), .forwarded("createItem")),
    BypassCase("trailer fields are not forwarded", Wire.chunked("10\r\n{\"name\":\"apple\"}\r\n0\r\nContent-Type: text/plain\r\n\r\n"), .forwarded("createItem")),
    BypassCase("invalid JSON split over chunks is refused", Wire.chunked("8\r\n{\"name\":\r\n9\r\n\"a\",\"role\r\nb\r\n\":\"admin\"}\r\n0\r\n\r\n"), .rejected(400)),
    BypassCase("Transfer-Encoding with Content-Length is refused", Array("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), .rejected(400)),
    BypassCase("unknown transfer coding is refused", Wire.chunked("0\r\n\r\n", transferEncoding: ["Transfer-Encoding: xchunked"]), .rejected(400)),
    BypassCase("chunk size overflowing 64 bits is refused", Wire.chunked("fffffffffffffffff1\r\nx\r\n0\r\n\r\n"), .rejected(400)),
    BypassCase("Transfer-Encoding on two lines is refused", Wire.chunked("0\r\n\r\n", transferEncoding: ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"]), .rejected(400), keyword: "framing"),
    BypassCase("chunked in HTTP/1.0 is refused", Wire.chunked("10\r\n{\"name\":\"apple\"}\r\n0\r\n\r\n", version: "HTTP/1.0"), .rejected(400), keyword: "framing"),
    BypassCase("bare LF after the chunk size is refused", Wire.chunked("10\n{\"name\":\"apple\"}\r\n0\r\n\r\n"), .rejected(400)),
    BypassCase("chunk size with a sign is refused", Wire.chunked("+10\r\n{\"name\":\"apple\"}\r\n0\r\n\r\n"), .rejected(400)),
]

let expectCases: [BypassCase] = [
    BypassCase("Expect 100-continue with a valid request", Wire.post(Wire.validBody, headers: ["Expect: 100-continue"]), .forwarded("createItem"), continueSent: true),
    BypassCase("Expect 100-continue with an undeclared media type", Wire.post(Wire.validBody, contentType: "text/plain", headers: ["Expect: 100-continue"]), .rejected(415), continueSent: false),
    BypassCase("Expect 100-continue to an unknown path", Wire.post(Wire.validBody, headers: ["Expect: 100-continue"], target: "/nowhere"), .rejected(404), continueSent: false),
    BypassCase("Expect 100-continue with a method override", Wire.post(Wire.validBody, headers: ["Expect: 100-continue", "X-HTTP-Method-Override: DELETE"]), .rejected(400), keyword: "method-override", continueSent: false),
    BypassCase("Expect 100-continue with an invalid body", Wire.post(#"{"role":"admin"}"#, headers: ["Expect: 100-continue"]), .rejected(400), continueSent: true),
]

let contentEncodingCases: [BypassCase] = [
    // Forwarded decoded (no Content-Encoding, its own length): a service that does not decode request bodies read the
    // coded bytes, and a gzip header's file-name field held a form of its own (an audit with Django).
    BypassCase("gzip body is validated and forwarded decoded", Wire.post(compress(Array(Wire.validBody.utf8)), headers: ["Content-Encoding: gzip"]), .forwarded("createItem"), readAs: Wire.post(Wire.validBody)),
    BypassCase("gzip body with a form in its file-name field is forwarded decoded", Wire.post(gzipWithName(Array("email=a%40b.test".utf8), name: "&email=x&role=admin&"), contentType: "application/x-www-form-urlencoded", headers: ["Content-Encoding: gzip"], target: "/subscriptions"), .forwarded("subscribe"), readAs: Wire.post("email=a%40b.test", contentType: "application/x-www-form-urlencoded", target: "/subscriptions")),
    BypassCase("gzip body hiding an invalid value is refused", Wire.post(compress(Array(#"{"name":"a","role":"admin"}"#.utf8)), headers: ["Content-Encoding: gzip"]), .rejected(400), keyword: "enum"),
    BypassCase("deflate body is validated decoded", Wire.post(compress(Array(#"{"name":"a","role":"admin"}"#.utf8), gzip: false), headers: ["Content-Encoding: deflate"]), .rejected(400), keyword: "enum"),
    BypassCase("stacked gzip twice is decoded twice", Wire.post(compress(compress(Array(Wire.validBody.utf8))), headers: ["Content-Encoding: gzip, gzip"]), .forwarded("createItem"), readAs: Wire.post(Wire.validBody)),
    BypassCase("gzip members are validated as their concatenation", Wire.post(compress(Array(#"{"name":"a"}"#.utf8)) + compress(Array(#"{"role":"admin"}"#.utf8)), headers: ["Content-Encoding: gzip"]), .rejected(400), keyword: "json"),
    BypassCase("bytes after a gzip member are refused", Wire.post(compress(Array(Wire.validBody.utf8)) + Array("garbage".utf8), headers: ["Content-Encoding: gzip"]), .rejected(400), keyword: "content-encoding"),
    BypassCase("brotli cannot be validated", Wire.post(Wire.validBody, headers: ["Content-Encoding: br"]), .rejected(415), keyword: "content-encoding"),
    BypassCase("three stacked codings are refused", Wire.post(Wire.validBody, headers: ["Content-Encoding: gzip, gzip, gzip"]), .rejected(415), keyword: "content-encoding"),
    BypassCase("gzip label on plain bytes is refused", Wire.post(Wire.validBody, headers: ["Content-Encoding: gzip"]), .rejected(400), keyword: "content-encoding"),
]
