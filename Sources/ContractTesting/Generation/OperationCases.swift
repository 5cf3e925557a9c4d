import Documents
import OpenAPIModel
import Schemas

/// Builds the candidate cases of one operation (before the self-check).
struct OperationCases {
    let generator: CaseGenerator
    let operation: OpenAPIModel.Operation
    let index: Int
    private var validCache: [String: [JSONValue]] = [:]

    init(generator: CaseGenerator, operation: OpenAPIModel.Operation, index: Int) {
        self.generator = generator
        self.operation = operation
        self.index = index
    }

    private var valid: ValidValues { ValidValues(flattener: generator.flattener, limit: generator.variantLimit) }
    private var invalid: InvalidValues { InvalidValues(flattener: generator.flattener, valid: valid) }

    /// The media types whose bodies can be generated, JSON first.
    private var bodyMedia: [MediaType] {
        let content = operation.requestBody?.content ?? []
        let json = content.filter { $0.contentType.lowercased().contains("json") }
        return json + content.filter { !$0.contentType.lowercased().contains("json") }
    }

    private func schema(of parameter: Parameter) -> SchemaSource? {
        parameter.schema ?? parameter.content.first?.schema
    }

    /// Examples written for a parameter (its own, then its media type's, then its schema's).
    private func examples(of parameter: Parameter) -> [JSONValue] {
        var values: [JSONValue] = []
        if let example = parameter.example { values.append(example) }
        values += parameter.examples.compactMap(\.value)
        if let media = parameter.content.first {
            if let example = media.example { values.append(example) }
            values += media.examples.compactMap(\.value)
        }
        return values
    }

    private mutating func validValues(_ parameter: Parameter, random: inout SeededRandom) -> [JSONValue] {
        let key = parameter.identity
        if let cached = validCache[key] { return cached }
        var values = examples(of: parameter)
        if let source = schema(of: parameter) {
            for value in valid.values(generator.flattener.flatten(source), random: &random) where !values.contains(value) {
                values.append(value)
            }
        }
        validCache[key] = values
        return values
    }

    /// Required parameters and every optional one at its first value, the first media type's first body.
    mutating func baseCase(random: inout SeededRandom) -> TestCase? {
        var parameters: [ParameterValue] = []
        for parameter in operation.parameters {
            let values = validValues(parameter, random: &random)
            if values.isEmpty && parameter.required { return nil }
            parameters.append(ParameterValue(name: parameter.name, location: parameter.location, value: values.first))
        }
        var body: JSONValue?
        var mediaType: String?
        if let media = bodyMedia.first {
            mediaType = media.contentType
            body = bodyValues(media, random: &random).first
        }
        return TestCase(operationIndex: index, kind: .valid, label: "all parameters", parameters: parameters, body: body, mediaType: mediaType)
    }

    private func bodyExamples(_ media: MediaType) -> [(String, JSONValue)] {
        var values: [(String, JSONValue)] = []
        if let example = media.example { values.append(("example", example)) }
        for example in media.examples { if let value = example.value { values.append((example.name, value)) } }
        return values
    }

    private mutating func bodyValues(_ media: MediaType, random: inout SeededRandom) -> [JSONValue] {
        var values = bodyExamples(media).map(\.1)
        if let schema = media.schema {
            for value in valid.values(generator.flattener.flatten(schema), random: &random) where !values.contains(value) { values.append(value) }
        }
        return values
    }

    // MARK: Kinds

    mutating func exampleCases() -> [TestCase] {
        var random = SeededRandom(seed: generator.seed, stream: "examples " + operation.path)
        guard var base = baseCase(random: &random) else { return [] }
        base.kind = .example
        base.label = "examples"
        var result: [TestCase] = []
        let media = bodyMedia
        if media.isEmpty { return [base] }
        for mediaType in media {
            for (name, value) in bodyExamples(mediaType) {
                var copy = base
                copy.body = value
                copy.mediaType = mediaType.contentType
                copy.label = (name == "example" ? "example" : "example \(name)") + " (\(mediaType.contentType))"
                result.append(copy)
            }
        }
        return result.isEmpty ? [base] : result
    }

