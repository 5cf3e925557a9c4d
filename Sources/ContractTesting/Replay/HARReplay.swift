import Documents
import OpenAPIModel
import Validation

/// Judges recorded traffic (a HAR 1.2 file) offline with the same checks: each request is classified by
/// the exchange validator (valid, invalid, bad credentials, undeclared method) and its recorded response
/// is judged as if the runner had sent it.
public struct HARReplay: Sendable {
    public let document: OpenAPIDocument
    let validator: ExchangeValidator
    let evaluator: CheckEvaluator

    /// A problem reading the HAR file.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(document: OpenAPIDocument, validator: ExchangeValidator, checks: [CheckName], maximumResponseMilliseconds: Double? = nil) {
        self.document = document
        self.validator = validator
        var enabled = Set(checks)
        if maximumResponseMilliseconds != nil { enabled.insert(.maxResponseTime) } else { enabled.remove(.maxResponseTime) }
        self.evaluator = CheckEvaluator(document: document, validator: validator, enabled: enabled, maximumResponseMilliseconds: maximumResponseMilliseconds)
    }

    /// The exchanges of a HAR document.
    public static func exchanges(fromHAR bytes: [UInt8], file: String) throws(ReadError) -> [Exchange] {
        let parsed = DocumentParser.parse(bytes, file: file, format: .json)
        guard let root = parsed.root else {
            throw ReadError(description: "\(file): not a JSON document" + (parsed.diagnostics.first.map { ": \($0.message)" } ?? ""))
        }
        guard let entries = root["log"]?["entries"]?.arrayValue else { throw ReadError(description: "\(file): no log.entries array") }
        var result: [Exchange] = []
        for (position, entry) in entries.enumerated() {
            guard let request = entry["request"], let method = request["method"]?.stringValue, let url = request["url"]?.stringValue,
                  let response = entry["response"], let status = response["status"]?.intValue else {
                throw ReadError(description: "\(file): entry \(position) lacks request.method, request.url or response.status")
            }
            let requestBody = Array((request["postData"]?["text"]?.stringValue ?? "").utf8)
            var requestHeaders = headers(request["headers"])
            if requestHeaders.first("Content-Type") == nil, let mime = request["postData"]?["mimeType"]?.stringValue, !requestBody.isEmpty {
                requestHeaders.append(name: "Content-Type", value: mime)
            }
            var responseBody = Array((response["content"]?["text"]?.stringValue ?? "").utf8)
            if response["content"]?["encoding"]?.stringValue == "base64" { responseBody = Base64Text.decode(responseBody) ?? responseBody }
            var responseHeaders = headers(response["headers"])
            if responseHeaders.first("Content-Type") == nil, let mime = response["content"]?["mimeType"]?.stringValue, !responseBody.isEmpty {
                responseHeaders.append(name: "Content-Type", value: mime)
            }
            let rendered = RenderedRequest(method: method, target: target(of: url), headers: requestHeaders, body: requestBody, usesClientCertificate: false)
            let elapsed = entry["time"]?.numberValue?.double ?? 0
            result.append(Exchange(request: rendered, url: url, response: HTTPResponse(status: status, reason: response["statusText"]?.stringValue ?? "",
                                                                                       headers: responseHeaders, body: responseBody), elapsedMilliseconds: elapsed))
        }
        return result
    }

    /// Judges every exchange; failures are grouped per operation and check like a live run (no shrinking offline).
    public func judge(_ exchanges: [Exchange], seed: UInt64 = 0) -> RunReport {
        var summaries: [Int: OperationSummary] = [:]
        var failures: [FailureReport] = []
        for (position, exchange) in exchanges.enumerated() {
            let request = HTTPRequest(method: exchange.request.method, target: exchange.request.target, headers: exchange.request.headers, body: exchange.request.body)
            let verdict = validator.validate(request: request)
            let kind: CaseKind
            let operationIndex: Int
            if let index = verdict.operationIndex {
                operationIndex = index
                if verdict.isValid { kind = .valid } else if verdict.violations.allSatisfy({ $0.kind == .unauthenticated || $0.kind == .forbidden }) {
                    kind = .security
                } else { kind = .invalid }
            } else if verdict.violations.contains(where: { $0.kind == .methodNotAllowed }), let template = verdict.pathTemplate,
                      let index = document.operations.firstIndex(where: { template.hasSuffix($0.path) }) {
                operationIndex = index
                kind = .unsupportedMethod
            } else {
                continue
            }
            let operation = document.operations[operationIndex]
            var summary = summaries[operationIndex] ?? OperationSummary(operationIndex: operationIndex, label: operation.label, operationId: operation.operationId)
            summary.declaredResponses = operation.responses.map(\.key.description)
            summary.casesRun += 1
            if let response = exchange.response {
                summary.statusesSeen.insert(response.status)
                if kind != .unsupportedMethod, let key = operation.response(for: response.status)?.key.description { summary.exercisedResponses.insert(key) }
            }
            let testCase = TestCase(operationIndex: operationIndex, kind: kind, label: "HAR entry \(position)", parameters: [], body: nil, mediaType: nil)
            for failure in evaluator.evaluate(kind: kind, operationIndex: operationIndex, exchange: exchange) {
                summary.failures[failure.check, default: 0] += 1
                if let existing = failures.firstIndex(where: { $0.operationIndex == operationIndex && $0.check == failure.check }) {
                    failures[existing].occurrences += 1
                } else {
                    failures.append(FailureReport(check: failure.check, operationIndex: operationIndex, operationLabel: operation.label, operationId: operation.operationId,
                                                  message: failure.message, specLocation: failure.specLocation, testCase: testCase, exchange: exchange,
                                                  originalLabel: testCase.label, shrinkSteps: 0, occurrences: 1))
                }
            }
            summaries[operationIndex] = summary
        }
        return RunReport(seed: seed, baseURL: "(replay)", checks: evaluator.enabled.sorted(), operations: summaries.keys.sorted().compactMap { summaries[$0] },
                         failures: failures.sorted { ($0.operationIndex, $0.check) < ($1.operationIndex, $1.check) }, casesSent: exchanges.count,
                         durationMilliseconds: 0, operationsNotSelected: document.operations.indices.filter { summaries[$0] == nil }.map { document.operations[$0].label },
                         statistics: GenerationStatistics())
    }

    private static func headers(_ value: JSONValue?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for item in value?.arrayValue ?? [] {
            guard let name = item["name"]?.stringValue, let text = item["value"]?.stringValue else { continue }
            // HTTP/2 pseudo-headers and hop-by-hop framing are not part of the contract.
            if name.hasPrefix(":") { continue }
            headers.append(name: name, value: text)
        }
        return headers
    }

    /// The origin-form target of an absolute URL.
    private static func target(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let target = String(rest[slash...])
        return target.hasPrefix("?") ? "/" + target : target
    }
}

