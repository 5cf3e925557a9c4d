import OpenAPIModel
import Testing

/// Found with the `router` fuzz target's invariants: the router split paths and found the query on
/// `Character`s, so a raw `/` or `?` followed by a combining mark did not end a segment (a parameter
/// value could hold a raw `/`, a route the service never sees); and literal segments were looked up
/// with `String` equality, so `cafe` + U+0301 routed to a template written `café`.
@Suite struct CombiningMarkRoutingTests {
    static let spec = """
    openapi: 3.1.0
    info: {title: combining marks, version: "1"}
    paths:
      /deep/{a}/{b}/{c}:
        get: {operationId: deep, responses: {"200": {description: ok}}}
      /café/{x}:
        get: {operationId: cafe, responses: {"200": {description: ok}}}
      /pets:
        get: {operationId: pets, responses: {"200": {description: ok}}}
    """

    let router = document(Self.spec)?.router

    @Test func slashBeforeACombiningMarkEndsASegment() {
        // Five segments, so /deep/{a}/{b}/{c} does not match; before, {a} was "1/\u{0301}2".
        #expect(router?.route(method: "GET", target: "/deep/1/\u{0301}2/3/4").match == nil)
        let match = router?.route(method: "GET", target: "/deep/1/\u{0301}2/3").match
        #expect(match?.pathParameters.map(\.value) == ["1", "\u{0301}2", "3"])
    }

    @Test func canonicallyEquivalentLiteralDoesNotMatch() {
        #expect(router?.route(method: "GET", target: "/cafe%CC%81/1").match == nil)
        #expect(router?.route(method: "GET", target: "/caf%C3%A9/1").match?.operation.operationId == "cafe")
    }

    @Test func questionMarkBeforeACombiningMarkStartsTheQuery() {
        let match = router?.route(method: "GET", target: "/pets?\u{0301}x=1").match
        #expect(match?.operation.operationId == "pets")
        #expect(match?.query == "\u{0301}x=1")
    }
}
