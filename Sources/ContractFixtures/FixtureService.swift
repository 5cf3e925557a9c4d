import Documents
import OpenAPIModel
import Validation

/// A reply of a fixture service, with an optional delay.
public struct FixtureReply: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var delayMilliseconds: Int = 0

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = [], delayMilliseconds: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delayMilliseconds = delayMilliseconds
    }
}

/// A fault planted in the faulty service, and the check that must report it.
public struct PlantedFault: Sendable, Hashable {
    public var operationId: String
    public var check: String
    public var description: String
}

/// A service implementing `FixtureSpec`: it validates each request with specguard's own validator
/// (refusing invalid ones with the right status and a problem document) and answers valid ones with
/// the spec's examples. In faulty mode, each operation misbehaves in one planted way.
public struct FixtureService: Sendable {
    public let document: OpenAPIDocument
    let validator: ExchangeValidator
    public let faulty: Bool

    /// Every fault planted when `faulty` is true (operation, check that must catch it, what it is).
    public static let plantedFaults: [PlantedFault] = [
        PlantedFault(operationId: "listItems", check: "not_a_server_error", description: "500 on the edge value limit=100"),
        PlantedFault(operationId: "getItem", check: "status_code_conformance", description: "answers 202, which is not declared"),
        PlantedFault(operationId: "getItemLabel", check: "content_type_conformance", description: "text/html instead of text/plain"),
        PlantedFault(operationId: "createItem", check: "response_schema_conformance", description: "price sent as a string"),
        PlantedFault(operationId: "updateItem", check: "response_headers_conformance", description: "required ETag header missing"),
        PlantedFault(operationId: "deleteItem", check: "ignored_auth", description: "deletes without checking credentials"),
        PlantedFault(operationId: "createOrder", check: "negative_data_rejection", description: "accepts any body"),
        PlantedFault(operationId: "search", check: "positive_data_acceptance", description: "400 for valid queries of 10 or more characters"),
        PlantedFault(operationId: "getReports", check: "unsupported_method", description: "405 whose Allow lists POST, which is not declared"),
        PlantedFault(operationId: "getSlow", check: "max_response_time", description: "answers after 2000 ms"),
        PlantedFault(operationId: "getColor", check: "not_a_server_error", description: "503 for the enum value ultraviolet"),
        PlantedFault(operationId: "getUser", check: "ignored_auth", description: "accepts any Authorization header instead of the API key"),
        PlantedFault(operationId: "patchSettings", check: "negative_data_rejection", description: "accepts undeclared properties (additionalProperties: false)"),
        PlantedFault(operationId: "getProfile", check: "response_schema_conformance", description: "required property email missing"),
        PlantedFault(operationId: "getInventory", check: "content_type_conformance", description: "JSON body without a Content-Type"),
    ]

    /// The slow operation's delay, and a threshold between it and every other answer.
    public static let slowMilliseconds = 2000
    public static let responseTimeThreshold = 1000

    /// The fixture spec did not load (it is a constant, so this means the loader changed).
    public struct SpecError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(faulty: Bool) throws(SpecError) {
        let loaded = OpenAPIDocument.load(text: FixtureSpec.yaml, file: "fixture.yaml")
        guard let document = loaded.document, !loaded.hasErrors else {
            throw SpecError(description: loaded.errors.map(\.message).joined(separator: "; "))
        }
        self.document = document
        self.validator = ExchangeValidator(document: document)
        self.faulty = faulty
    }

    public func respond(_ request: HTTPRequest) -> FixtureReply {
        let verdict = validator.validate(request: request)
        if faulty, let reply = fault(request, verdict) { return reply }
        guard verdict.isValid, let index = verdict.operationIndex else { return problem(verdict) }
        return success(index)
    }

    private func problem(_ verdict: RequestVerdict) -> FixtureReply {
        let status = verdict.status == 0 ? 400 : verdict.status
        let body = JSONValue.object([("title", .string("Request rejected")), ("status", .integer(status)),
                                     ("detail", .string(verdict.violations.first?.message ?? "invalid"))])
        var headers: [(String, String)] = [("Content-Type", "application/problem+json")]
        for field in verdict.responseHeaders { headers.append((field.name, field.value)) }
        return FixtureReply(status: status, headers: headers, body: Array(JSONWriter.compact(body).utf8))
    }

