import ContractFixtures
@testable import ContractTesting
import Documents
import OpenAPIModel
import Testing
import Validation
import Schemas

@Suite("Case generation")
struct CaseGenerationTests {
    @Test func sameSeedGivesTheSameRequests() throws {
        let document = try loadShop()
        let (first, a) = allCases(document, seed: 42)
        let (second, b) = allCases(document, seed: 42)
        #expect(a.count == b.count)
        #expect(a.map(first.render) == b.map(second.render))
    }

    @Test func differentSeedsChangeGeneratedStrings() throws {
        let document = try fixtureDocument()
        let index = try operationIndex(document, "search")
        let generator1 = CaseGenerator(document: document, validator: ContractRunner.makeValidator(for: document), seed: 1)
        let generator2 = CaseGenerator(document: document, validator: ContractRunner.makeValidator(for: document), seed: 2)
        let a = generator1.cases(forOperation: index).cases.map(generator1.render)
        let b = generator2.cases(forOperation: index).cases.map(generator2.render)
        #expect(a != b)
    }

    @Test func everyKeptCaseIsJudgedByTheValidatorAsItsKindMeans() throws {
        let document = try loadShop()
        let validator = ContractRunner.makeValidator(for: document)
        let (generator, cases) = allCases(document)
        #expect(cases.count > 100)
        for testCase in cases {
            let verdict = validator.validate(request: generator.validationRequest(testCase))
            switch testCase.kind {
            case .example, .valid, .stateful, .afterDelete: #expect(verdict.isValid, "\(testCase.label): \(verdict.violations.map(\.message))")
            case .invalid, .security, .unsupportedMethod: #expect(!verdict.isValid, "\(testCase.label)")
            }
        }
    }

    @Test func examplesComeFirst() throws {
        let document = try loadShop()
        let generator = CaseGenerator(document: document, validator: ContractRunner.makeValidator(for: document), seed: 0)
        let cases = generator.cases(forOperation: try operationIndex(document, "createOrder")).cases
        #expect(cases.prefix(3).map(\.kind) == [.example, .example, .example])
        #expect(cases.prefix(3).compactMap(\.body).contains { $0["payment"]?["method"]?.stringValue == "bank" })
    }

