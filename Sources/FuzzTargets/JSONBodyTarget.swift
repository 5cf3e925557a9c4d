import Documents
import OpenAPIModel
import Validation

/// `json-body`: any bytes as a JSON body, validated with the fast path (`ValidationOptions.streamsBodies`, the
/// default: `DirectBodyWalk`, then the stream walk for what it does not take) and without it (every body read into a
/// value tree). The fast path only ever accepts, so both must give exactly the same violations; one that accepted a
/// body the tree validation refuses would show here first. An input whose
/// first byte is `1`, `2` or `3` is the body of `POST /composed`, `/closed` or `/tree` of `Fuzz/specs/walk.yaml`
/// (allOf with a `$ref`, closed objects, recursion...), the rest follow (that byte dropped); any other input is the
/// body of `POST /v1/pets` of `specs/petstore.yaml`, and the same bytes are checked as the operation's answer too.
final class JSONBodyTarget: FuzzTarget {
    static let name = "json-body"

    /// With the walk, and without it, per spec.
    let validators: [(streaming: ExchangeValidator, ordinary: ExchangeValidator)]

    init(packageRoot: String) {
        var validators: [(ExchangeValidator, ExchangeValidator)] = []
        for path in ["/specs/petstore.yaml", "/Fuzz/specs/walk.yaml"] {
            guard let document = OpenAPIDocument.load(path: packageRoot + path).document else { continue }
            var options = ValidationOptions()
            options.streamsBodies = false
            validators.append((ExchangeValidator(document: document), ExchangeValidator(document: document, options: options)))
        }
        self.validators = validators
    }

    func run(_ input: [UInt8]) throws(InvariantViolation) {
        guard validators.count == 2 else {
            throw InvariantViolation(target: Self.name, "specs/petstore.yaml or Fuzz/specs/walk.yaml did not load (run from the repository root)")
        }
        let paths = ["/composed", "/closed", "/tree"]
        if let first = input.first, (UInt8(ascii: "1")...UInt8(ascii: "3")).contains(first) {
            try check(Array(input.dropFirst()), path: paths[Int(first - UInt8(ascii: "1"))], answerStatus: 200, validators[1])
        } else {
            try check(input, path: "/v1/pets", answerStatus: 201, validators[0])
        }
    }

    private func check(_ bytes: [UInt8], path: String, answerStatus: Int,
                       _ pair: (streaming: ExchangeValidator, ordinary: ExchangeValidator)) throws(InvariantViolation) {
        let (streaming, ordinary) = pair
        var headers = HTTPHeaders()
        headers.append(name: "Content-Type", value: "application/json")
        headers.append(name: "X-API-Key", value: "k-12345")
        let request = HTTPRequest(method: "POST", target: path, headers: headers, body: bytes)
        let walked = streaming.validate(request: request)
        guard walked.operationIndex != nil else {
            throw InvariantViolation(target: Self.name, "POST \(path) did not route: \(excerpt(describe(walked.violations)))")
        }
        let read = ordinary.validate(request: request)
        if describe(walked.violations) != describe(read.violations) {
            throw InvariantViolation(target: Self.name, "request verdicts differ: with the walk \(excerpt(describe(walked.violations))), without \(excerpt(describe(read.violations)))")
        }
        var answerHeaders = HTTPHeaders()
        answerHeaders.append(name: "Content-Type", value: "application/json")
        answerHeaders.append(name: "Location", value: "/v1/pets/1")
        let answer = HTTPResponse(status: answerStatus, headers: answerHeaders, body: bytes)
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
