import Testing
@testable import Sidecar

/// With `case-insensitive-upstream-paths`, a path that a case-insensitive service router (Express, ASP.NET)
/// would send to another operation than the one validated is refused: `/users/ME` validates as the open
/// `/users/{id}` but would be served by the secured `/users/me`.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CaseInsensitiveUpstreamTests {
    static let spec = """
    openapi: 3.0.3
    info: {title: case, version: "1"}
    components:
      securitySchemes:
        key: {type: apiKey, in: header, name: X-API-Key}
    paths:
      /users/me:
        get:
          operationId: me
          security: [{key: []}]
          responses: {"200": {description: ok}, "401": {description: no}}
      /users/{id}:
        get:
          operationId: user
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {"200": {description: ok}}
    """

    func send(_ target: String, caseInsensitive: Bool) async throws -> (status: Int?, body: String, upstreamCount: Int) {
        let harness = try await Harness.start(spec: Self.spec, configure: { $0.caseInsensitiveUpstreamPaths = caseInsensitive }) { _, _ in
            RecordingUpstream.Answer(headers: [], body: "")
        }
        let result = RawClient.exchange(port: harness.port, "GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        await harness.stop()
        return (result.responses.first?.status, String(decoding: result.responses.first?.body ?? [], as: UTF8.self), harness.upstream?.requestCount ?? -1)
    }

    @Test func pathThatAnotherOperationMatchesWithoutCaseIsRefused() async throws {
        for target in ["/users/ME", "/users/Me", "/users/m%45"] {
            let outcome = try await send(target, caseInsensitive: true)
            #expect(outcome.status == 400, "\(target)")
            #expect(outcome.body.contains(#""keyword":"path-case""#), "\(target): \(outcome.body)")
            #expect(outcome.upstreamCount == 0)
        }
    }

    @Test func pathsThatAgreeWithoutCaseAreForwarded() async throws {
        for target in ["/users/42", "/users/mel"] {
            let outcome = try await send(target, caseInsensitive: true)
            #expect(outcome.status == 200, "\(target): \(outcome.body)")
            #expect(outcome.upstreamCount == 1)
        }
    }

    @Test func offByDefaultForCaseSensitiveUpstreams() async throws {
        let outcome = try await send("/users/ME", caseInsensitive: false)
        #expect(outcome.status == 200)
        #expect(outcome.upstreamCount == 1)
    }

    @Test func settingIsReadFromTheConfigFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("specguard.yaml", "proxy:\n  case-insensitive-upstream-paths: true\n")
        let root = try ConfigFile.read(path: path).get()
        var settings = SidecarSettings(specPath: "")
        try ConfigFile.apply(root, section: "proxy", to: &settings).get()
        #expect(settings.caseInsensitiveUpstreamPaths)
    }
}