    @Test func everyEnumValueIsSent() throws {
        let document = try fixtureDocument()
        let (generator, cases) = allCases(document)
        let index = try operationIndex(document, "getColor")
        let targets = Set(cases.filter { $0.operationIndex == index && $0.kind.isPositive }.map { generator.render($0).target })
        for color in ["red", "green", "blue", "ultraviolet"] { #expect(targets.contains("/colors/\(color)")) }
    }

    @Test func everyOneOfBranchIsSent() throws {
        let document = try loadShop()
        let (_, cases) = allCases(document)
        let index = try operationIndex(document, "createOrder")
        let methods = Set(cases.filter { $0.operationIndex == index && $0.kind == .valid }.compactMap { $0.body?["payment"]?["method"]?.stringValue })
        #expect(methods == ["card", "bank"])
    }

    @Test func rangeAndLengthBoundariesAreSent() throws {
        let document = try fixtureDocument()
        let (generator, cases) = allCases(document)
        let list = try operationIndex(document, "listItems"), search = try operationIndex(document, "search")
        let listTargets = Set(cases.filter { $0.operationIndex == list && $0.kind.isPositive }.map { generator.render($0).target })
        #expect(listTargets.contains { $0.contains("limit=1&") || $0.hasSuffix("limit=1") })
        #expect(listTargets.contains { $0.contains("limit=100") })
        let lengths = Set(cases.filter { $0.operationIndex == search && $0.kind.isPositive }
            .compactMap { $0.parameters.first { $0.name == "q" }?.value?.stringValue?.count })
        #expect(lengths.contains(1) && lengths.contains(20))
    }

    @Test func formatsGetValidSamplesAndBrokenOnes() throws {
        let document = try fixtureDocument()
        let (_, cases) = allCases(document)
        let index = try operationIndex(document, "getUser")
        let valid = cases.filter { $0.operationIndex == index && $0.kind == .valid }.compactMap { $0.parameters.first?.value?.stringValue }
        #expect(valid.contains("00000000-0000-4000-8000-000000000000"))
        #expect(cases.contains { $0.operationIndex == index && $0.kind == .invalid && $0.label.contains("format") })
    }

    @Test func invalidCasesBreakOneConstraintOfEachKind() throws {
        let document = try fixtureDocument()
        let (_, cases) = allCases(document)
        let labels = cases.filter { $0.kind == .invalid }.map(\.label)
        for expected in ["missing required query parameter q", "query limit: type", "query limit: maximum", "query q: maxLength",
                         "body /sku pattern", "body required quantity", "body additionalProperties", "missing required body",
                         "path color: enum", "undeclared media type text/plain"] {
            #expect(labels.contains(expected), "no invalid case \(expected)")
        }
    }

    @Test func securedOperationsGetMissingMalformedAndWrongSchemeCredentials() throws {
        let document = try fixtureDocument()
        let (generator, cases) = allCases(document)
        let index = try operationIndex(document, "deleteItem")
        let security = cases.filter { $0.operationIndex == index && $0.kind == .security }
        #expect(Set(security.map(\.credentials)) == [.none, .malformed, .wrongScheme])
        let wrong = try #require(security.first { $0.credentials == .wrongScheme })
        #expect(generator.render(wrong).headers.first("Authorization")?.hasPrefix("Basic ") == true)
        #expect(!cases.contains { $0.kind == .security && document.operations[$0.operationIndex].allowsAnonymous })
    }

    @Test func selfCheckDropsAndCountsCasesTheValidatorDisagreesWith() throws {
        let document = try loadShop()
        let generator = CaseGenerator(document: document, validator: ContractRunner.makeValidator(for: document), seed: 0)
        var total = GenerationStatistics()
        for index in document.operations.indices { total.merge(generator.cases(forOperation: index).statistics) }
        // A wrong-type integer in a query string stays valid text, for one: such candidates are dropped, not sent.
        #expect(total.totalDropped > 0)
        #expect(total.totalKept > 100)
    }

    @Test func maxCasesCutsEachOperationButKeepsEveryKind() throws {
        let document = try fixtureDocument()
        let generator = CaseGenerator(document: document, validator: ContractRunner.makeValidator(for: document), seed: 0)
        let cases = generator.cases(forOperation: try operationIndex(document, "deleteItem"), maximum: 5).cases
        #expect(cases.count == 5)
        #expect(Set(cases.map(\.kind)).isSuperset(of: [.valid, .invalid, .security]))
    }

    @Test func patternStringsMatchTheirPatterns() throws {
        var random = SeededRandom(seed: 9)
        for pattern in ["^[0-9a-f]{64}$", "^o-[0-9]+$", "^[A-Z]{3}$", "^[A-Z]{2}[0-9A-Z]{13,30}$", "^[a-z0-9-]+$", "^(ab|cd)?x\\d{2,3}$"] {
            let generator = try #require(PatternStrings(pattern))
            let regex = try Regex(pattern)
            for stretch in 0...1 {
                let text = generator.generate(stretch: stretch, random: &random)
                #expect(text.wholeMatch(of: regex) != nil, "\(text) does not match \(pattern)")
            }
        }
    }

    @Test func seededRandomIsReproducible() {
        var a = SeededRandom(seed: 5, stream: "x"), b = SeededRandom(seed: 5, stream: "x"), c = SeededRandom(seed: 5, stream: "y")
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test func parametersAreSerializedInTheirStyles() throws {
        let document = try loadShop()
        let generator = CaseGenerator(document: document, validator: ContractRunner.makeValidator(for: document), seed: 0)
        let example = try #require(generator.cases(forOperation: try operationIndex(document, "listProducts")).cases.first)
        let rendered = generator.render(example)
        #expect(rendered.target.contains("tags=sale,new"))
        #expect(rendered.target.contains("ids=3&ids=7"))
        #expect(rendered.target.contains("sizes=M%20L"))
        #expect(rendered.target.contains("colors=red%7Cblue"))
        #expect(rendered.target.contains("filter%5BminPrice%5D=1000"))
        #expect(rendered.headers.first("X-Feature-Flags") == "beta=on,layout=grid")
        #expect(rendered.headers.first("Cookie")?.contains("recent=4,8,15") == true)
        let report = try #require(generator.cases(forOperation: try operationIndex(document, "getReport")).cases.first)
        #expect(generator.render(report).target == "/reports/;period=2025,2026")
    }
}

@Suite("Generation from hostile schemas")
struct HostileSchemaGenerationTests {
    @Test func extremeBoundsAndDeepPatternsGenerateWithoutCrashing() throws {
        let deep = String(repeating: "(", count: 200) + "a" + String(repeating: ")", count: 200)
        let spec = """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /x:
            post:
              operationId: x
              parameters:
                - {name: big, in: query, schema: {type: integer, minimum: 1e400, maximum: 1e401}}
                - {name: long, in: query, schema: {type: string, minLength: 1000000000}}
                - {name: deep, in: query, schema: {type: string, pattern: "\(deep)"}}
                - {name: tiny, in: query, schema: {type: number, multipleOf: 1e-300}}
              requestBody:
                content:
                  application/json:
                    schema: {type: array, minItems: 100000000, items: {type: string}}
              responses:
                "200": {description: ok}
        """
        let document = try #require(OpenAPIDocument.load(text: spec).document)
        let generator = CaseGenerator(document: document, validator: ContractRunner.makeValidator(for: document), seed: 1)
        let result = generator.cases(forOperation: 0)
        #expect(result.statistics.totalKept + result.statistics.totalDropped >= 0)
        #expect(PatternStrings(deep) == nil)
    }

    @Test func nonASCIITextReplacesFreeTextButLeavesPatternsAndEnumsAlone() throws {
        let document = try fixtureDocument()
        let generator = CaseGenerator(document: document, validator: ContractRunner.makeValidator(for: document), seed: 1)
        let note = try operationIndex(document, "createNote")
        let noteCase = try #require(generator.cases(forOperation: note).cases.first { $0.label == "non-ASCII text" })
        let text = try #require(noteCase.body?.objectValue?.first { $0.key == "text" }?.value.stringValue)
        #expect(text.unicodeScalars.contains { !$0.isASCII })
        #expect(text.unicodeScalars.count == "buy milk".unicodeScalars.count)
        #expect(generator.selfCheck(noteCase))
        // createOrder's sku has a pattern of ASCII letters and digits: no non-ASCII case can be built.
        let order = try operationIndex(document, "createOrder")
        #expect(!generator.cases(forOperation: order).cases.contains { $0.label == "non-ASCII text" })
    }

    @Test func aServerErrorIsStillHeldToItsDeclaredContentType() throws {
        let document = try fixtureDocument()
        let index = try operationIndex(document, "listItems")
        let evaluator = CheckEvaluator(document: document, validator: ContractRunner.makeValidator(for: document), enabled: Set(CheckName.defaults))
        let request = RenderedRequest(method: "GET", target: "/items?limit=100", headers: HTTPHeaders(), body: [])
        func checks(_ contentType: String, _ body: String) -> [CheckName] {
            let response = HTTPResponse(status: 500, headers: HTTPHeaders([HTTPHeaderField(name: "Content-Type", value: contentType)]), body: Array(body.utf8))
            let exchange = Exchange(request: request, url: "http://x/items?limit=100", response: response, elapsedMilliseconds: 1)
            return evaluator.evaluate(kind: .valid, operationIndex: index, exchange: exchange).map(\.check)
        }
        #expect(checks("text/plain", "boom") == [.notAServerError, .contentTypeConformance])
        #expect(checks("application/problem+json", #"{"title":"x","status":500}"#) == [.notAServerError])
    }
}
