import Documents
import OpenAPIModel
import Validation

/// `json-body`: any bytes as the JSON body of `POST /pets` (request) and of its `201` answer (response) of
/// `specs/petstore.yaml`, validated with the stream walk (`ValidationOptions.streamsBodies`, the default) and
/// without it (every body read into a value tree). The walk only ever accepts, so both must give exactly the same
/// violations; a walk that accepted a body the tree validation refuses would show here first.
final class JSONBodyTarget: FuzzTarget {
    static let name = "json-body"

    let streaming: ExchangeValidator?
    let ordinary: ExchangeValidator?

    init(specPath: String) {
        if let document = OpenAPIDocument.load(path: specPath).document {
            streaming = ExchangeValidator(document: document)
            var options = ValidationOptions()
            options.streamsBodies = false
            ordinary = ExchangeValidator(document: document, options: options)
        } else {
            streaming = nil
            ordinary = nil
        }
    }

    func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        guard let streaming, let ordinary else {
            throw InvariantViolation(target: Self.name, "specs/petstore.yaml did not load (run from the repository root)")
        }
        var headers = HTTPHeaders()
        headers.append(name: "Content-Type", value: "application/json")
        headers.append(name: "X-API-Key", value: "k-12345")
        let request = HTTPRequest(method: "POST", target: "/v1/pets", headers: headers, body: bytes)
        let walked = streaming.validate(request: request)
        guard walked.operationIndex != nil else {
            throw InvariantViolation(target: Self.name, "POST /v1/pets did not route: \(excerpt(describe(walked.violations)))")
        }
        let read = ordinary.validate(request: request)
        if describe(walked.violations) != describe(read.violations) {
            throw InvariantViolation(target: Self.name, "request verdicts differ: with the walk \(excerpt(describe(walked.violations))), without \(excerpt(describe(read.violations)))")
        }
        var answerHeaders = HTTPHeaders()
        answerHeaders.append(name: "Content-Type", value: "application/json")
        answerHeaders.append(name: "Location", value: "/v1/pets/1")
        let answer = HTTPResponse(status: 201, headers: answerHeaders, body: bytes)
        let walkedAnswer = streaming.validate(response: answer, for: request)
        let readAnswer = ordinary.validate(response: answer, for: request)
        if describe(walkedAnswer) != describe(readAnswer) {
            throw InvariantViolation(target: Self.name, "response verdicts differ: with the walk \(excerpt(describe(walkedAnswer))), without \(excerpt(describe(readAnswer)))")
        }
    }

    private func describe(_ violations: [Violation]) -> String {
        violations.map { "\($0.location.rawValue) \($0.name ?? "") \($0.pointer?.description ?? "") \($0.keyword): \($0.message)" }.joined(separator: "\n")
    }
}
