import Documents
import OpenAPIModel
@testable import Validation

/// The package root, from this file's path (Tests/ValidationTests/File.swift → root).
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// Loads `specs/NAME` from the package root (nil and a printed reason when it fails).
func loadSpec(_ name: String) -> OpenAPIDocument? {
    let result = OpenAPIDocument.load(path: packageRoot + "/specs/" + name)
    if result.document == nil { print("cannot load \(name): \(result.diagnostics)") }
    return result.document
}

let shopDocument: OpenAPIDocument? = loadSpec("shop.yaml")
let petstoreDocument: OpenAPIDocument? = loadSpec("petstore.yaml")

/// The shop validator with default options, built once for all tests.
let shop: ExchangeValidator? = shopDocument.map { ExchangeValidator(document: $0) }

func shopValidator(_ options: ValidationOptions) -> ExchangeValidator? {
    shopDocument.map { ExchangeValidator(document: $0, options: options) }
}

/// A validator over spec text given inline (for focused cases).
func makeValidator(yaml: String, options: ValidationOptions = ValidationOptions()) -> ExchangeValidator? {
    let result = OpenAPIDocument.load(text: yaml, file: "/inline/spec.yaml")
    if result.document == nil { print("inline spec failed: \(result.diagnostics)") }
    return result.document.map { ExchangeValidator(document: $0, options: options) }
}

/// Builds a request; the target is taken as written.
func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: String = "") -> HTTPRequest {
    var fields = HTTPHeaders()
    for (name, value) in headers { fields.append(name: name, value: value) }
    return HTTPRequest(method: method, target: target, headers: fields, body: Array(body.utf8))
}

/// A JSON request with `Content-Type: application/json`.
func jsonRequest(_ method: String, _ target: String, _ body: String, headers: [(String, String)] = []) -> HTTPRequest {
    request(method, target, headers: [("Content-Type", "application/json")] + headers, body: body)
}

func response(_ status: Int, headers: [(String, String)] = [], body: String = "") -> HTTPResponse {
    var fields = HTTPHeaders()
    for (name, value) in headers { fields.append(name: name, value: value) }
    return HTTPResponse(status: status, headers: fields, body: Array(body.utf8))
}

/// A valid shop API key header (form only is checked without a verifier).
let apiKey = ("X-API-Key", "k-12345")
/// A well-formed (unsigned-checked) JWT bearer header for form-only checks: {"alg":"HS256"} . {"sub":"u"} . sig
let bearer = ("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl")

extension RequestVerdict {
    /// Keywords of the violations, for compact expectations.
    var keywords: [String] { violations.map(\.keyword) }
    /// A one-line description for failure messages.
    var summary: String { violations.map { "\($0.location.rawValue) \($0.name ?? "") \($0.pointer?.description ?? "") \($0.keyword): \($0.message)" }.joined(separator: "\n") }
}
