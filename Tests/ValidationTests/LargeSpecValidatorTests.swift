import Testing
import Foundation
import Documents
import OpenAPIModel
@testable import Validation

/// Building an `ExchangeValidator` for large real specs (deeply nested, mutually recursive schemas with
/// `anyOf`) must finish in bounded time: the sanitization outlines are shared per schema, not expanded as trees.
@Suite("Exchange: large real specs build in bounded time")
struct LargeSpecValidatorTests {
    /// `../shared/testdata/specs`, relative to the package root.
    static let specsDirectory = packageRoot + "/../shared/testdata/specs"

    /// Generous for a debug build on a loaded 2-core machine.
    static let buildBound: Duration = .seconds(20)

    static func available(_ file: String) -> Bool {
        FileManager.default.fileExists(atPath: specsDirectory + "/" + file)
    }

    /// Loads the spec, builds the validator under the time bound and checks one plain GET routes and passes
    /// (security findings aside: the request carries a made-up token).
    func check(_ file: String, get target: String) throws {
        guard Self.available(file) else {
            print("skipped: \(file) not found under \(Self.specsDirectory)")
            return
        }
        let loaded = OpenAPIDocument.load(path: Self.specsDirectory + "/" + file)
        let document = try #require(loaded.document, "cannot load \(file)")
        let clock = ContinuousClock()
        var validator: ExchangeValidator?
        let elapsed = clock.measure { validator = ExchangeValidator(document: document) }
        print("ExchangeValidator build for \(file): \(elapsed)")
        if let validator {
            print("outline table for \(file): \(validator.outlineStatistics.nodes) nodes, open fallback used: \(validator.outlineStatistics.usedOpenNode)")
            #expect(!validator.outlineStatistics.usedOpenNode, "\(file) needed the conservative outline fallback")
        }
        #expect(elapsed < Self.buildBound, "building the validator for \(file) took \(elapsed)")
        let built = try #require(validator)
        let verdict = built.validate(request: request("GET", target, headers: [("Authorization", "Bearer sk_test_123"), ("Accept", "application/json")]))
        #expect(verdict.operationIndex != nil, "\(target) did not route in \(file): \(verdict.summary)")
        let problems = verdict.violations.filter { $0.location != .security }
        #expect(problems.isEmpty, "\(file) GET \(target): \(verdict.summary)")
    }

    @Test(.enabled(if: available("stripe-spec3.yaml")))
    func stripeValidatorBuildsInBoundedTime() throws {
        try check("stripe-spec3.yaml", get: "/v1/balance")
    }

    @Test(.enabled(if: available("openai-openapi.yaml")))
    func openAIValidatorBuildsInBoundedTime() throws {
        try check("openai-openapi.yaml", get: "/v1/models")
    }

    @Test(.enabled(if: available("discord-openapi.json")))
    func discordValidatorBuildsInBoundedTime() throws {
        try check("discord-openapi.json", get: "/api/v10/gateway")
    }

    @Test(.enabled(if: available("slack-web_openapi_v2.json")))
    func slackValidatorBuildsInBoundedTime() throws {
        try check("slack-web_openapi_v2.json", get: "/api/api.test")
    }

    /// The Stripe validator, for the body checks below (nil when the spec is absent).
    static func stripe() throws -> ExchangeValidator? {
        guard available("stripe-spec3.yaml") else { return nil }
        let document = try #require(OpenAPIDocument.load(path: specsDirectory + "/stripe-spec3.yaml").document)
        return ExchangeValidator(document: document)
    }

    static func customerPost(_ form: String) -> HTTPRequest {
        request("POST", "/v1/customers", headers: [("Authorization", "Bearer sk_test_123"),
                                                   ("Content-Type", "application/x-www-form-urlencoded")], body: form)
    }

    @Test(.enabled(if: available("stripe-spec3.yaml")))
    func stripeFormBodyWithOrdinaryTextPasses() throws {
        let validator = try #require(try Self.stripe())
        let verdict = validator.validate(request: Self.customerPost("description=Ada%20Lovelace&email=ada%40example.com"))
        #expect(verdict.violations.filter { $0.location != .security }.isEmpty, "\(verdict.summary)")
    }

    @Test(.enabled(if: available("stripe-spec3.yaml")))
    func stripeFormBodyInjectionInFreeTextIsFlagged() throws {
        let validator = try #require(try Self.stripe())
        let verdict = validator.validate(request: Self.customerPost("description=x%27%20UNION%20SELECT%20password%20FROM%20users%20--"))
        #expect(verdict.keywords.contains("sql-injection"), "\(verdict.summary)")
    }
}
