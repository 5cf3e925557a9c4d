import Documents
import OpenAPIModel
import Synchronization
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
    /// Resources this service instance holds: deleted item ids and the notes (the only stateful parts).
    let state = FixtureState()

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
        PlantedFault(operationId: "getSlow", check: "max_response_time", description: "answers after 3500 ms"),
        PlantedFault(operationId: "getColor", check: "not_a_server_error", description: "503 for the enum value ultraviolet"),
        PlantedFault(operationId: "getUser", check: "ignored_auth", description: "accepts any Authorization header instead of the API key"),
        PlantedFault(operationId: "patchSettings", check: "negative_data_rejection", description: "accepts undeclared properties (additionalProperties: false)"),
        PlantedFault(operationId: "getProfile", check: "response_schema_conformance", description: "required property email missing"),
        PlantedFault(operationId: "getInventory", check: "content_type_conformance", description: "JSON body without a Content-Type"),
        PlantedFault(operationId: "createNote", check: "not_a_server_error", description: "500 when the text has non-ASCII characters"),
        PlantedFault(operationId: "deleteNote", check: "use_after_free", description: "answers 204 but the note stays"),
        PlantedFault(operationId: "getEvent", check: "response_schema_conformance", description: "startsAt is not an RFC 3339 date-time"),
        PlantedFault(operationId: "getOrder", check: "response_schema_conformance", description: "status sent twice, first with a value outside the enum"),
        PlantedFault(operationId: "getStore", check: "response_schema_conformance", description: "postalCode in Arabic-Indic digits, which ECMA-262 \\d does not match"),
    ]

    /// The slow operation's delay, and a threshold between it and every other answer. (The threshold was 1,000 ms until
    /// an ordinary answer took longer than that once while `make test` ran every suite on two cores.)
    public static let slowMilliseconds = 3500
    public static let responseTimeThreshold = 2000

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
        // The contract only: a service implementing the spec accepts every string its schema allows
        // (sanitization is the proxy's policy, not part of the spec).
        self.validator = ExchangeValidator(document: document, options: ValidationOptions(sanitization: SanitizationPolicy(enabledRules: [])))
        self.faulty = faulty
    }

    public func respond(_ request: HTTPRequest) -> FixtureReply {
        let verdict = validator.validate(request: request)
        if faulty, let reply = fault(request, verdict) { return reply }
        guard verdict.isValid, let index = verdict.operationIndex else { return problem(verdict) }
        if let reply = stateful(request, index) { return reply }
        return success(index)
    }

    /// The stateful operations: items can be deleted (their GETs then answer 404), notes are created,
    /// read and deleted for real.
    private func stateful(_ request: HTTPRequest, _ index: Int) -> FixtureReply? {
        let operation = document.operations[index]
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch operation.operationId {
        case "createItem":
            // A new id each time (so a deleted id never comes back), in the example's shape.
            let id = state.newItemId()
            var reply = success(index)
            guard let example = DocumentParser.parse(reply.body, file: "<example>", format: .json).root?.objectValue else { return reply }
            let members = [("id", JSONValue.integer(id))] + example.members.filter { $0.key != "id" }.map { ($0.key, $0.value) }
            reply.body = Array(JSONWriter.compact(.object(members)).utf8)
            reply.headers = reply.headers.filter { $0.0 != "Location" } + [("Location", "/items/\(id)")]
            return reply
        case "deleteItem":
            if segments.count >= 2 { state.deleteItem(segments[1]) }
            return FixtureReply(status: 204)
        case "getItem", "getItemLabel":
            return segments.count >= 2 && state.isDeleted(segments[1]) ? notFound() : nil
        case "createNote":
            guard let text = noteText(request) else { return nil }
            let id = state.addNote(text)
            return FixtureReply(status: 201, headers: [("Location", "/notes/\(id)"), ("Content-Type", "application/json")],
                                body: Array(JSONWriter.compact(.object([("id", .integer(id)), ("text", .string(text))])).utf8))
        case "getNote":
            guard segments.count >= 2, let id = Int(segments[1]), let text = state.note(id) else { return notFound() }
            return FixtureReply(status: 200, headers: [("Content-Type", "application/json")],
                                body: Array(JSONWriter.compact(.object([("id", .integer(id)), ("text", .string(text))])).utf8))
        case "deleteNote":
            guard segments.count >= 2, let id = Int(segments[1]), state.removeNote(id, keep: false) else { return notFound() }
            return FixtureReply(status: 204)
        default:
            return nil
        }
    }

    private func isDeletedItem(_ request: HTTPRequest) -> Bool {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
        return segments.count >= 2 && state.isDeleted(String(segments[1]))
    }

    /// A query value with `%XX` escapes and `+` decoded (invalid escapes are kept as they are).
    private func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), high < utf8.endIndex,
               let low = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), low < utf8.endIndex,
               let value = UInt8(String(decoding: [utf8[high], utf8[low]], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = utf8.index(after: low)
            } else {
                bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func noteText(_ request: HTTPRequest) -> String? {
        DocumentParser.parse(request.body, file: "<body>", format: .json).root?.objectValue?.first(where: { $0.key == "text" })?.value.stringValue
    }

    private func notFound() -> FixtureReply {
        FixtureReply(status: 404, headers: [("Content-Type", "application/problem+json")], body: Array(#"{"title":"Not Found","status":404}"#.utf8))
    }

    private func serverError(_ status: Int) -> FixtureReply {
        FixtureReply(status: status, headers: [("Content-Type", "application/problem+json")],
                     body: Array(#"{"title":"Server error","status":\#(status)}"#.utf8))
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
            return serverError(500)
        case "getItem" where verdict.isValid && !isDeletedItem(request):
            var reply = success(index)
            reply.status = 202
            return reply
        case "getItemLabel" where verdict.isValid && !isDeletedItem(request):
            return FixtureReply(status: 200, headers: [("Content-Type", "text/html")], body: Array("<b>LAMP</b>".utf8))
        case "createItem" where verdict.isValid:
            let id = state.newItemId()
            return FixtureReply(status: 201, headers: [("Location", "/items/\(id)"), ("Content-Type", "application/json")],
                                body: Array(#"{"id":\#(id),"name":"lamp","price":"12.5"}"#.utf8))
        case "updateItem" where verdict.isValid:
            var reply = success(index)
            reply.headers.removeAll { $0.0 == "ETag" }
            return reply
        case "deleteItem" where onlyCredentials:
            let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
            if segments.count >= 2 { state.deleteItem(String(segments[1])) }
            return FixtureReply(status: 204, headers: [], body: [])
        case "createNote" where verdict.isValid && (noteText(request) ?? "").unicodeScalars.contains { !$0.isASCII }:
            return serverError(500)
        case "deleteNote" where verdict.isValid:
            let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
            guard segments.count >= 2, let id = Int(segments[1]), state.removeNote(id, keep: true) else { return notFound() }
            return FixtureReply(status: 204)
        case "getOrder" where verdict.isValid:
            return FixtureReply(status: 200, headers: [("Content-Type", "application/json")],
                                body: Array(#"{"orderId":"o-1","status":"lost","status":"shipped"}"#.utf8))
        case "getStore" where verdict.isValid:
            return FixtureReply(status: 200, headers: [("Content-Type", "application/json")],
                                body: Array(#"{"city":"Cairo","postalCode":"\#u{0661}\#u{0661}\#u{0665}\#u{0661}\#u{0661}"}"#.utf8))
        case "getEvent" where verdict.isValid:
            return FixtureReply(status: 200, headers: [("Content-Type", "application/json")],
                                body: Array(#"{"name":"Launch","startsAt":"2026-03-01 10:00"}"#.utf8))
        case "createOrder" where !verdict.isValid && verdict.violations.allSatisfy({ $0.kind == .invalid || $0.kind == .unsupportedMediaType }):
            return success(index)
        case "search" where verdict.isValid:
            let value = (request.query ?? "").split(separator: "&").first { $0.hasPrefix("q=") }.map { percentDecoded($0.dropFirst(2)) } ?? ""
            if value.count >= 10 {
                return FixtureReply(status: 400, headers: [("Content-Type", "application/problem+json")], body: Array(#"{"title":"Too long","status":400}"#.utf8))
            }
            return nil
        case "getSlow" where verdict.isValid:
            var reply = success(index)
            reply.delayMilliseconds = Self.slowMilliseconds
            return reply
        case "getColor" where verdict.isValid && request.path.hasSuffix("/ultraviolet"):
            return serverError(503)
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

/// The mutable part of a fixture service, shared by its connections.
final class FixtureState: Sendable {
    private struct Contents {
        var deletedItems: Set<String> = []
        var notes: [Int: String] = [:]
        var nextNote = 1
        var nextItem = 1000
    }
    private let contents = Mutex(Contents())

    func deleteItem(_ id: String) { contents.withLock { _ = $0.deletedItems.insert(id) } }
    func isDeleted(_ id: String) -> Bool { contents.withLock { $0.deletedItems.contains(id) } }

    func addNote(_ text: String) -> Int {
        contents.withLock { contents in
            let id = contents.nextNote
            contents.nextNote += 1
            contents.notes[id] = text
            return id
        }
    }

    func newItemId() -> Int {
        contents.withLock { contents in
            defer { contents.nextItem += 1 }
            return contents.nextItem
        }
    }

    func note(_ id: Int) -> String? { contents.withLock { $0.notes[id] } }

    /// Whether the note existed; it is removed unless `keep` (the planted fault).
    func removeNote(_ id: Int, keep: Bool) -> Bool {
        contents.withLock { contents in
            guard contents.notes[id] != nil else { return false }
            if !keep { contents.notes[id] = nil }
            return true
        }
    }
}
