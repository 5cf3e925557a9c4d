import Documents
import OpenAPIModel

/// `router`: routes fuzz-derived requests through a router built from a fixed spec (literal,
/// whole-segment, mixed-segment and percent-encoded templates; three base paths).
///
/// Input: the first byte picks the mode. Raw mode: the rest is `METHOD target`. Built mode: the
/// next bytes pick a template, a base path and a method, and the rest (split at NUL) gives parameter
/// values, percent-encoded into the target. Any match must be consistent: each parameter non-empty,
/// without a raw `/`, its raw text decoding to its value, and the template with the raw values put back equal, segment by
/// decoded segment, to the request path. A built request must route to its own template with its
/// own values, unless the values make it ambiguous (listed per template).
final class RouterTarget: FuzzTarget {
    static let name = "router"

    static let spec = """
    openapi: 3.1.0
    info: {title: router fuzz, version: "1"}
    servers:
      - url: /api/v1
      - url: "https://example.com/{stage}"
        variables:
          stage: {default: prod, enum: [prod, beta]}
      - url: /
    paths:
      /pets:
        get: {responses: {"200": {description: ok}}}
        post: {responses: {"200": {description: ok}}}
      /pets/mine:
        get: {responses: {"200": {description: ok}}}
      /pets/{petId}:
        get: {responses: {"200": {description: ok}}}
        delete: {responses: {"200": {description: ok}}}
      /pets/{petId}/toys/{toyId}:
        get: {responses: {"200": {description: ok}}}
      /files/{name}.{ext}:
        get: {responses: {"200": {description: ok}}}
      /blobs/x{rest}:
        get: {responses: {"200": {description: ok}}}
      /users/{id}:activate:
        post: {responses: {"200": {description: ok}}}
      /v{major}.{minor}/info:
        get: {responses: {"200": {description: ok}}}
      /a%20b/{p}:
        put: {responses: {"200": {description: ok}}}
      /café/{x}:
        get: {responses: {"200": {description: ok}}}
      /deep/{a}/{b}/{c}:
        get: {responses: {"200": {description: ok}}}
    """

    /// A template requests are built from, and when its values make the request ambiguous.
    struct BuiltTemplate: Sendable {
        var path: String
        var methods: [String]
        /// True when these values may legitimately route elsewhere or read differently.
        var ambiguous: @Sendable ([String]) -> Bool = { _ in false }
    }

    static let templates: [BuiltTemplate] = [
        BuiltTemplate(path: "/pets/{petId}", methods: ["GET", "DELETE"], ambiguous: { $0[0] == "mine" }),
        BuiltTemplate(path: "/pets/{petId}/toys/{toyId}", methods: ["GET"]),
        BuiltTemplate(path: "/files/{name}.{ext}", methods: ["GET"], ambiguous: { containsDot($0[1]) }),
        BuiltTemplate(path: "/blobs/x{rest}", methods: ["GET"]),
        BuiltTemplate(path: "/users/{id}:activate", methods: ["POST"]),
        BuiltTemplate(path: "/v{major}.{minor}/info", methods: ["GET"], ambiguous: { containsDot($0[1]) }),
        BuiltTemplate(path: "/a%20b/{p}", methods: ["PUT"]),
        BuiltTemplate(path: "/café/{x}", methods: ["GET"]),
        BuiltTemplate(path: "/deep/{a}/{b}/{c}", methods: ["GET"]),
    ]
    static let bases = ["", "/api/v1", "https://example.com/beta", "http://example.com/prod"]
    static let methods = ["GET", "POST", "DELETE", "PUT", "get", "HEAD", ""]

    let router: Router

    init() {
        router = OpenAPIDocument.load(text: Self.spec, file: "router.yaml").document?.router ?? Router(operations: [])
    }

