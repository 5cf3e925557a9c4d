import Testing
@testable import Sidecar

/// CherryPy's object dispatcher reads ASCII punctuation in path segments as `_` and a last segment `index` as the path
/// before it: `/admin-panel/users` (a public `/{tenant}/users` here) ran a secured `/admin_panel/users` there, and
/// `/reports/index` (a public `/reports/{id}`) the secured `/reports` (found by an audit with CherryPy 18). Warp routed an
/// upper-case `HTTP://` absolute-form target as a path of its own (found by an audit with Warp 3.3).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CherryPyPathTests {
    static let spec = """
    openapi: 3.0.3
    info: {title: cherrypy, version: "1"}
    components:
      securitySchemes:
        key: {type: apiKey, in: header, name: X-API-Key}
    paths:
      /{tenant}/users:
        get:
          operationId: tenantUsers
          parameters: [{name: tenant, in: path, required: true, schema: {type: string}}]
          responses: {"200": {description: ok}}
      /admin_panel/users:
        get:
          operationId: adminUsers
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /reports/{id}:
        get:
          operationId: report
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {"200": {description: ok}}
      /reports:
        get:
          operationId: reports
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
    """

    func send(_ targets: [String]) async throws -> [(target: String, status: Int?, body: String)] {
        try await PathProbe.get(spec: Self.spec, targets)
    }

    @Test func pathsCherryPyReadsAsAnotherOperationAreRefused() async throws {
        for outcome in try await send(["/admin-panel/users", "/admin.panel/users", "/admin~panel/users", "/admin%2Dpanel/users",
                                       "/admin!panel/users", "/reports/index"]) {
            #expect(outcome.status == 400, "\(outcome.target): \(outcome.body)")
            #expect(outcome.body.contains(#""keyword":"path-alias""#), "\(outcome.target): \(outcome.body)")
        }
    }

    @Test func otherPathsAreForwarded() async throws {
        for outcome in try await send(["/acme/users", "/acme-corp/users", "/reports/2024-q1", "/reports/indexes", "/acme.io/users"]) {
            #expect(outcome.status == 200, "\(outcome.target): \(outcome.body)")
        }
    }

    @Test func anAbsoluteFormTargetWithAnUpperCaseSchemeIsRefused() async throws {
        let outcomes = try await send(["HTTP://h/acme/users", "Http://h/acme/users", "http://h/acme/users"])
        #expect(outcomes[0].status == 400 && outcomes[1].status == 400, "\(outcomes)")
        #expect(outcomes[2].status == 200, "\(outcomes[2])")
    }
}
