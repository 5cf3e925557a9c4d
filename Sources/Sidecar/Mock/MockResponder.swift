import Documents
import NIOHTTP1
import OpenAPIModel
import Validation

/// A mock answer.
struct MockAnswer {
    var status: Int
    var headers: NIOHTTP1.HTTPHeaders
    var body: [UInt8]
}

/// Answers a validated request from the spec: the operation's example (a named one with
/// `Prefer: example=NAME`, a status with `Prefer: code=201`) or data generated from the response schema.
enum MockResponder {
    static func answer(request: HTTPRequest, verdict: RequestVerdict, state: SpecState, seed: UInt64,
                       deletions: MockDeletions? = nil) -> MockAnswer {
        guard let index = verdict.operationIndex, index >= 0, index < state.document.router.operations.count else {
            return problem(404, "not-found", "No operation matches the request path", "the mock has no operation for this request")
        }
        let operation = state.document.router.operations[index]
        let preferences = Preferences(request.headers.values("Prefer"))
        if let deletions, preferences.code == nil, operation.method.name == "GET", let deleted = deletions.deletedPath(covering: String(request.path)) {
            return problem(404, "deleted", "Not Found", "the mock deleted this resource earlier (DELETE \(deleted))")
        }
        let answer = answer(request: request, operation: operation, preferences: preferences, state: state, seed: seed)
        if let deletions, (200..<300).contains(answer.status) {
            if operation.method.name == "DELETE" { deletions.delete(String(request.path)) }
            if operation.method.name == "PUT" { deletions.restore(String(request.path)) }
            if let location = answer.headers.first(name: "Location"), location.hasPrefix("/") {
                deletions.restore(String(location.split(separator: "?", maxSplits: 1).first ?? Substring(location)))
            }
        }
        return answer
    }

    private static func answer(request: HTTPRequest, operation: OpenAPIModel.Operation, preferences: Preferences,
                               state: SpecState, seed: UInt64) -> MockAnswer {
        let chosen: (status: Int, response: Response)
        if let code = preferences.code {
            // A final status only: a 1xx or a number that is no status would break the answer (`code=-1` trapped the
            // mock; `code=100` sent a body after `100 Continue`; found by an audit).
            guard (200...599).contains(code) else {
                return problem(400, "mock-status-invalid", "Status cannot be mocked",
                               "Prefer: code=\(code) is not a final status from 200 to 599")
            }
            guard let response = operation.response(for: code) else {
                return problem(404, "mock-status-not-declared", "Status not declared",
                               "the operation declares no response for status \(code)")
            }
            chosen = (code, response)
        } else if let found = defaultResponse(operation) {
            chosen = found
        } else {
            return MockAnswer(status: 204, headers: NIOHTTP1.HTTPHeaders(), body: [])
        }
        var headers = NIOHTTP1.HTTPHeaders()
        for header in chosen.response.headers where !["content-type", "content-length"].contains(header.name.lowercased()) {
            if let example = header.example ?? header.examples.first?.value {
                headers.add(name: header.name, value: scalarText(example))
            } else if header.required, let schema = header.schema {
                var generator = SampleGenerator(documents: state.document.sourceDocuments, seed: seed)
                headers.add(name: header.name, value: scalarText(generator.sample(schema)))
            }
        }
        guard let media = chooseMedia(chosen.response.content, accept: request.headers.combinedValue("Accept")) else {
            return MockAnswer(status: chosen.status, headers: headers, body: [])
        }
        let value: JSONValue
        if let name = preferences.example {
            guard let example = media.examples.first(where: { $0.name == name }), let exampleValue = example.value else {
                let names = media.examples.map(\.name).joined(separator: ", ")
                return problem(404, "mock-example-not-found", "Example not found",
                               "no example named \(name) for status \(chosen.status) (\(names.isEmpty ? "none declared" : names))")
            }
            value = exampleValue
        } else if preferences.dynamic, let schema = media.schema {
            var generator = SampleGenerator(documents: state.document.sourceDocuments, seed: seed)
            value = generator.sample(schema)
        } else if let example = media.example ?? media.examples.first(where: { $0.value != nil })?.value {
            value = example
        } else if let schema = media.schema {
            var generator = SampleGenerator(documents: state.document.sourceDocuments, seed: seed)
            value = generator.sample(schema)
        } else {
            value = .null
        }
        let contentType = media.contentType.contains("*") ? "application/json" : media.contentType
        headers.add(name: "Content-Type", value: contentType)
        let body: [UInt8]
        if contentType.hasPrefix("text/"), let text = value.stringValue { body = Array(text.utf8) }
        else { body = Array(JSONWriter.compact(value).utf8) }
        return MockAnswer(status: chosen.status, headers: headers, body: body)
    }

    /// The first declared success (2xx, lowest first), else `default`, else the first response.
    private static func defaultResponse(_ operation: OpenAPIModel.Operation) -> (Int, Response)? {
        var best: (Int, Response)?
        for response in operation.responses {
            switch response.key {
            case .status(let code) where (200..<300).contains(code):
                if best == nil || code < (best?.0 ?? 999) { best = (code, response) }
            case .range(2) where best == nil:
                best = (200, response)
            default: break
            }
        }
        if let best { return best }
        if let fallback = operation.responses.first(where: { $0.key == .default }) { return (200, fallback) }
        if let first = operation.responses.first, case .status(let code) = first.key { return (code, first) }
        return nil
    }

    private static func chooseMedia(_ content: [OpenAPIModel.MediaType], accept: String?) -> OpenAPIModel.MediaType? {
        guard let accept, !accept.contains("*/*") else {
            return content.first(where: { $0.contentType.contains("json") }) ?? content.first
        }
        for media in content where accept.contains(media.contentType) { return media }
        return content.first
    }

    private static func scalarText(_ value: JSONValue) -> String {
        value.stringValue ?? JSONWriter.compact(value)
    }

    private static func problem(_ status: Int, _ slug: String, _ title: String, _ detail: String) -> MockAnswer {
        let document = ProblemDocument(type: "urn:specguard:problem:" + slug, title: title, status: status, detail: detail, errors: [])
        return MockAnswer(status: status, headers: NIOHTTP1.HTTPHeaders([("Content-Type", ProblemDocument.mediaType)]), body: document.body)
    }
}

/// The `Prefer` header preferences the mock honours (RFC 7240 syntax: `code=201, example=cat`).
struct Preferences {
    var code: Int?
    var example: String?
    var dynamic = false

    init(_ values: [String]) {
        for value in values {
            for item in value.split(whereSeparator: { $0 == "," || $0 == ";" }) {
                let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
                guard let key = parts.first?.lowercased() else { continue }
                var argument = parts.count > 1 ? String(parts[1]) : ""
                if argument.hasPrefix("\""), argument.hasSuffix("\""), argument.count >= 2 { argument = String(argument.dropFirst().dropLast()) }
                switch key {
                case "code": code = Int(argument)
                case "example": example = argument
                case "dynamic": dynamic = argument.isEmpty || argument == "true"
                default: break
                }
            }
        }
    }
}
