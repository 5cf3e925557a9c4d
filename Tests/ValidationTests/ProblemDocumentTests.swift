import Documents
import Testing
@testable import Validation

struct ProblemDocumentTests {
    @Test func rendersGoldenJSON() {
        let violations = [
            Violation(location: .query, name: "limit", keyword: "type", message: "expected integer, found \"ten\""),
            Violation(location: .body, pointer: JSONPointer(tokens: ["pets", "0", "name"]), keyword: "minLength", message: "string is shorter than 1", schemaPath: "#/components/schemas/Pet/properties/name/minLength"),
        ]
        let document = ProblemDocument(requestViolations: violations)
        let golden = ##"{"type":"urn:specguard:problem:invalid-request","title":"Request violates the API contract","status":400,"detail":"The request violates the API contract in 2 places.","errors":[{"in":"query","name":"limit","keyword":"type","message":"expected integer, found \"ten\""},{"in":"body","pointer":"/pets/0/name","keyword":"minLength","message":"string is shorter than 1","schemaPath":"#/components/schemas/Pet/properties/name/minLength"}]}"##
        #expect(document.json == golden)
        #expect(document.body == Array(golden.utf8))
        #expect(ProblemDocument.mediaType == "application/problem+json")
    }

    /// The body is written straight from the fields: the same bytes as writing `jsonValue`, for every optional member
    /// present or not and text that needs escapes.
    @Test func theBodyIsTheJSONValueWritten() {
        let texts = ["plain", "quote \" and \\ back", "line\nfeed\u{1}", "é中😀", ""]
        var documents: [ProblemDocument] = [ProblemDocument(requestViolations: [])]
        for (index, text) in texts.enumerated() {
            let violation = Violation(location: index % 2 == 0 ? .body : .header, name: index % 3 == 0 ? nil : text,
                                      pointer: index % 2 == 0 ? JSONPointer(tokens: [text, "0"]) : nil, keyword: "k" + text, message: text,
                                      schemaPath: index == 1 ? nil : "#/" + text)
            var document = ProblemDocument(type: "urn:" + text, title: text, status: 400 + index, detail: text, errors: [violation, violation])
            if index % 2 == 1 { document.requestID = text }
            documents.append(document)
            documents.append(ProblemDocument(responseViolations: [violation]))
        }
        for document in documents {
            #expect(document.body == JSONWriter.compactBytes(document.jsonValue), "\(document.json)")
            #expect(document.json == JSONWriter.compact(document.jsonValue))
        }
    }

    @Test func aRequestIDIsAnExtensionMemberBeforeTheErrors() {
        var document = ProblemDocument(requestViolations: [Violation(location: .query, name: "limit", keyword: "type", message: "m")])
        document.requestID = "r-\"1"
        let golden = ##"{"type":"urn:specguard:problem:invalid-request","title":"Request violates the API contract","status":400,"detail":"The request violates the API contract in 1 place.","requestId":"r-\"1","errors":[{"in":"query","name":"limit","keyword":"type","message":"m"}]}"##
        #expect(document.json == golden)
    }

    @Test(arguments: [
        (ViolationKind.invalid, 400), (.unauthenticated, 401), (.forbidden, 403), (.notFound, 404),
        (.methodNotAllowed, 405), (.payloadTooLarge, 413), (.unsupportedMediaType, 415), (.tooManyRequests, 429),
    ])
    func statusByKind(kind: ViolationKind, status: Int) {
        let document = ProblemDocument(requestViolations: [Violation(location: .request, keyword: "k", message: "m", kind: kind)])
        #expect(document.status == status)
        #expect(kind.status == status)
    }

    @Test func earlierFailuresWinTheStatus() {
        let violations = [
            Violation(location: .body, keyword: "type", message: "m"),
            Violation(location: .security, name: "bearer", keyword: "missing", message: "m", kind: .unauthenticated),
            Violation(location: .header, name: "Content-Type", keyword: "mediaType", message: "m", kind: .unsupportedMediaType),
        ]
        let document = ProblemDocument(requestViolations: violations)
        #expect(document.status == 401)
        #expect(document.type == "urn:specguard:problem:unauthenticated")
        #expect(document.errors.count == 3)
    }

    @Test func responseViolationsAre502() {
        let document = ProblemDocument(responseViolations: [Violation(location: .body, keyword: "required", message: "m")])
        #expect(document.status == 502)
        #expect(document.detail == "The upstream response violates the API contract in 1 place.")
    }

    @Test func customTypeBase() {
        let document = ProblemDocument(requestViolations: [], typeBase: "https://errors.example.com/")
        #expect(document.type == "https://errors.example.com/invalid-request")
    }

    @Test func credentialViolationsCarryNoSecret() {
        let header = "Basic " + base64("alice:hunter2")
        let error = Authorization.parse(header).flatMap { BasicCredentials.parse($0) }.flatMap { _ in
            Result<BasicCredentials, CredentialError>.failure(CredentialError(.invalidBase64))
        }.failure
        let document = ProblemDocument(requestViolations: [error.map { $0.violation(scheme: "basicAuth") }].compactMap { $0 })
        #expect(!document.json.contains("hunter2"))
        #expect(!document.json.contains(base64("alice:hunter2")))
        #expect(document.status == 401)
    }
}