    mutating func validCases(random: inout SeededRandom) -> [TestCase] {
        guard let base = baseCase(random: &random) else { return [] }
        var result: [TestCase] = [base]
        if let unicode = unicodeCase(from: base, random: &random) { result.append(unicode) }
        var minimal = base
        minimal.label = "required parameters only"
        for (position, parameter) in operation.parameters.enumerated() where !parameter.required { minimal.parameters[position].value = nil }
        if operation.requestBody?.required == false { minimal.body = nil; minimal.mediaType = nil }
        result.append(minimal)
        for (position, parameter) in operation.parameters.enumerated() {
            for value in validValues(parameter, random: &random).dropFirst() {
                var copy = base
                copy.parameters[position].value = value
                copy.label = "\(parameter.location.rawValue) \(parameter.name) = \(ParameterSerializer.primitive(value).prefix(40))"
                result.append(copy)
            }
        }
        for (mediaPosition, media) in bodyMedia.enumerated() {
            let values = bodyValues(media, random: &random)
            for (valuePosition, value) in values.enumerated() where mediaPosition > 0 || valuePosition > 0 {
                var copy = base
                copy.body = value
                copy.mediaType = media.contentType
                copy.label = "body variant \(valuePosition + 1) (\(media.contentType))"
                result.append(copy)
            }
        }
        return result
    }

    mutating func invalidCases(random: inout SeededRandom) -> [TestCase] {
        guard let base = baseCase(random: &random) else { return [] }
        var result: [TestCase] = []
        for (position, parameter) in operation.parameters.enumerated() {
            if parameter.required {
                var copy = base
                copy.kind = .invalid
                copy.parameters[position].value = nil
                copy.label = "missing required \(parameter.location.rawValue) parameter \(parameter.name)"
                copy.leavesOperation = parameter.location == .path
                result.append(copy)
            }
            guard let source = schema(of: parameter) else { continue }
            for broken in invalid.values(generator.flattener.flatten(source), random: &random).prefix(generator.variantLimit) {
                var copy = base
                copy.kind = .invalid
                copy.parameters[position].value = broken.value
                copy.label = "\(parameter.location.rawValue) \(parameter.name): \(broken.reason)"
                result.append(copy)
            }
        }
        if let body = operation.requestBody, let media = bodyMedia.first {
            if body.required {
                var copy = base
                copy.kind = .invalid
                copy.body = nil
                copy.mediaType = nil
                copy.label = "missing required body"
                result.append(copy)
            }
            if let schema = media.schema {
                for broken in invalid.values(generator.flattener.flatten(schema), random: &random).prefix(generator.variantLimit * 2) {
                    var copy = base
                    copy.kind = .invalid
                    copy.body = broken.value
                    copy.label = "body \(broken.reason)"
                    result.append(copy)
                }
            }
            if !(operation.requestBody?.content.contains { $0.contentType.hasPrefix("text/") || $0.contentType.contains("*") } ?? true) {
                var copy = base
                copy.kind = .invalid
                copy.body = .string("plain text")
                copy.mediaType = "text/plain"
                copy.label = "undeclared media type text/plain"
                result.append(copy)
            }
        }
        return result
    }

    func securityCases() -> [TestCase] {
        guard !operation.allowsAnonymous else { return [] }
        var random = SeededRandom(seed: generator.seed, stream: "security " + operation.path)
        var copySelf = self
        guard let base = copySelf.baseCase(random: &random) else { return [] }
        let modes: [(CredentialMode, String)] = [(.none, "no credentials"), (.malformed, "malformed credentials"), (.wrongScheme, "credentials of the wrong scheme")]
        return modes.map { mode, label in
            var copy = base
            copy.kind = .security
            copy.credentials = mode
            copy.label = label
            return copy
        }
    }
}
