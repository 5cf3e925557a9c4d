import Testing
@testable import Sidecar

/// PHP front controllers behind nginx and PHP-FPM (Symfony, Laravel) route by the path after a script name, and Symfony
/// strips `/index.php` even without a `/` after it: a path whose reading after its `.php` reaches another operation, or
/// none, is refused (`path-alias`). Found by an audit: `/index.phpadmin/users` passed as the public `/{tenant}/users` and
/// ran the secured `/admin/users`. Spring's `!name` spelling of a declared query parameter is refused too.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ScriptPrefixPathTests {
    static let spec = """
    openapi: 3.0.3
    info: {title: php, version: "1"}
    components:
      securitySchemes:
        key: {type: apiKey, in: header, name: X-API-Key}
    paths:
      /{tenant}/users:
        get:
          operationId: tenantUsers
          parameters:
            - {name: tenant, in: path, required: true, schema: {type: string}}
            - {name: limit, in: query, schema: {type: integer, maximum: 100}}
          responses: {"200": {description: ok}}
      /admin/users:
        get:
          operationId: adminUsers
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /files/{name}:
        get:
          operationId: file
          parameters: [{name: name, in: path, required: true, schema: {type: string}}]
          responses: {"200": {description: ok}}
      /legacy.php/items:
        get:
          operationId: legacy
          responses: {"200": {description: ok}}
    """

    func send(_ targets: [String]) async throws -> [(target: String, status: Int?, body: String)] {
        try await PathProbe.get(spec: Self.spec, targets)
    }

    @Test func pathsAScriptPrefixReroutesAreRefused() async throws {
        for outcome in try await send(["/index.phpadmin/users", "/index.php/users", "/%69ndex.php%61dmin/users", "/INDEX.PHPadmin/users"]) {
            #expect(outcome.status == 400, "\(outcome.target): \(outcome.body)")
            #expect(outcome.body.contains(#""keyword":"path-alias""#), "\(outcome.target): \(outcome.body)")
        }
    }

    @Test func otherPathsAreForwarded() async throws {
        for outcome in try await send(["/acme/users", "/acme.io/users", "/legacy.php/items", "/acme/users?limit=5", "/files/report.php", "/files/index.phpx"]) {
            #expect(outcome.status == 200, "\(outcome.target): \(outcome.body)")
        }
    }

    @Test func springSpellingsOfADeclaredQueryParameterAreRefused() async throws {
        for outcome in try await send(["/acme/users?!limit=500", "/acme/users?%21limit=500", "/acme/users?_limit=500"]) {
            #expect(outcome.status == 400, "\(outcome.target): \(outcome.body)")
            #expect(outcome.body.contains(#""keyword":"bracket-alias""#), "\(outcome.target): \(outcome.body)")
        }
    }

    /// Apache's mod_rewrite decodes a rewritten path once more: `/%2561dmin/users` (tenant `%61dmin` here) ran the secured
    /// `/admin/users` there (found by an audit with Apache 2.4 and mod_php).
    @Test func doubleEscapedPathsAreRefused() async throws {
        let outcomes = try await send(["/%2561dmin/users", "/acme/%2575sers", "/100%25/users", "/100%25x/users"])
        for outcome in outcomes.prefix(2) {
            #expect(outcome.status == 400 || outcome.status == 404, "\(outcome.target): \(outcome.body)")
            #expect(outcome.body.contains(#""keyword":"double-encoding""#), "\(outcome.target): \(outcome.body)")
        }
        for outcome in outcomes.suffix(2) {
            #expect(outcome.status == 200, "\(outcome.target): \(outcome.body)")
        }
    }
}
