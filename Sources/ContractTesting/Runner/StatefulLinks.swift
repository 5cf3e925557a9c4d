import Documents
import OpenAPIModel
import Validation

/// Builds follow-up cases from successful responses: each `links` entry of the matched response
/// (parameters from `$response.body#/...`, `$response.header.X`, `$request.path.x` or constants),
/// and, where the response has no links, the operations a `Location` header routes to.
struct StatefulLinks {
    let document: OpenAPIDocument
    let generator: CaseGenerator
    /// Follow-ups per source operation (the first successful response of each operation is used).
    static let maximumPerOperation = 8

    func followUps(after judged: [ContractRunner.Judged], selected: Set<Int>) -> [TestCase] {
        var result: [TestCase] = []
        var done: Set<Int> = []
        for item in judged where item.testCase.kind.isPositive && !done.contains(item.testCase.operationIndex) {
            guard let response = item.exchange.response, (200..<300).contains(response.status) else { continue }
            let operation = document.operations[item.testCase.operationIndex]
            guard let documented = operation.response(for: response.status) else { continue }
            var produced: [TestCase] = []
            for link in documented.links {
                guard let target = targetIndex(link), selected.contains(target) else { continue }
                var fixed: [ParameterValue] = []
                let targetOperation = document.operations[target]
                for member in link.parameters {
                    var name = member.key
                    var location: OpenAPIModel.ParameterLocation?
                    if let dot = name.firstIndex(of: "."), let place = OpenAPIModel.ParameterLocation(rawValue: String(name[..<dot])) {
                        location = place
                        name = String(name[name.index(after: dot)...])
                    }
                    guard let parameter = targetOperation.parameters.first(where: { $0.name == name && (location == nil || $0.location == location) }),
                          let value = evaluate(member.value, request: item, response: response) else { continue }
                    fixed.append(ParameterValue(name: parameter.name, location: parameter.location, value: value))
                }
                if let testCase = generator.linkedCase(operationIndex: target, fixed: fixed, label: "link \(link.name) from \(operation.label)"),
                   generator.selfCheck(testCase) {
                    produced.append(testCase)
                }
            }
            if documented.links.isEmpty, let location = response.headers.first("Location") {
                produced += locationCases(location, from: operation, selected: selected)
            }
            if !produced.isEmpty { done.insert(item.testCase.operationIndex) }
            result += produced.prefix(Self.maximumPerOperation)
        }
        return result
    }

    /// The index of a link's target operation (by `operationId`, or a local `operationRef` pointer).
    func targetIndex(_ link: Link) -> Int? {
        if let id = link.operationId { return document.operations.firstIndex(where: { $0.operationId == id }) }
        guard let reference = link.operationRef, let hash = reference.firstIndex(of: "#"),
              let pointer = JSONPointer(fragment: String(reference[reference.index(after: hash)...])),
              pointer.tokens.count == 3, pointer.tokens[0] == "paths" else { return nil }
        let path = pointer.tokens[1], method = pointer.tokens[2].uppercased()
        return document.operations.firstIndex(where: { $0.path == path && $0.method.name == method })
    }

    /// A runtime expression's value (or the constant itself).
    func evaluate(_ expression: JSONValue, request: ContractRunner.Judged, response: HTTPResponse) -> JSONValue? {
        guard let text = expression.stringValue, text.hasPrefix("$") else { return expression }
        if text.hasPrefix("$response.body") {
            let fragment = text.dropFirst("$response.body".count)
            guard let body = DocumentParser.parse(response.body, file: "<response>", format: .json).root else { return nil }
            if fragment.isEmpty { return body }
            guard fragment.hasPrefix("#"), let pointer = JSONPointer(String(fragment.dropFirst())) else { return nil }
            return pointer.evaluate(in: body)
        }
        if text.hasPrefix("$response.header.") {
            return response.headers.first(String(text.dropFirst("$response.header.".count))).map { .string($0) }
        }
        for (prefix, location) in [("$request.path.", OpenAPIModel.ParameterLocation.path), ("$request.query.", .query), ("$request.header.", .header)] where text.hasPrefix(prefix) {
            let name = String(text.dropFirst(prefix.count))
            return request.testCase.parameters.first(where: { $0.name == name && $0.location == location })?.value ?? nil
        }
        return nil
    }

    /// GET (and the path's other operations) for the resource a `Location` header names.
    private func locationCases(_ location: String, from operation: OpenAPIModel.Operation, selected: Set<Int>) -> [TestCase] {
        var result: [TestCase] = []
        guard case .matched(let match) = document.router.route(method: "GET", target: location) else { return [] }
        let path = document.operations[match.operationIndex].path
        for (index, candidate) in document.operations.enumerated() where candidate.path == path && selected.contains(index) {
            let fixed = match.pathParameters.map { ParameterValue(name: $0.name, location: .path, value: .string($0.value)) }
            if let testCase = generator.linkedCase(operationIndex: index, fixed: fixed, label: "Location of \(operation.label)"),
               generator.selfCheck(testCase) {
                result.append(testCase)
            }
        }
        return result
    }
}
