import Documents
import Testing
@testable import Sidecar
import Validation

@Suite(.serialized, .timeLimit(.minutes(1)))
struct MockServerTests {
    func ask(_ request: String) async throws -> (responses: [HTTPResponse], harness: Harness) {
        let harness = try await Harness.start(kind: .mock)
        let result = RawClient.exchange(port: harness.port, request, expectedResponses: 1)
        await harness.stop()
        return (result.responses, harness)
    }

    func body(_ response: HTTPResponse?) -> String { String(decoding: response?.body ?? [], as: UTF8.self) }

    @Test func answersWithTheFirstExample() async throws {
        let (responses, _) = try await ask("GET /items/5 HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(responses.first?.status == 200)
        #expect(body(responses.first) == #"{"id":1,"name":"first"}"#)
        #expect(responses.first?.headers.first("Content-Type") == "application/json")
    }

    @Test func preferExampleNamesTheExample() async throws {
        let (responses, _) = try await ask("GET /items/5 HTTP/1.1\r\nHost: h\r\nPrefer: example=second\r\n\r\n")
        #expect(body(responses.first) == #"{"id":2,"name":"second"}"#)
    }

    @Test func preferCodePicksTheStatusAndGeneratesFromItsSchema() async throws {
        let (responses, _) = try await ask("GET /items/5 HTTP/1.1\r\nHost: h\r\nPrefer: code=404\r\n\r\n")
        #expect(responses.first?.status == 404)
        #expect(body(responses.first) == #"{"message":"string"}"#)
    }

    @Test func unknownExampleNameIsAProblem() async throws {
        let (responses, _) = try await ask("GET /items/5 HTTP/1.1\r\nHost: h\r\nPrefer: example=nope\r\n\r\n")
        #expect(responses.first?.status == 404)
        #expect(body(responses.first).contains("first, second"))
    }

    @Test func generatedResponseIncludesDeclaredHeaderExamplesAndValidates() async throws {
        let request = "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"name\":\"apple\"}"
        let (responses, harness) = try await ask(request)
        let response = try #require(responses.first)
        #expect(response.status == 201)
        #expect(response.headers.first("Location") == "/items/7")
        let state = harness.runtime.services.spec.current
        let index = try #require(state.document.router.operations.firstIndex { $0.operationId == "createItem" })
        #expect(state.validator.validate(response: response, operationIndex: index, requestMethod: "POST").isEmpty)
    }

    @Test func badRequestGetsTheSameProblemDocumentAsTheProxy() async throws {
        let request = "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"name\":\"\"}"
        let (mockResponses, _) = try await ask(request)
        let proxy = try await Harness.start()
        let proxyResult = RawClient.exchange(port: proxy.port, request, expectedResponses: 1)
        await proxy.stop()
        #expect(mockResponses.first?.status == 400)
        #expect(mockResponses.first?.body == proxyResult.responses.first?.body)
    }
}

@Suite struct SampleGeneratorTests {
    func generate(_ yaml: String, seed: UInt64 = 1) throws -> JSONValue {
        let parsed = try #require(YAMLReader.read(yaml).root)
        var generator = SampleGenerator(documents: ["f": parsed], seed: seed)
        let schema = try #require(parsed["schema"])
        return generator.sample(.init(value: schema, file: "f", pointer: JSONPointer(tokens: ["schema"]), dialect: .openAPI31))
    }

    @Test func stringsMatchTheirPatternAndLengths() throws {
        let value = try generate("""
            schema:
              type: object
              required: [sku, code, free]
              properties:
                sku: {type: string, pattern: "^[A-Z]{3}-[0-9]{4}$"}
                code: {type: string, pattern: "^(EU|US)_[a-z]+$", maxLength: 8}
                free: {type: string, pattern: "(?<=a)b"}
            """)
        let sku = try #require(value["sku"]?.stringValue)
        #expect(sku.count == 8 && sku.dropFirst(3).first == "-")
        #expect(sku.prefix(3).allSatisfy { $0.isUppercase } && sku.suffix(4).allSatisfy { $0.isNumber })
        let code = try #require(value["code"]?.stringValue)
        #expect((code.hasPrefix("EU_") || code.hasPrefix("US_")) && code.count <= 8 && code.count > 3)
        // A look-behind is beyond the generator: the plain fallback, not a crash.
        #expect(value["free"]?.stringValue == "string")
    }

    @Test func followsReferencesAndFillsRequiredProperties() throws {
        let value = try generate("""
            schema: {$ref: "#/defs/Pet"}
            defs:
              Pet:
                type: object
                required: [id, kind]
                properties:
                  id: {type: integer, minimum: 10, maximum: 10}
                  kind: {enum: [cat, dog]}
                  born: {type: string, format: date}
            """)
        #expect(value["id"]?.intValue == 10)
        #expect(value["kind"]?.stringValue == "cat")
        #expect(value["born"]?.stringValue?.count == 10)
    }

    @Test func respectsStringLengthsAndArraySizes() throws {
        let value = try generate("""
            schema:
              type: array
              minItems: 2
              items: {type: string, minLength: 8, maxLength: 8}
            """)
        #expect(value.arrayValue?.count == 2)
        #expect(value.arrayValue?.allSatisfy { $0.stringValue?.count == 8 } == true)
    }

    @Test func recursiveReferencesStop() throws {
        let value = try generate("""
            schema: {$ref: "#/defs/Node"}
            defs:
              Node:
                type: object
                required: [next]
                properties:
                  next: {$ref: "#/defs/Node"}
            """)
        #expect(value["next"]?.isNull == true)
    }

    @Test func sameSeedSameData() throws {
        let schema = "schema: {type: object, properties: {a: {type: integer}, b: {type: string, format: email}}}"
        #expect(try generate(schema, seed: 7) == generate(schema, seed: 7))
    }
}

@Suite struct SampleGeneratorLimitTests {
    @Test func nestedLargeMinItemsStayBounded() throws {
        let parsed = try #require(YAMLReader.read("""
            schema:
              type: array
              minItems: 100000
              items: {type: array, minItems: 100000, items: {type: string, minLength: 100000000}}
            """).root)
        var generator = SampleGenerator(documents: ["f": parsed], seed: 1)
        let schema = try #require(parsed["schema"])
        let value = generator.sample(.init(value: schema, file: "f", pointer: JSONPointer(tokens: ["schema"]), dialect: .openAPI31))
        #expect((value.arrayValue?.count ?? 0) <= 1_000)
    }
}