    /// The first declared success status with its example body and declared headers' examples.
    private func success(_ index: Int) -> FixtureReply {
        let operation = document.operations[index]
        let response = operation.responses.first { if case .status(let code) = $0.key { return code / 100 == 2 } else { return false } }
        guard let response, case .status(let status) = response.key else { return FixtureReply(status: 200, headers: [], body: []) }
        var headers: [(String, String)] = []
        for header in response.headers { if let example = header.example { headers.append((header.name, text(example))) } }
        guard let media = response.content.first else { return FixtureReply(status: status, headers: headers, body: []) }
        let example = media.example ?? media.examples.first?.value ?? .null
        headers.append(("Content-Type", media.contentType))
        let body = media.contentType.hasPrefix("text/") ? text(example) : JSONWriter.compact(example)
        return FixtureReply(status: status, headers: headers, body: Array(body.utf8))
    }

    private func text(_ value: JSONValue) -> String {
        value.stringValue ?? JSONWriter.compact(value)
    }

    // MARK: Planted faults

    private func fault(_ request: HTTPRequest, _ verdict: RequestVerdict) -> FixtureReply? {
        if verdict.violations.contains(where: { $0.kind == .methodNotAllowed }), request.path.hasSuffix("/reports") {
            return FixtureReply(status: 405, headers: [("Allow", "GET, POST"), ("Content-Type", "application/problem+json")],
                                body: Array(#"{"title":"Method Not Allowed","status":405}"#.utf8))
        }
        guard let index = verdict.operationIndex, let id = document.operations[index].operationId else { return nil }
        let onlyCredentials = !verdict.isValid && verdict.violations.allSatisfy { $0.kind == .unauthenticated || $0.kind == .forbidden }
        switch id {
        case "listItems" where verdict.isValid && (request.query ?? "").split(separator: "&").contains("limit=100"):
            return FixtureReply(status: 500, headers: [("Content-Type", "text/plain")], body: Array("boom".utf8))
        case "getItem" where verdict.isValid:
            var reply = success(index)
            reply.status = 202
            return reply
        case "getItemLabel" where verdict.isValid:
            return FixtureReply(status: 200, headers: [("Content-Type", "text/html")], body: Array("<b>LAMP</b>".utf8))
        case "createItem" where verdict.isValid:
            return FixtureReply(status: 201, headers: [("Location", "/items/7"), ("Content-Type", "application/json")],
                                body: Array(#"{"id":7,"name":"lamp","price":"12.5"}"#.utf8))
        case "updateItem" where verdict.isValid:
            var reply = success(index)
            reply.headers.removeAll { $0.0 == "ETag" }
            return reply
        case "deleteItem" where onlyCredentials:
            return FixtureReply(status: 204, headers: [], body: [])
        case "createOrder" where !verdict.isValid && verdict.violations.allSatisfy({ $0.kind == .invalid || $0.kind == .unsupportedMediaType }):
            return success(index)
        case "search" where verdict.isValid:
            let value = (request.query ?? "").split(separator: "&").first { $0.hasPrefix("q=") }.map { $0.dropFirst(2) } ?? ""
            if value.count >= 10 {
                return FixtureReply(status: 400, headers: [("Content-Type", "application/problem+json")], body: Array(#"{"title":"Too long","status":400}"#.utf8))
            }
            return nil
        case "getSlow" where verdict.isValid:
            var reply = success(index)
            reply.delayMilliseconds = Self.slowMilliseconds
            return reply
        case "getColor" where verdict.isValid && request.path.hasSuffix("/ultraviolet"):
            return FixtureReply(status: 503, headers: [("Content-Type", "text/plain")], body: Array("unavailable".utf8))
        case "getUser" where onlyCredentials && request.headers.contains("Authorization"):
            return success(index)
        case "patchSettings" where !verdict.isValid:
            // Ignores undeclared properties: judges the body with them removed.
            guard let body = DocumentParser.parse(request.body, file: "<body>", format: .json).root, let object = body.objectValue else { return nil }
            let declared = object.members.filter { $0.key == "theme" || $0.key == "pageSize" }.map { ($0.key, $0.value) }
            guard declared.count < object.count else { return nil }
            var cleaned = request
            cleaned.body = Array(JSONWriter.compact(.object(declared)).utf8)
            return validator.validate(request: cleaned).isValid ? success(index) : nil
        case "getProfile" where verdict.isValid:
            return FixtureReply(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"name":"Ada"}"#.utf8))
        case "getInventory" where verdict.isValid:
            return FixtureReply(status: 200, headers: [], body: Array(#"{"lamp":3}"#.utf8))
        default:
            return nil
        }
    }
}
