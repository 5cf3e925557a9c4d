import Testing
import Documents
@testable import Validation

@Suite("Exchange: routing")
struct ExchangeRoutingTests {
    @Test func knownOperationWithValidInputPasses() throws {
        let validator = try #require(shop)
        let verdict = validator.validate(request: request("GET", "/api/v1/products?q=shoes"))
        #expect(verdict.isValid, "\(verdict.summary)")
        #expect(verdict.operationId == "listProducts")
        #expect(verdict.status == 0)
    }

    @Test func unknownPathIs404() throws {
        let validator = try #require(shop)
        let verdict = validator.validate(request: request("GET", "/api/v1/nowhere"))
        #expect(verdict.status == 404)
        #expect(verdict.problem?.status == 404)
    }

    @Test func knownPathWithoutMethodIs405WithAllow() throws {
        let validator = try #require(shop)
        let verdict = validator.validate(request: request("PATCH", "/api/v1/products"))
        #expect(verdict.status == 405)
        #expect(verdict.responseHeaders.first("Allow") == "GET, POST")
    }

    @Test func dotSegmentTargetIs400() throws {
        let validator = try #require(shop)
        let verdict = validator.validate(request: request("GET", "/api/v1/products/../orders"))
        #expect(verdict.status == 400)
    }
}
