import Documents
import OpenAPIModel
import Schemas

/// Validates HTTP exchanges against an OpenAPI document, the way the service behind it would see them.
///
/// Built once per document: every schema of every operation is compiled through one compiler (shared
/// components compile once) and parameter decoders, media matchers, security requirement sets and
/// sanitization outlines are computed up front. Validation itself only reads these, so one validator is
/// shared by all threads.
public final class ExchangeValidator: Sendable {
    /// The document validated against.
    public let document: OpenAPIDocument
    public let options: ValidationOptions
    /// Problems met while building (schemas that do not compile, unknown sanitization rule ids).
    public let diagnostics: [Diagnostic]
    let plans: [OperationPlan]
    /// Size of the shared sanitization outline table, and whether some location fell back to the open node.
    let outlineStatistics: (nodes: Int, usedOpenNode: Bool)

    /// `options.streamsBodies`.
    let streamsBodies: Bool

    /// Builds the validator: compiles every schema and plans every operation of `document` (done once).
    public init(document: OpenAPIDocument, options: ValidationOptions = ValidationOptions()) {
        self.document = document
        self.options = options
        self.streamsBodies = options.streamsBodies
        var builder = PlanBuilder(document: document, options: options)
        var plans: [OperationPlan] = []
        plans.reserveCapacity(document.router.operations.count)
        for operation in document.router.operations { plans.append(builder.plan(operation)) }
        let outlines = builder.outlineTable()
        self.outlineStatistics = (builder.outlines.nodeCount, builder.outlines.usedOpenNode)
        self.plans = plans.map { $0.attachingOutlines(outlines) }
        self.diagnostics = builder.diagnostics + builder.schemaDiagnostics
    }

    // MARK: Requests

    /// Validates one request: route, headers, security, parameters and body.
    public func validate(request: HTTPRequest) -> RequestVerdict {
        var verdict = RequestVerdict(operationIndex: nil, pathTemplate: nil, method: request.method, operationId: nil,
                                     violations: [], responseHeaders: HTTPHeaders(), normalized: nil)
        let match: RouteMatch
        switch document.router.route(method: request.method, target: request.target) {
        case .matched(let found):
            match = found
        case .pathNotFound:
            verdict.violations.append(Violation(location: .request, keyword: "path", message: "no operation matches the request path", kind: .notFound))
            return verdict
        case .methodNotAllowed(let allowed, let template):
            verdict.pathTemplate = template
            verdict.violations.append(Violation(location: .request, keyword: "method", message: "method \(ValueCoercion.excerpt(request.method)) is not allowed; the path allows \(allowed.joined(separator: ", "))", kind: .methodNotAllowed))
            verdict.responseHeaders.append(name: "Allow", value: allowed.joined(separator: ", "))
            return verdict
        case .invalidTarget(let reason):
            verdict.violations.append(Violation(location: .request, keyword: "target", message: "request target cannot be routed: \(reason)"))
            return verdict
        }
        guard match.operationIndex >= 0, match.operationIndex < plans.count else { return verdict }
        check(request, match, plans[match.operationIndex], into: &verdict)
        return verdict
    }

    /// The checks of a routed request.
    private func check(_ request: HTTPRequest, _ match: RouteMatch, _ plan: OperationPlan, into verdict: inout RequestVerdict) {
        verdict.operationIndex = match.operationIndex
        verdict.pathTemplate = match.basePath + plan.operation.path
        verdict.operationId = plan.operation.operationId

        checkHeaderValues(request, plan.sanitization, into: &verdict.violations)
        let query = QueryString(Substring(match.query ?? ""))
        checkSecurity(request, plan, query: query, into: &verdict)
        var values = ParameterValues()
        checkParameters(request, match, plan, query: query, values: &values, into: &verdict.violations)
        let body = checkBody(request, plan, into: &verdict.violations)
        if options.normalize, verdict.violations.isEmpty {
            verdict.normalized = Normalizer.normalize(request, plan: plan, match: match, query: query, values: values, body: body)
        }
    }

    /// CR or LF inside any header value (response splitting; a strict parser never produces one, HAR files and
    /// programmatic requests can), and NUL or control characters.
    private func checkHeaderValues(_ request: HTTPRequest, _ settings: SanitizationSettings, into violations: inout [Violation]) {
        guard !settings.headerPolicy.isEmpty else { return }
        let fields = request.headers.fields
        for index in fields.indices {  // by index: no copy of each field's strings
            if let finding = settings.headerPolicy.scanHeaderValue(fields[index].value) {
                violations.append(finding.violation(location: .header, name: fields[index].name))
            }
        }
    }

    // MARK: Helpers shared by the checks

    /// Schema violations of `value`: the cheap yes/no pass first (no messages built), the full pass only on failure.
    @inline(__always)
    static func violations(of schema: CompiledSchema, _ value: JSONValue, direction: ValidationDirection) -> [SchemaViolation] {
        schema.isValid(value, direction: direction) ? [] : schema.validate(value, direction: direction)
    }

    /// Schema violations as exchange violations at `location`.
    static func convert(_ violations: [SchemaViolation], location: ViolationLocation, name: String?, prefix: [String] = []) -> [Violation] {
        violations.map { violation in
            let tokens = prefix + violation.instanceLocation.tokens
            return Violation(location: location, name: name, pointer: tokens.isEmpty && name != nil ? nil : JSONPointer(tokens: tokens),
                             keyword: violation.keyword, message: violation.message, schemaPath: violation.keywordLocation)
        }
    }

    /// The operation plan for an index from a `RequestVerdict`.
    func plan(at index: Int) -> OperationPlan? {
        index >= 0 && index < plans.count ? plans[index] : nil
    }
}

/// Typed parameter values read from a request, kept for normalization.
struct ParameterValues {
    var query: [(name: String, value: JSONValue)] = []
    var missingWithDefault: [(name: String, value: JSONValue)] = []
}
