import Documents
import OpenAPIModel
import Validation
import Schemas

/// How many cases of each kind were generated, and how many the self-check dropped.
public struct GenerationStatistics: Sendable, Hashable {
    public var kept: [CaseKind: Int] = [:]
    /// Cases the exchange validator did not judge the way the generator meant (dropped, never sent).
    public var dropped: [CaseKind: Int] = [:]
    public init() {}

    public var totalKept: Int { kept.values.reduce(0, +) }
    public var totalDropped: Int { dropped.values.reduce(0, +) }

    mutating func merge(_ other: GenerationStatistics) {
        for (kind, count) in other.kept { kept[kind, default: 0] += count }
        for (kind, count) in other.dropped { dropped[kind, default: 0] += count }
    }
}

/// Generates the cases of each operation, deterministically for a seed: the spec's examples first,
/// then valid data from the schemas, data breaking one constraint at a time, and security cases.
/// Every case is checked against the project's own `ExchangeValidator` before it is kept: a "valid"
/// case it rejects, or an "invalid" case it accepts, is dropped and counted.
public struct CaseGenerator: Sendable {
    public let document: OpenAPIDocument
    let validator: ExchangeValidator
    let renderer: RequestRenderer
    let flattener: SchemaFlattener
    let seed: UInt64
    /// Whether a client certificate was configured (only then can mutualTLS requirements be met).
    let hasClientCertificate: Bool
    /// Cases per schema variant list (keeps generation bounded on large schemas).
    var variantLimit = 10

    public init(document: OpenAPIDocument, validator: ExchangeValidator, credentials: Credentials = Credentials(),
                headers: [(String, String)] = [], seed: UInt64) {
        self.document = document
        self.validator = validator
        var renderer = RequestRenderer(document: document, credentials: credentials, extraHeaders: headers)
        renderer.basePaths = document.operations.map { operation in (operation.servers.first ?? document.servers.first)?.basePaths.first ?? "" }
        self.renderer = renderer
        self.flattener = SchemaFlattener(document: document)
        self.seed = seed
        self.hasClientCertificate = credentials.clientCertificateFile != nil
    }

    /// Renders a case into the request sent (relative to the base URL).
    public func render(_ testCase: TestCase) -> RenderedRequest {
        renderer.render(testCase)
    }

    /// The base path the spec's first server gives the operation (validation routes with it).
    public func specBasePath(_ operationIndex: Int) -> String {
        guard operationIndex >= 0, operationIndex < document.operations.count else { return "" }
        let servers = document.operations[operationIndex].servers
        return (servers.first ?? document.servers.first)?.basePaths.first ?? ""
    }

    /// The request as the validator sees it (base path of the spec's server prefixed).
    public func validationRequest(_ testCase: TestCase) -> HTTPRequest {
        validationRequest(render(testCase), operationIndex: testCase.operationIndex)
    }

    public func validationRequest(_ rendered: RenderedRequest, operationIndex: Int) -> HTTPRequest {
        let certificate = rendered.usesClientCertificate && hasClientCertificate ? ClientCertificate(subject: "CN=specguard", issuer: "CN=specguard", serialNumber: "01") : nil
        return HTTPRequest(method: rendered.method, target: specBasePath(operationIndex) + rendered.target, headers: rendered.headers,
                           body: rendered.body, clientCertificate: certificate)
    }

    /// Whether the validator judges a case the way its kind means.
    public func selfCheck(_ testCase: TestCase) -> Bool {
        let verdict = validator.validate(request: validationRequest(testCase))
        switch testCase.kind {
        case .example, .valid, .stateful, .afterDelete:
            return verdict.isValid
        case .invalid:
            return !verdict.isValid && verdict.violations.allSatisfy { $0.kind != .unauthenticated && $0.kind != .forbidden && $0.kind != .methodNotAllowed }
        case .security:
            return !verdict.isValid && verdict.violations.allSatisfy { $0.kind == .unauthenticated || $0.kind == .forbidden }
        case .unsupportedMethod:
            return verdict.violations.contains { $0.kind == .methodNotAllowed }
        }
    }

    /// Every kept case of one operation, ordered (examples, then valid, invalid and security cases in
    /// turn) and cut to `maximum`, with statistics.
    public func cases(forOperation index: Int, maximum: Int = .max) -> (cases: [TestCase], statistics: GenerationStatistics) {
        guard index >= 0, index < document.operations.count else { return ([], GenerationStatistics()) }
        let operation = document.operations[index]
        var random = SeededRandom(seed: seed, stream: "\(operation.method.name) \(operation.path)")
        var builder = OperationCases(generator: self, operation: operation, index: index)
        let examples = builder.exampleCases()
        let valid = builder.validCases(random: &random)
        let invalid = builder.invalidCases(random: &random)
        let security = builder.securityCases()
        var statistics = GenerationStatistics()
        var seen: Set<RenderedRequest> = []
        func keep(_ list: [TestCase]) -> [TestCase] {
            var kept: [TestCase] = []
            for testCase in list {
                let rendered = render(testCase)
                guard !seen.contains(rendered) else { continue }
                seen.insert(rendered)
                if selfCheck(testCase) {
                    kept.append(testCase)
                } else {
                    statistics.dropped[testCase.kind, default: 0] += 1
                }
            }
            return kept
        }
        let keptExamples = keep(examples)
        let lists = [keep(valid), keep(invalid), keep(security)]
        var ordered = keptExamples
        var position = 0
        while lists.contains(where: { position < $0.count }) {
            for list in lists where position < list.count { ordered.append(list[position]) }
            position += 1
        }
        let result = Array(ordered.prefix(maximum))
        for testCase in result { statistics.kept[testCase.kind, default: 0] += 1 }
        return (result, statistics)
    }

    /// One case per path with a method the path does not declare (405 expected), attached to the path's first operation.
    public func unsupportedMethodCases() -> [TestCase] {
        var result: [TestCase] = []
        var donePaths: Set<String> = []
        for (index, operation) in document.operations.enumerated() where !donePaths.contains(operation.path) {
            donePaths.insert(operation.path)
            let declared = Set(document.operations.filter { $0.path == operation.path }.map(\.method.name))
            guard let method = ["PATCH", "DELETE", "PUT", "POST", "GET"].first(where: { !declared.contains($0) }) else { continue }
            var builder = OperationCases(generator: self, operation: operation, index: index)
            var random = SeededRandom(seed: seed, stream: "405 " + operation.path)
            guard var base = builder.baseCase(random: &random) else { continue }
            base.kind = .unsupportedMethod
            base.label = "undeclared method \(method)"
            base.methodOverride = method
            base.body = nil
            base.mediaType = nil
            if selfCheck(base) { result.append(base) }
        }
        return result
    }

    /// A valid case of an operation with some parameters fixed (stateful sequences), nil when none validates.
    public func linkedCase(operationIndex: Int, fixed: [ParameterValue], body: JSONValue? = nil, label: String) -> TestCase? {
        guard operationIndex >= 0, operationIndex < document.operations.count else { return nil }
        let operation = document.operations[operationIndex]
        var builder = OperationCases(generator: self, operation: operation, index: operationIndex)
        var random = SeededRandom(seed: seed, stream: "link " + operation.path)
        guard var base = builder.baseCase(random: &random) else { return nil }
        for value in fixed { base = base.replacing(value.name, in: value.location, with: value.value) }
        if let body { base.body = body }
        base.kind = .stateful
        base.label = label
        return base
    }
}
