import Documents
import NIOConcurrencyHelpers
import OpenAPIModel
import Validation

/// Everything derived from one version of the spec, built once and shared read-only by all event loops.
public final class SpecState: Sendable {
    /// The loaded document.
    public let document: OpenAPIDocument
    /// The validator built once for `document`.
    public let validator: ExchangeValidator
    /// `x-rate-limit` of each operation, by operation index.
    let operationRateLimits: [Int: RateLimitSettings]
    /// The first `apiKey` scheme (for rate limits keyed by API key).
    let apiKey: (name: String, location: Validation.APIKeyLocation)?
    /// Monotonic version number, bumped by each successful reload.
    public let generation: Int
    /// Lowercased names of headers the validator reads (header parameters, API keys, framing and credential
    /// fields): a request field spelling one of them with `_` for `-` is refused (CGI-style servers merge them).
    let sensitiveHeaderNames: Set<String>
    /// Lowercased names of the header fields that carry credentials (`Authorization`, `Cookie`, `Proxy-Authorization`,
    /// each `apiKey` scheme's header): a correlation ID is never taken from one (it would be echoed and logged).
    let credentialHeaderNames: Set<String>
    /// By operation index: query parameters not in `deepObject` style, whose `name[...]` spelling PHP, Rails
    /// and `qs` would read as the parameter itself (as an array or object) although the validator saw another name.
    let bracketableQueryNames: [Int: Set<String>]
    /// Indexes of operations that declare no request body: a body sent to them would reach the service unvalidated.
    let operationsWithoutBody: Set<Int>
    /// By operation index: the slot (`CoverageSlots`) of the operation's key in the coverage report (`METHOD /template`),
    /// what an exchange is counted by.
    let coverageSlots: [Int]
    /// Some path template has a literal segment holding `_`: only then can CherryPy's reading of punctuation as `_`
    /// reach another operation (`RequestScreen.cherryPyReading`).
    let hasUnderscoreLiteral: Bool
    /// Some path template ends in `/`: only then can a path with its trailing slash toggled reach another operation
    /// (`RequestScreen.trailingSlashReading`).
    let hasTrailingSlashTemplate: Bool

    /// A state for checks outside a server (`specguard validate --request`): no rate limits, generation 1.
    public convenience init(document: OpenAPIDocument, validator: ExchangeValidator) {
        self.init(document: document, validator: validator, operationRateLimits: [:], generation: 1)
    }

    init(document: OpenAPIDocument, validator: ExchangeValidator, operationRateLimits: [Int: RateLimitSettings], generation: Int) {
        self.document = document
        self.validator = validator
        self.operationRateLimits = operationRateLimits
        self.generation = generation
        var apiKey: (name: String, location: Validation.APIKeyLocation)?
        for scheme in document.components.securitySchemes {
            if case .apiKey(let name, let location) = scheme.kind, let converted = Validation.APIKeyLocation(rawValue: location.rawValue) {
                apiKey = (name, converted)
                break
            }
        }
        self.apiKey = apiKey
        var names: Set<String> = ["authorization", "content-type", "content-length", "content-encoding", "transfer-encoding", "host", "cookie"]
        for operation in document.router.operations {
            for parameter in operation.parameters where parameter.location == .header { names.insert(parameter.name.lowercased()) }
        }
        var credentials: Set<String> = ["authorization", "cookie", "proxy-authorization"]
        for scheme in document.components.securitySchemes {
            if case .apiKey(let name, .header) = scheme.kind {
                names.insert(name.lowercased())
                credentials.insert(name.lowercased())
            }
        }
        self.sensitiveHeaderNames = names
        self.credentialHeaderNames = credentials
        var bracketable: [Int: Set<String>] = [:]
        for (index, operation) in document.router.operations.enumerated() {
            var names = operation.parameters.filter { $0.location == .query && $0.style != .deepObject }.map(\.name)
            // An `apiKey` in the query gets the declared parameters' alias checks (`API_KEY`, `api_key[]`, `+api_key`,
            // `;api_key`, `api.key`: readers that take those for the key got an unchecked one; found by an audit).
            for requirement in operation.effectiveSecurity {
                for entry in requirement.schemes {
                    if case .apiKey(let name, .query)? = document.components.securityScheme(named: entry.scheme)?.kind { names.append(name) }
                }
            }
            if !names.isEmpty { bracketable[index] = Set(names) }
        }
        self.bracketableQueryNames = bracketable
        var withoutBody: Set<Int> = []
        for (index, operation) in document.router.operations.enumerated() where operation.requestBody == nil { withoutBody.insert(index) }
        self.operationsWithoutBody = withoutBody
        self.hasUnderscoreLiteral = document.router.operations.contains { operation in
            operation.path.split(separator: "/").contains { !$0.contains("{") && $0.contains("_") }
        }
        self.hasTrailingSlashTemplate = document.router.operations.contains { $0.path.count > 1 && $0.path.hasSuffix("/") }
        self.coverageSlots = document.router.operations.map { CoverageSlots.slot(for: CoverageRecorder.key(method: $0.method.name, template: $0.path)) }
    }
}

/// Why a spec could not be (re)loaded.
public struct SpecLoadError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var diagnostics: [Diagnostic]
    public var message: String

    public var description: String {
        ([message] + diagnostics.prefix(10).map(\.description)).joined(separator: "\n")
    }
}

/// Loads a spec and builds its validator; a spec with errors is refused.
public enum SpecLoader {
    /// Loads `path` and compiles its validator; refused (with the diagnostics) when the document or a schema has errors.
    public static func load(path: String, options: ValidationOptions, generation: Int = 1) -> Result<SpecState, SpecLoadError> {
        let result = OpenAPIDocument.load(path: path)
        guard let document = result.document, !result.hasErrors else {
            return .failure(SpecLoadError(path: path, diagnostics: result.errors, message: "\(path): the spec has errors"))
        }
        let validator = ExchangeValidator(document: document, options: options)
        let validatorErrors = validator.diagnostics.filter { $0.severity == .error }
        guard validatorErrors.isEmpty else {
            return .failure(SpecLoadError(path: path, diagnostics: validatorErrors, message: "\(path): schemas that do not compile"))
        }
        var limits: [Int: RateLimitSettings] = [:]
        for (index, operation) in document.router.operations.enumerated() {
            guard let value = operation.extensions["x-rate-limit"] else { continue }
            switch RateLimitSettings.from(value) {
            case .success(let settings): limits[index] = settings
            case .failure(let error):
                let diagnostic = Diagnostic.error("x-rate-limit", error.message, at: value.location)
                return .failure(SpecLoadError(path: path, diagnostics: [diagnostic], message: "\(path): bad x-rate-limit"))
            }
        }
        return .success(SpecState(document: document, validator: validator, operationRateLimits: limits, generation: generation))
    }
}

/// The spec currently served; replaced atomically on reload.
public final class SpecHolder: Sendable {
    private let box: NIOLockedValueBox<SpecState>

    /// Starts serving `state`.
    public init(_ state: SpecState) {
        box = NIOLockedValueBox(state)
    }

    /// The spec to use for the next exchange (an exchange keeps the one it started with).
    public var current: SpecState { box.withLockedValue { $0 } }

    /// Swaps in a new spec for the exchanges that start from now on.
    public func replace(_ state: SpecState) {
        box.withLockedValue { $0 = state }
    }
}
