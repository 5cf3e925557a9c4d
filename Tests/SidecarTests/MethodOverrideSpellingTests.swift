import Testing
@testable import Sidecar
@testable import Validation

/// Slim 3 reads `_METHOD` from a form body, and PHP makes `_METHOD` of ` _METHOD`, `.METHOD` and `%2EMETHOD`: an
/// unauthenticated POST ran a secured DELETE there (found by an audit with Slim 3.12). The proxy's form and query guard
/// reads every spelling without case.
@Suite struct MethodOverrideSpellingTests {
    @Test(arguments: ["_METHOD=DELETE", "email=a&%20_METHOD=DELETE", "email=a&.METHOD=DELETE", "email=a&%2EMETHOD=PUT",
                      "email=a&_Method=PUT", "email=a&%5Fmethod=PUT", "_method=DELETE"])
    func aFormOverrideInAnySpellingIsRefused(body: String) {
        let violation = RequestGuards.formMethodOverride(contentType: "application/x-www-form-urlencoded", body: Array(body.utf8))
        #expect(violation?.keyword == "method-override", "\(body)")
    }

    @Test func otherFormsPass() {
        for body in ["email=a&role=user", "email=a&method=PUT", "email=a&payment_method=card"] {
            #expect(RequestGuards.formMethodOverride(contentType: "application/x-www-form-urlencoded", body: Array(body.utf8)) == nil, "\(body)")
        }
    }

    @Test func aQueryOverrideInAnySpellingIsNamed() {
        #expect(RequestGuards.namesMethodOverride(QueryString("x=1&_METHOD=PUT")))
        #expect(RequestGuards.namesMethodOverride(QueryString("x=1&.METHOD=PUT")))
        #expect(!RequestGuards.namesMethodOverride(QueryString("x=1&payment_method=card")))
    }
}
