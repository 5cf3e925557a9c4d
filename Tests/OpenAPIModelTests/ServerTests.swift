import OpenAPIModel
import Testing

@Suite struct ServerTests {
    @Test(arguments: [
        ("https://api.example.com", ""),
        ("https://api.example.com/", ""),
        ("https://api.example.com/v1/", "/v1"),
        ("/", ""),
        ("/api/v2", "/api/v2"),
        ("//cdn.example.com/base", "/base"),
        ("https://api.example.com/v1?x=1", "/v1"),
        ("v1", "/v1"),
    ])
    func basePathIsTheUrlsPath(url: String, expected: String) {
        #expect(Server(url: url).basePaths == [expected])
    }

    @Test func variablesInTheHostDoNotMultiplyBasePaths() {
        let server = Server(url: "https://{env}.example.com/v1", variables: [
            ServerVariable(name: "env", defaultValue: "prod", enumValues: ["prod", "staging"]),
        ])
        #expect(server.basePaths == ["/v1"])
        #expect(server.defaultURL == "https://prod.example.com/v1")
    }

    @Test func defaultAndEnumValuesOfPathVariablesAreAllBasePaths() {
        let server = Server(url: "/{version}", variables: [
            ServerVariable(name: "version", defaultValue: "v2", enumValues: ["v1", "v2"]),
        ])
        #expect(server.basePaths == ["/v2", "/v1"])
    }

    @Test func documentWithoutServersGetsTheRootServer() {
        let loaded = document("openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths: {}\n")
        #expect(loaded?.servers.map(\.url) == ["/"])
    }

    @Test func serverVariableDefaultOutsideItsEnumIsAWarning() {
        let spec = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        servers:
          - url: /{v}
            variables:
              v: {default: v9, enum: [v1, v2]}
        paths: {}
        """
        let diagnostics = loadFixture(spec).diagnostics
        #expect(diagnostics.map(\.code) == ["server-variable-default-not-in-enum"])
        #expect(diagnostics.first?.severity == .warning)
    }
}
