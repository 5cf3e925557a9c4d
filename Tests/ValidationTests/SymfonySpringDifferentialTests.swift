import Testing
@testable import Validation

/// Requests that Laravel's request (on Symfony HttpFoundation) and Spring's WebDataBinder read differently from the
/// validator: each was forwarded as valid while the service saw a value or a method the spec forbids (found by audits
/// with nginx, PHP-FPM, Symfony 5.4 and Laravel's request 8.83, and with Spring 4.3's binder; the requests are theirs).
@Suite("Framework differentials: Laravel/Symfony and Spring")
struct SymfonySpringDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /orders:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {item: {type: string}}}
              responses: {"204": {description: ok}}
          /subscriptions:
            post:
              parameters:
                - {name: limit, in: query, schema: {type: integer, maximum: 100}}
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      properties:
                        email: {type: string}
                        role: {type: string, enum: [user]}
              responses: {"204": {description: ok}}
        """)

    func post(_ target: String, _ contentType: String, _ body: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", target, headers: [("Content-Type", contentType)], body: body))
    }

    /// Laravel merges a JSON body into the input Symfony's method override reads: `_method` ran a POST as DELETE.
    @Test(arguments: [#"{"item":"x","_method":"DELETE"}"#, #"{"item":"x","\u005fmethod":"PUT"}"#])
    func aMethodKeyInAJSONBodyIsRefused(body: String) throws {
        let verdict = try post("/orders", "application/json", body)
        #expect(verdict.keywords == ["method-override"], "\(body): \(verdict.summary)")
        #expect(try post("/orders", "application/json", #"{"item":"x","method":"DELETE"}"#).isValid)
    }

    /// Laravel reads a body as JSON when its Content-Type holds `/json` or `+json` anywhere.
    @Test(arguments: ["application/x-www-form-urlencoded;profile=a+json", #"application/x-www-form-urlencoded; x="/json""#])
    func aFormTypeThatSpellsJSONIsRefused(contentType: String) throws {
        let verdict = try post("/subscriptions", contentType, #"{"role":"admin","a":"=1&email=a%40b.c&role=user&z="}"#)
        #expect(verdict.status == 415, "\(contentType): \(verdict.summary)")
    }

    /// Spring's binder reads `!role` as the default of `role` and `_role` as its field marker when `role` is absent.
    @Test(arguments: ["email=a%40b.c&!role=admin", "email=a%40b.c&%21role=admin", "email=a%40b.c&_role=admin"])
    func aSpringSpellingOfADeclaredFieldIsRefused(body: String) throws {
        let verdict = try post("/subscriptions", "application/x-www-form-urlencoded", body)
        #expect(verdict.keywords == ["bracket-alias"], "\(body): \(verdict.summary)")
        #expect(BracketAlias.readings(of: "!limit").contains("limit") && BracketAlias.readings(of: "_limit").contains("limit"))
    }

    @Test func aSpringSpellingOfABodyPropertyInTheQueryIsRefused() throws {
        let verdict = try post("/subscriptions?!role=admin", "application/x-www-form-urlencoded", "email=a%40b.c")
        #expect(verdict.keywords == ["query-body-merge"], "\(verdict.summary)")
    }
}
