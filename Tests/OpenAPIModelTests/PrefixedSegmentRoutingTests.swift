import OpenAPIModel
import Testing

/// Found by the `router` fuzz target: a mixed segment that starts with literal text (`x{rest}`,
/// `v{major}.{minor}`) did not match when that text occurred again inside the value (`xxax`, `vv2.0`),
/// because the parameter was cut at the last occurrence of its prefix instead of right after it.
@Suite struct PrefixedSegmentRoutingTests {
    static let spec = """
    openapi: 3.1.0
    info: {title: prefixed segments, version: "1"}
    paths:
      /blobs/x{rest}:
        parameters: [{name: rest, in: path, required: true, schema: {type: string}}]
        get: {operationId: getBlob, responses: {"200": {description: ok}}}
      /v{major}.{minor}/info:
        parameters:
          - {name: major, in: path, required: true, schema: {type: string}}
          - {name: minor, in: path, required: true, schema: {type: string}}
        get: {operationId: info, responses: {"200": {description: ok}}}
    """

    let router = document(Self.spec)?.router

    @Test func prefixTextRepeatedInsideTheValueStillMatches() {
        let match = router?.route(method: "GET", target: "/blobs/xxax").match
        #expect(match?.operation.operationId == "getBlob")
        #expect(match?.pathParameter("rest")?.value == "xax")
    }

    @Test func prefixBeforeTwoParametersIsAnchoredAtTheStart() {
        let match = router?.route(method: "GET", target: "/vv2.0/info").match
        #expect(match?.operation.operationId == "info")
        #expect(match?.pathParameter("major")?.value == "v2")
        #expect(match?.pathParameter("minor")?.value == "0")
    }

    @Test func prefixAloneStillDoesNotMatch() {
        #expect(router?.route(method: "GET", target: "/blobs/x").match == nil)
        #expect(router?.route(method: "GET", target: "/blobs/yx").match == nil)
    }
}
