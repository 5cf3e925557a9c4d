import Schemas

/// Settings of an `ExchangeValidator`, fixed when it is built.
public struct ValidationOptions: Sendable {
    /// What to do with query parameters the operation does not declare.
    public var unknownQueryParameters: UnknownQueryParameterPolicy
    /// Whether `format` is checked in parameters and bodies (asserted by default: users of an OpenAPI validator expect it).
    public var formatMode: FormatMode
    /// The sanitization rules on for every operation (an operation's `x-specguard-sanitize` adjusts it).
    public var sanitization: SanitizationPolicy
    /// Size and depth limits for bodies and strings.
    public var limits: SanitizationLimits
    /// When true, a valid request also gets a normalized copy (undeclared properties dropped, defaults applied,
    /// query values in canonical form) for a sidecar to forward.
    public var normalize: Bool
    /// Verifiers for credentials; without them, credentials are checked for form only.
    public var verifiers: SecurityVerifiers
    /// Whether a response body is checked against its schema.
    public var validateResponseBodies: Bool
    /// When true, reserved characters sent raw in a query value of a parameter without `allowReserved` are
    /// violations (OAS says clients must encode them; most clients leave `:` and `/` raw, so off by default).
    public var strictReservedCharacters: Bool = false
    /// Whether JSON bodies go through the stream walk first (`StreamingBodyCheck`, which only ever accepts). Verdicts
    /// are the same either way; off, every body is read into a value tree (for comparisons, tests and fuzzing).
    public var streamsBodies: Bool = true

    /// Options with safe defaults: unknown query parameters allowed, formats asserted, every sanitization rule on.
    public init(unknownQueryParameters: UnknownQueryParameterPolicy = .allow, formatMode: FormatMode = .assert,
                sanitization: SanitizationPolicy = .all, limits: SanitizationLimits = SanitizationLimits(),
                normalize: Bool = false, verifiers: SecurityVerifiers = SecurityVerifiers(), validateResponseBodies: Bool = true) {
        self.unknownQueryParameters = unknownQueryParameters
        self.formatMode = formatMode
        self.sanitization = sanitization
        self.limits = limits
        self.normalize = normalize
        self.verifiers = verifiers
        self.validateResponseBodies = validateResponseBodies
    }
}

/// Limits the sanitization policy enforces (each can be changed per operation with `x-specguard-sanitize`).
public struct SanitizationLimits: Sendable, Hashable {
    /// Largest request body, in bytes (413 beyond; rule id `max-body-size`).
    public var maximumBodyBytes: Int
    /// Deepest JSON nesting (rule id `max-json-depth`).
    public var maximumJSONDepth: Int
    /// Longest JSON string, in bytes (rule id `max-string-length`).
    public var maximumStringBytes: Int

    /// Defaults: 10 MiB bodies, 64 levels of JSON, 1 MiB strings.
    public init(maximumBodyBytes: Int = 10 * 1024 * 1024, maximumJSONDepth: Int = 64, maximumStringBytes: Int = 1024 * 1024) {
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumJSONDepth = maximumJSONDepth
        self.maximumStringBytes = maximumStringBytes
    }
}
