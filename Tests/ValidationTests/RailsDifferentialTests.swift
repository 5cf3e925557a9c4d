import Testing
@testable import Validation

/// Requests that Rails 6.1 read differently from the validator: each was forwarded as valid while Rails's `params`
/// held a value the spec forbids (found by an audit with Rails behind the proxy; the raw requests are the audit's).
/// Rails builds `params` from the body merged with the query (the query's value wins), and Rack splits the query on
/// `;` as on `&`.
@Suite("Framework differentials: Rails")
struct RailsDifferentialTests {
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
                      additionalProperties: false
                      properties:
                        name: {type: string}
                        role: {type: string, enum: [user]}
                        quantity: {type: integer, maximum: 100}
                        nested: {type: object, properties: {level: {type: string, enum: [low]}}}
              responses: {"204": {description: ok}}
        """)

    func post(query: String) throws -> RequestVerdict {
        let validator = try #require(Self.validator)
        return validator.validate(request: request("POST", "/accounts?" + query, headers: [("Content-Type", "application/json")],
                                                   body: #"{"name":"x","role":"user"}"#))
    }

    /// A body property after a `;` in the query: `x=1;role=admin` is `x` here, `x` and `role` to Rack.
    @Test(arguments: ["x=1;role=admin", ";role=admin", "x=1;[role]=admin", "x=1;nested[level]=high", "x=1;quantity=100000", "x=1;y=2;r%6Fle=admin"])
    func aBodyPropertyAfterASemicolonIsRefused(query: String) throws {
        let verdict = try post(query: query)
        #expect(verdict.keywords == ["query-body-merge"], "\(query): \(verdict.summary)")
    }

    /// `wrap_parameters` copies a JSON body into `params[:account]` unless the query already has `account`.
    @Test(arguments: ["account%5Brole%5D=admin", "[account][role]=admin", "account[quantity]=1000000", "account[nested][level]=high"])
    func aQueryNameNestingABodyPropertyIsRefused(query: String) throws {
        let verdict = try post(query: query)
        #expect(verdict.keywords == ["query-body-merge"], "\(query): \(verdict.summary)")
    }

    @Test(arguments: ["x=1;y=2", "filter[other]=1", "note=a;b"])
    func otherQueryNamesStayAllowed(query: String) throws {
        #expect(try post(query: query).isValid, "\(query)")
    }
}
