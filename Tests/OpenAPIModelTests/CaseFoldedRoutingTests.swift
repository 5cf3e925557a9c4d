import OpenAPIModel
import Testing

/// `Router.caseFoldedOperationIndex`: the operation a case-insensitive service router would pick, which the
/// proxy compares with the exact route (`/users/ME` is `/users/{id}` here, `/users/me` for Express).
@Suite struct CaseFoldedRoutingTests {
    static let spec = """
    openapi: 3.1.0
    info: {title: case folding, version: "1"}
    paths:
      /users/me:
        get: {operationId: me, responses: {"200": {description: ok}}}
      /users/{id}:
        get: {operationId: user, responses: {"200": {description: ok}}}
      /users/{id}/Settings:
        get: {operationId: settings, responses: {"200": {description: ok}}}
      /Admin/reports:
        get: {operationId: reports, responses: {"200": {description: ok}}}
    """

    let router = document(Self.spec)?.router

    func operationId(_ index: Int?) -> String? {
        index.flatMap { router?.operations[$0].operationId }
    }

    @Test func upperCaseSpellingOfALiteralReachesTheLiteralsOperation() {
        #expect(router?.route(method: "GET", target: "/users/ME").match?.operation.operationId == "user")
        #expect(operationId(router?.caseFoldedOperationIndex(method: "GET", target: "/users/ME")) == "me")
        #expect(operationId(router?.caseFoldedOperationIndex(method: "GET", target: "/USERS/Me?x=1")) == "me")
    }

    @Test func exactSpellingsAgreeWithTheExactRoute() {
        for (target, expected) in [("/users/me", "me"), ("/users/42", "user"), ("/users/42/Settings", "settings"), ("/Admin/reports", "reports")] {
            #expect(router?.route(method: "GET", target: target).match?.operation.operationId == expected)
            #expect(operationId(router?.caseFoldedOperationIndex(method: "GET", target: target)) == expected)
        }
    }

    @Test func foldedLiteralThatLeadsNowhereFallsBackToTheParameter() {
        // /users/me/settings: no /users/me/... template, so a case-insensitive router also takes {id} = ME.
        #expect(operationId(router?.caseFoldedOperationIndex(method: "GET", target: "/users/ME/settings")) == "settings")
        #expect(router?.route(method: "GET", target: "/users/ME/settings").match == nil)
    }

    @Test func otherMethodsAndUnroutableTargetsGiveNil() {
        #expect(router?.caseFoldedOperationIndex(method: "POST", target: "/users/me") == nil)
        #expect(router?.caseFoldedOperationIndex(method: "GET", target: "/users/../me") == nil)
        #expect(router?.caseFoldedOperationIndex(method: "GET", target: "/nothing") == nil)
    }
}