    func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        guard let mode = bytes.first else { return }
        if mode & 1 == 0 {
            let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
            let space = text.firstIndex(of: " ") ?? text.endIndex
            let method = String(text[..<space])
            let target = space == text.endIndex ? "" : String(text[text.index(after: space)...])
            _ = try routeChecked(method: method, target: target)
        } else {
            try runBuilt(Array(bytes.dropFirst()))
        }
    }

    private func runBuilt(_ bytes: [UInt8]) throws(InvariantViolation) {
        guard bytes.count >= 3 else { return }
        let template = Self.templates[Int(bytes[0]) % Self.templates.count]
        let base = Self.bases[Int(bytes[1]) % Self.bases.count]
        let method = template.methods[Int(bytes[2]) % template.methods.count]
        let parts = bytes.dropFirst(3).split(separator: 0, omittingEmptySubsequences: false)
        let names = placeholderNames(template.path)
        var values: [String] = []
        for index in names.indices {
            values.append(index < parts.count ? String(decoding: parts[index], as: UTF8.self) : "v\(index)")
        }
        let query = parts.count > names.count ? "?" + percentEncoded(String(decoding: parts[names.count], as: UTF8.self)) : ""
        let target = base + substituted(template.path, names: names, values: values.map(percentEncoded)) + query
        let result = try routeChecked(method: method, target: target)
        // Values that decode to a dot segment (`.`, `..`, servlet-style `.;x`, `..;x`, runs of dots and spaces that IIS
        // trims to `..`) are refused by the router on purpose (route confusion upstream), so a request built from them
        // need not route.
        // Segments are checked whole: `{name}.{ext}` with spaces around the dot makes one too. (A `/` in a value is
        // encoded in the target, so it does not split a segment here either.) Split by bytes, as the router splits: a
        // value starting with a combining mark makes the `/` before it part of one `Character` (`/\u{301}`), and a
        // split by characters saw `/deep/ ..../\u{301}b` as one segment, not a dot segment (found by this target).
        let unsplit = values.map { String(decoding: $0.utf8.map { $0 == UInt8(ascii: "/") ? 1 : $0 }, as: UTF8.self) }
        let builtSegments = substituted(template.path, names: names, values: unsplit).utf8
            .split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if values.contains(where: { $0.isEmpty }) || builtSegments.contains(where: { Router.isDotSegment($0) })
            || template.ambiguous(values) { return }
        guard let match = result.match else {
            throw InvariantViolation(target: Self.name, "\(method) \(excerpt(target)) built from \(template.path) does not route: \(result)")
        }
        guard match.operation.path == template.path, match.operation.method.name == method else {
            throw InvariantViolation(target: Self.name, "\(method) \(excerpt(target)) built from \(template.path) routes to \(match.operation.path)")
        }
        let found = match.pathParameters.map(\.value)
        guard found.map({ Array($0.utf8) }) == values.map({ Array($0.utf8) }) else {
            throw InvariantViolation(target: Self.name, "\(excerpt(target)) built from \(template.path) with \(values.map { excerpt($0) }) reads \(found.map { excerpt($0) })")
        }
    }

    /// Routes and checks a match's consistency.
    private func routeChecked(method: String, target: String) throws(InvariantViolation) -> RouteResult {
        let result = router.route(method: method, target: target)
        // The case-folded walk (the proxy's check for case-insensitive upstreams) runs on every input too: it
        // must neither crash nor loop. (No result invariant: which node it reaches depends on literals' case.)
        _ = router.caseFoldedOperationIndex(method: method, target: target)
        guard let match = result.match else { return result }
        let template = match.basePath + match.operation.path
        let names = placeholderNames(match.operation.path)
        guard match.pathParameters.map(\.name) == names else {
            throw InvariantViolation(target: Self.name, "\(excerpt(target)) on \(template): parameters \(match.pathParameters.map(\.name)), template has \(names)")
        }
        for parameter in match.pathParameters {
            guard !parameter.value.isEmpty, !parameter.rawValue.utf8.contains(UInt8(ascii: "/")), let decoded = percentDecode(parameter.rawValue),
                  Array(decoded.utf8) == Array(parameter.value.utf8) else {
                throw InvariantViolation(target: Self.name, "\(excerpt(target)) on \(template): parameter \(parameter.name) raw \(excerpt(parameter.rawValue)) vs value \(excerpt(parameter.value))")
            }
        }
        let rebuilt = match.basePath + substituted(match.operation.path, names: names, values: match.pathParameters.map(\.rawValue))
        guard decodedSegments(rebuilt) == decodedSegments(match.path) else {
            throw InvariantViolation(target: Self.name, "\(method) \(excerpt(target)) matched \(template), but the template with its raw values is \(excerpt(rebuilt)), the path \(excerpt(match.path))")
        }
        return result
    }
}

/// Whether `text` holds a `.` byte (also one a combining mark follows, which `String.contains` misses).
func containsDot(_ text: String) -> Bool {
    text.utf8.contains(UInt8(ascii: "."))
}

/// `{name}` placeholders of a template, in order.
func placeholderNames(_ template: String) -> [String] {
    var names: [String] = []
    var current: String?
    for character in template {
        if character == "{" { current = "" } else if character == "}", let name = current { names.append(name); current = nil } else { current?.append(character) }
    }
    return names
}

/// The template with each placeholder replaced by the value at its position.
func substituted(_ template: String, names: [String], values: [String]) -> String {
    var result = ""
    var index = 0
    var inside = false
    for character in template {
        if character == "{" {
            inside = true
        } else if character == "}", inside {
            inside = false
            result += index < values.count ? values[index] : ""
            index += 1
        } else if !inside {
            result.append(character)
        }
    }
    return result
}

/// Every byte except ASCII letters and digits as `%XX`.
func percentEncoded(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            result.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            result += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return result
}

/// A path's segments (split on raw `/`), each percent-decoded, as bytes (nil for undecodable ones).
func decodedSegments(_ path: String) -> [[UInt8]?] {
    var text = Substring(path)
    if text.utf8.first == UInt8(ascii: "/") { text = text.dropFirst() }
    if text.isEmpty { return [] }
    return text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { raw in
        percentDecode(String(decoding: raw, as: UTF8.self)).map { Array($0.utf8) }
    }
}
