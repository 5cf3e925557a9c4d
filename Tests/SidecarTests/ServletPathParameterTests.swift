import Testing
@testable import Sidecar

/// Servlet containers drop each path segment's `;parameters` before routing (Tomcat then merges the `//` an emptied
/// segment leaves): a path whose servlet reading differs from what was validated is refused (`path-alias`). Found by
/// an audit with Tomcat 10 and Jetty 9: `/tenants/;/admin/users` passed as the public `/tenants/{tenant}/admin/users`
/// and Tomcat ran the secured `/tenants/admin/users` without credentials.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ServletPathParameterTests {
    static let spec = """
    openapi: 3.0.3
    info: {title: servlet, version: "1"}
    components:
      securitySchemes:
        key: {type: apiKey, in: header, name: X-API-Key}
    paths:
      /tenants/{tenant}/admin/users:
        get:
          operationId: tenantUsers
          parameters: [{name: tenant, in: path, required: true, schema: {type: string, minLength: 1}}]
          responses: {"200": {description: ok}}
      /tenants/admin/users:
        get:
          operationId: adminUsers
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /reports:
        get:
          operationId: reports
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /reports/{id}:
        get:
          operationId: report
          parameters: [{name: id, in: path, required: true, schema: {type: string, minLength: 3}}]
          responses: {"200": {description: ok}}
      /points/{id}:
        get:
          operationId: point
          parameters: [{name: id, in: path, required: true, style: matrix, schema: {type: integer}}]
          responses: {"200": {description: ok}}
    """

    func send(_ targets: [String]) async throws -> [(target: String, status: Int?, body: String)] {
        try await PathProbe.get(spec: Self.spec, targets)
    }

    @Test func pathsWhoseServletReadingDiffersAreRefused() async throws {
        // An emptied segment (Tomcat: another route), its jsessionid spelling, an emptied last segment (the servlet of
        // `/reports/`), and a parameter value the servlet reads shorter than its minLength.
        for outcome in try await send(["/tenants/;/admin/users", "/tenants/;jsessionid=0/admin/users", "/reports/;x", "/reports/a;bcd"]) {
            #expect(outcome.status == 400, "\(outcome.target): \(outcome.body)")
            #expect(outcome.body.contains(#""keyword":"path-alias""#), "\(outcome.target): \(outcome.body)")
        }
    }

    @Test func pathsThatServletsReadAlikeAreForwarded() async throws {
        // `;` after a value the servlet still reads validly, and matrix-style values, which are `;name=value` by design.
        for outcome in try await send(["/tenants/acme;v=1/admin/users", "/reports/abc;d", "/reports/abcd", "/points/;id=5"]) {
            #expect(outcome.status == 200, "\(outcome.target): \(outcome.body)")
        }
    }
}
