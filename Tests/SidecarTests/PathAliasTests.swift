import Testing
@testable import Sidecar

/// Paths that servlet containers (`;parameters` dropped per segment) or Windows/IIS (trailing dots and spaces trimmed,
/// `::$DATA` streams) serve as another path than the one validated: refused when that other path is another operation
/// (found by a re-audit: `/admin;x/users` and `/admin./users` matched the public `/{a}/{b}` and reached the protected
/// `/admin/users`).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PathAliasTests {
    static let spec = """
    openapi: 3.0.3
    info: {title: alias, version: "1"}
    components:
      securitySchemes:
        key: {type: apiKey, in: header, name: X-API-Key}
    paths:
      /admin/users:
        get:
          operationId: adminUsers
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /{a}/{b}:
        get:
          operationId: page
          parameters:
            - {name: a, in: path, required: true, schema: {type: string}}
            - {name: b, in: path, required: true, schema: {type: string}}
          responses: {"200": {description: ok}}
      /v1/books/{id}:
        get:
          operationId: book
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {"200": {description: ok}}
    """

    func send(_ targets: [String]) async throws -> [(status: Int?, body: String)] {
        let harness = try await Harness.start(spec: Self.spec, respond: { _, _ in RecordingUpstream.Answer(headers: [], body: "") })
        var outcomes: [(Int?, String)] = []
        for target in targets {
            let result = RawClient.exchange(port: harness.port, "GET \(target) HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", expectedResponses: 1)
            outcomes.append((result.responses.first?.status, String(decoding: result.responses.first?.body ?? [], as: UTF8.self)))
        }
        await harness.stop()
        return outcomes
    }

    @Test func aliasesOfAProtectedPathAreRefused() async throws {
        let targets = ["/admin;jsessionid=1/users", "/admin;/users", "/admin./users", "/admin%20/users", "/admin.%20/users",
                       "/admin::$DATA/users", "/admin:$I30:$INDEX_ALLOCATION/users", "/admin/users;x"]
        for (target, outcome) in zip(targets, try await send(targets)) {
            #expect(outcome.status == 400, "\(target): \(outcome.body)")
            #expect(outcome.body.contains(#""keyword":"path-alias""#), "\(target): \(outcome.body)")
        }
    }

    @Test func pathsWhoseAliasIsTheSameOperationAreForwarded() async throws {
        let targets = ["/a;x/b", "/files/report.pdf", "/v1/books/42:publish", "/v1/books/x.", "/notes/hello%20world", "/%61dmin/other"]
        for (target, outcome) in zip(targets, try await send(targets)) {
            #expect(outcome.status == 200, "\(target): \(outcome.body)")
        }
    }
}