extension Base64Text {
    /// Decodes standard base64 (padding optional); nil on bad input.
    static func decode(_ bytes: [UInt8]) -> [UInt8]? {
        var values: [UInt8] = []
        for byte in bytes {
            switch byte {
            case 0x41...0x5A: values.append(byte - 0x41)
            case 0x61...0x7A: values.append(byte - 0x61 + 26)
            case 0x30...0x39: values.append(byte - 0x30 + 52)
            case 0x2B, 0x2D: values.append(62)
            case 0x2F, 0x5F: values.append(63)
            case 0x3D, 0x0A, 0x0D, 0x20: continue
            default: return nil
            }
        }
        var output: [UInt8] = []
        var index = 0
        while index + 1 < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            let a = UInt32(chunk[chunk.startIndex]), b = UInt32(chunk[chunk.startIndex + 1])
            let c = chunk.count > 2 ? UInt32(chunk[chunk.startIndex + 2]) : 0, d = chunk.count > 3 ? UInt32(chunk[chunk.startIndex + 3]) : 0
            let value = (a << 18) | (b << 12) | (c << 6) | d
            output.append(UInt8((value >> 16) & 0xFF))
            if chunk.count > 2 { output.append(UInt8((value >> 8) & 0xFF)) }
            if chunk.count > 3 { output.append(UInt8(value & 0xFF)) }
            index += 4
        }
        return output
    }
}

extension String {
    func range(of target: String) -> Range<Index>? {
        Substring(self).range(of: target)
    }
}
