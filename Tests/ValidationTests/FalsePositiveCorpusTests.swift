import Testing
import Documents
@testable import Validation

/// Valid requests built from the specs' own examples must all pass.
@Suite("Exchange: false-positive corpus")
struct FalsePositiveCorpusTests {
    static let specs: [(String, String)] = [("shop.yaml", "/api/v1"), ("petstore.yaml", "/v1"), ("openapi31.yaml", "/api"), ("swagger2.yaml", "/v1")]

    /// Ordinary text that must never trip the injection rules.
    static let ordinaryText = ["O'Brien", "AT&T", "C:\\Users\\ada", "<3", "select your plan", "Tom & Jerry's", "50% off -- today only",
                               "drop-down menu", "1=1 is true", "rock 'n' roll", "e-mail: ada@example.com", "a/b/c", "x < y > z",
                               "Union Station", "He said \"hi\"", "#hashtag; more", "naïve café", "日本語のテキスト", "pipe | char", "back`tick"]

    @Test func specExampleRequestsAllPass() throws {
        var total = 0
        var failures: [String] = []
        for (name, base) in Self.specs {
            let document = try #require(loadSpec(name))
            let validator = ExchangeValidator(document: document)
            let cases = CorpusBuilder(document: document, basePath: base).requestsWithVariants()
            #expect(!cases.isEmpty, "no cases for \(name)")
            for item in cases {
                total += 1
                let verdict = validator.validate(request: item.request)
                if !verdict.isValid { failures.append("\(name) \(item.label) \(item.request.target)\n\(verdict.summary)") }
            }
        }
        print("false-positive corpus (spec examples): \(total) requests, \(failures.count) rejected")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n---\n"))")
        #expect(total >= 140)
    }

    @Test func ordinaryTextInFreeTextFieldsPasses() throws {
        let validator = try #require(shop)
        var failures: [String] = []
        var total = 0
        for text in Self.ordinaryText {
            let encoded = Normalizer.encode(text)
            let cases = [
                request("GET", "/api/v1/products?q=\(encoded)"),
                request("GET", "/api/v1/products?filter%5Bbrand%5D=\(encoded)"),
                jsonRequest("POST", "/api/v1/products", JSONWriter.compact(JSONValue(.object(JSONObject([
                    JSONMember(key: "name", value: .string(String(text.prefix(80)))), JSONMember(key: "priceCents", value: JSONValue(.number(JSONNumber(100)))),
                    JSONMember(key: "tags", value: JSONValue(.array([.string(text)]))),
                ])))), headers: [apiKey]),
                request("GET", "/api/v1/products", headers: [("Cookie", "session_hint=\(encoded)")]),
            ]
            for item in cases {
                total += 1
                let verdict = validator.validate(request: item)
                if !verdict.isValid { failures.append("\(text) \(item.target)\n\(verdict.summary)") }
            }
        }
        print("false-positive corpus (ordinary text): \(total) requests, \(failures.count) rejected")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n---\n"))")
    }

    @Test func specExampleResponsesAllPass() throws {
        var total = 0
        var failures: [String] = []
        for (name, base) in Self.specs {
            let document = try #require(loadSpec(name))
            let validator = ExchangeValidator(document: document)
            for item in CorpusBuilder(document: document, basePath: base).responses() {
                total += 1
                let found = validator.validate(response: item.response, operationIndex: item.operationIndex, requestMethod: item.method)
                if !found.isEmpty { failures.append("\(name) \(item.label)\n" + found.map { "\($0.keyword): \($0.message) \($0.pointer?.description ?? "")" }.joined(separator: "\n")) }
            }
        }
        print("false-positive corpus (spec example responses): \(total) responses, \(failures.count) rejected")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n---\n"))")
    }
}
