import Testing
@testable import Sidecar

/// Rails (every route ends in an optional `(.:format)`; a path parameter stops at the first `.`) and Mojolicious (routes
/// with formats) read `/users/me.json` as `/users/me` with the format `json`: validated as the public `/users/{name}`, it
/// ran the secured `/users/me` there (found by an audit with Rails 6.1 on Puma and Mojolicious 9.31). A path whose last
/// segment cut at its first dot routes to another operation is refused (`path-alias`); so are Spring's suffix patterns
/// reaching a literal route (`/reports/summary.pdf` for a public `/reports/{id}.pdf`) and a toggled trailing slash that
/// reaches another operation (Spring, Grape; found by an audit with Spring 4.3 and Grape 1.6).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct FormatSuffixPathTests {
    static let spec = """
    openapi: 3.0.3
    info: {title: formats, version: "1"}
    components:
      securitySchemes:
        key: {type: apiKey, in: header, name: X-API-Key}
    paths:
      /users/{name}:
        get:
          operationId: user
          parameters: [{name: name, in: path, required: true, schema: {type: string}}]
          responses: {"200": {description: ok}}
      /users/me:
        get:
          operationId: me
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /{page}:
        get:
          operationId: page
          parameters: [{name: page, in: path, required: true, schema: {type: string}}]
          responses: {"200": {description: ok}}
      /admin:
        get:
          operationId: admin
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /files/{name}.{ext}:
        get:
          operationId: file
          parameters:
            - {name: name, in: path, required: true, schema: {type: string}}
            - {name: ext, in: path, required: true, schema: {type: string}}
          responses: {"200": {description: ok}}
      /reports/{id}.pdf:
        get:
          operationId: reportPDF
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {"200": {description: ok}}
      /reports/summary:
        get:
          operationId: summary
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /files/secret:
        get:
          operationId: secret
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /docs/{id}/:
        get:
          operationId: doc
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {"200": {description: ok}}
      /docs/drafts:
        get:
          operationId: drafts
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /openapi.json:
        get:
          operationId: document
          responses: {"200": {description: ok}}
    """

    func send(_ targets: [String]) async throws -> [(target: String, status: Int?, body: String)] {
        try await PathProbe.get(spec: Self.spec, targets)
    }

    @Test func aFormatSuffixThatReroutesIsRefused() async throws {
        for outcome in try await send(["/users/me.json", "/users/me.x", "/users/me.JSON", "/users/me.j%73on", "/users/me%2Ejson",
                                       "/users/me.v2.json", "/admin.json", "/admin.xml?x=1",
                                       // Spring's suffix patterns: a literal route behind a template that mixes a parameter with text.
                                       "/reports/summary.pdf", "/files/secret.txt",
                                       // Spring and Grape ignore a trailing slash.
                                       "/docs/drafts/"]) {
            #expect(outcome.status == 400, "\(outcome.target): \(outcome.body)")
            #expect(outcome.body.contains(#""keyword":"path-alias""#), "\(outcome.target): \(outcome.body)")
        }
    }

    @Test func otherDottedPathsAreForwarded() async throws {
        for outcome in try await send(["/users/bob.json", "/users/.me", "/files/report.pdf", "/openapi.json",
                                       "/index.html", "/users/a%2Eb",
                                       "/reports/q1.pdf", "/docs/intro/"]) {
            #expect(outcome.status == 200, "\(outcome.target): \(outcome.body)")
        }
    }
}
