import Documents
import OpenAPIModel
import Schemas

extension ExchangeValidator {
    /// Validates a response to `request` (routed again; an unroutable request gives no response checks).
    public func validate(response: HTTPResponse, for request: HTTPRequest) -> [Violation] {
        guard let match = document.router.route(method: request.method, target: request.target).match else { return [] }
        return validate(response: response, operationIndex: match.operationIndex, requestMethod: request.method)
    }

    /// Validates a response of the operation at `operationIndex` (from `RequestVerdict.operationIndex`).
    ///
    /// The status picks the response: exact code, then range (`2XX`), then `default`; an undeclared status
    /// is a violation. Then required headers and declared header values, the Content-Type against the
    /// declared keys (most specific wins), and the body against its schema (direction response:
    /// `writeOnly` properties are violations). Responses to HEAD and 1XX/204/304 responses carry no body.
    public func validate(response: HTTPResponse, operationIndex: Int, requestMethod: String = "GET") -> [Violation] {
        guard let plan = plan(at: operationIndex) else { return [] }
        guard let responsePlan = Self.responsePlan(for: response.status, in: plan.responses) else {
            let declared = plan.responses.map(\.key.description).joined(separator: ", ")
            return [Violation(location: .response, keyword: "status", message: "status \(response.status) is not declared; declared: \(declared)")]
        }
        var violations: [Violation] = []
        for header in responsePlan.headers where header.name.lowercased() != "content-type" {
            checkResponseHeader(header, response.headers.values(header.name), into: &violations)
        }
        let bodyless = requestMethod == "HEAD" || response.status / 100 == 1 || response.status == 204 || response.status == 304
        if bodyless || response.body.isEmpty { return violations }
        if responsePlan.media.isEmpty {
            violations.append(Violation(location: .body, keyword: "content", message: "response has a body but status \(response.status) declares no content"))
            return violations
        }
        guard let contentType = response.contentType else {
            violations.append(Violation(location: .header, name: "Content-Type", keyword: "mediaType", message: "response has a body but no valid Content-Type"))
            return violations
        }
        // The first of two Content-Type fields is read here, the last by browsers: a body checked as JSON was rendered
        // as `text/html` (found by an audit of the proxy's upstream side).
        if response.headers.count(.contentType) > 1 {
            violations.append(Violation(location: .header, name: "Content-Type", keyword: "mediaType",
                                        message: "response has more than one Content-Type field: clients disagree on which one applies"))
            return violations
        }
        // A Content-Type that is literally a plain declared key picks it unparsed (as for requests).
        let exact = responsePlan.matcher.exactMatch(contentType)
        guard let mediaType = exact?.1 ?? MediaType(contentType), !mediaType.isRange else {
            violations.append(Violation(location: .header, name: "Content-Type", keyword: "mediaType", message: "response has a body but no valid Content-Type"))
            return violations
        }
        guard let index = exact?.0 ?? responsePlan.matcher.matchIndex(mediaType), index < responsePlan.media.count else {
            violations.append(Violation(location: .header, name: "Content-Type", keyword: "mediaType",
                                        message: "media type \(ValueCoercion.excerpt(mediaType.essence)) is not declared for status \(response.status); declared: \(responsePlan.matcher.keys.joined(separator: ", "))"))
            return violations
        }
        guard options.validateResponseBodies else { return violations }
        // The stream walk (schema only: responses are not sanitized) only ever accepts; see `checkBody`.
        if mediaType.isJSON, streamsBodies, responsePlan.media[index].streams, Self.isUTF8(mediaType) {
            let check = StreamingBodyCheck(shapes: responsePlan.media[index].shapes, outline: .open, settings: plan.sanitization, sanitizes: false,
                                           maximumJSONDepth: Self.jsonDepth(plan.sanitization))
            if check.accepts(response.body) { return violations }
        }
        let media = responsePlan.media[index]
        if mediaType.isJSON {
            guard let value = readJSON(response.body, mediaType, plan.sanitization, location: .body, into: &violations) else { return violations }
            validate(value, media, plan.sanitization, direction: .response, into: &violations)
        } else if mediaType.type == "text", media.schema != nil {
            switch TextBody.decode(response.body, charset: mediaType.parameter("charset")) {
            case .success(let text): validate(JSONValue(.string(text)), media, plan.sanitization, direction: .response, into: &violations)
            case .failure: violations.append(Violation(location: .body, keyword: "charset", message: "text body has bytes invalid in its charset"))
            }
        }
        return violations
    }

    /// Exact status first, then its range, then `default`.
    static func responsePlan(for status: Int, in responses: [ResponsePlan]) -> ResponsePlan? {
        if let exact = responses.first(where: { if case .status(status) = $0.key { return true } else { return false } }) { return exact }
        if let range = responses.first(where: { if case .range(status / 100) = $0.key { return true } else { return false } }) { return range }
        return responses.first(where: { $0.key == .default })
    }

    private func checkResponseHeader(_ header: HeaderPlan, _ lines: [String], into violations: inout [Violation]) {
        if lines.isEmpty {
            if header.required {
                violations.append(Violation(location: .header, name: header.name, keyword: "required", message: "required response header is missing"))
            }
            return
        }
        switch ParameterDeserializer.header(lines, header.descriptor) {
        case .failure(let problem):
            violations.append(problem.violation(location: .header, name: header.name))
        case .success(.value(let value)):
            guard let schema = header.schema else { return }
            let found = Self.violations(of: schema, value, direction: .response)
            if !found.isEmpty { violations += Self.convert(found, location: .header, name: header.name) }
        case .success:
            return
        }
    }
}
