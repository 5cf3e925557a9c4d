import Testing
@testable import Validation

/// Requests that Gin 1.8 and Echo 4.2 bound differently from what the validator checked (found by an audit with both
/// behind the proxy; the requests are the audit's). Gin binds a body whose Content-Type is not exactly
/// `application/json` as a form, from the query, by Go field names (`Role`); Echo's form binding ignores case and its
/// `Bind` puts query parameters over path parameters of the same name.
@Suite("Framework differentials: Gin and Echo")
struct GinEchoDifferentialTests {
    static let validator = makeValidator(yaml: """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /accounts:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        name: {type: string}
                        role: {type: string, enum: [user]}
                        quantity: {type: integer, maximum: 100}
              responses: {"204": {description: ok}}
          /subscriptions:
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: {type: object, properties: {email: {type: string}, role: {type: string, enum: [user]}}}
              responses: {"204": {description: ok}}
          /users/{id}:
            get:
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
                - {name: verbose, in: query, schema: {type: boolean}}
              responses: {"204": {description: ok}}
        """)

    func check(_ method: String, _ target: String, _ contentType: String? = nil, _ body: String = "") throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request(method, target, headers: contentType.map { [("Content-Type", $0)] } ?? [], body: body))
    }

    /// Gin read `Role` and `Quantity` from the query for a JSON body labelled `application/JSON`.
    @Test(arguments: ["/accounts?Role=admin&Quantity=500", "/accounts?ROLE=admin"])
    func aBodyPropertyInAnotherCaseInTheQueryIsRefused(target: String) throws {
        let verdict = try check("POST", target, "application/JSON", #"{"name":"a","role":"user","quantity":1}"#)
        #expect(!verdict.isValid && verdict.keywords.allSatisfy { $0 == "query-body-merge" }, "\(target): \(verdict.summary)")
    }

    /// Echo's form binding matched `?ROLE=admin` to `role` when the body left it out.
    @Test func aFormFieldInAnotherCaseInTheQueryIsRefused() throws {
        let verdict = try check("POST", "/subscriptions?ROLE=admin", "application/x-www-form-urlencoded", "email=a%40b")
        #expect(verdict.keywords == ["query-body-merge"], "\(verdict.summary)")
    }

    /// Echo bound `?id=0` over the path's `5`.
    @Test(arguments: ["/users/5?id=0", "/users/5?ID=7", "/users/5?id[]=abc"])
    func aQueryParameterNamedLikeAPathParameterIsRefused(target: String) throws {
        let verdict = try check("GET", target)
        #expect(verdict.keywords == ["query-body-merge"], "\(target): \(verdict.summary)")
        #expect(try check("GET", "/users/5?verbose=true&other=1").isValid)
    }
}
