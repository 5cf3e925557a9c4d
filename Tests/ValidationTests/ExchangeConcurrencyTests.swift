import Testing
import Foundation
import Synchronization
import Documents
@testable import Validation

@Suite("Exchange: one validator shared by threads")
struct ExchangeConcurrencyTests {
    @Test func concurrentValidationGivesTheSameVerdicts() throws {
        let validator = try #require(shop)
        let requests = [
            request("GET", "/api/v1/products?ids=3&ids=7&tags=a,b"),
            request("GET", "/api/v1/products?page=zero"),
            jsonRequest("POST", "/api/v1/orders", #"{"items":[{"productId":7,"quantity":2}],"payment":{"method":"card","last4":"4242"}}"#, headers: [bearer]),
            jsonRequest("POST", "/api/v1/orders", #"{"items":[],"payment":{"method":"card","last4":"42"}}"#, headers: [bearer]),
        ]
        let expected = requests.map { validator.validate(request: $0).violations }
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 400) { iteration in
            let index = iteration % requests.count
            if validator.validate(request: requests[index]).violations != expected[index] {
                mismatches.withLock { $0 += 1 }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}
