import Foundation
import OpenAPIModel
import Testing

let securitySpec = """
openapi: 3.1.0
info: {title: security, version: "1"}
security:
  - bearer: []
  - key: []
paths:
  /inherits:
    get: {operationId: inherits, responses: {"200": {description: ok}}}
  /overrides:
    get:
      operationId: overrides
      security: [{oauth: [read, write]}]
      responses: {"200": {description: ok}}
  /public:
    get:
      operationId: public
      security: []
      responses: {"200": {description: ok}}
  /optional:
    get:
      operationId: optional
      security: [{}, {key: []}]
      responses: {"200": {description: ok}}
  /both:
    get:
      operationId: both
      security: [{key: [], bearer: []}]
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    bearer: {type: http, scheme: Bearer, bearerFormat: JWT}
    key: {type: apiKey, name: api_key, in: cookie}
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://auth.example.com/authorize
          tokenUrl: https://auth.example.com/token
          refreshUrl: https://auth.example.com/refresh
          scopes: {read: Read, write: Write}
        clientCredentials: {tokenUrl: https://auth.example.com/token, scopes: {read: Read}}
    oidc: {type: openIdConnect, openIdConnectUrl: https://auth.example.com/.well-known/openid-configuration}
    mtls: {type: mutualTLS}
    digest: {type: http, scheme: digest}
"""

@Suite struct SecurityRequirementTests {
    let document = OpenAPIModelTests.document(securitySpec)

    @Test func loadsWithoutDiagnostics() {
        #expect(loadFixture(securitySpec).diagnostics.isEmpty, "\(describe(loadFixture(securitySpec).diagnostics))")
    }

    @Test func operationWithoutSecurityInheritsTheGlobalAlternatives() {
        let operation = document?.operation(id: "inherits")
        #expect(operation?.security == nil)
        #expect(operation?.effectiveSecurity.map(\.summary) == ["bearer", "key"])
        #expect(operation?.allowsAnonymous == false)
    }

    @Test func operationSecurityReplacesTheGlobalOne() {
        #expect(document?.operation(id: "overrides")?.effectiveSecurity.map(\.summary) == ["oauth[read write]"])
    }

    @Test func emptySecurityListMeansNoSecurity() {
        let operation = document?.operation(id: "public")
        #expect(operation?.security == [])
        #expect(operation?.effectiveSecurity.isEmpty == true)
        #expect(operation?.allowsAnonymous == true)
    }

    @Test func emptyRequirementObjectMakesSecurityOptional() {
        let operation = document?.operation(id: "optional")
        #expect(operation?.effectiveSecurity.first?.isAnonymous == true)
        #expect(operation?.allowsAnonymous == true)
    }

    @Test func schemesInOneRequirementAreAllRequired() {
        #expect(document?.operation(id: "both")?.effectiveSecurity.first?.schemes.map(\.scheme) == ["key", "bearer"])
    }

    @Test func everySchemeTypeIsModelled() {
        let kinds = document?.components.securitySchemes.map(\.typeName)
        #expect(kinds == ["http", "apiKey", "oauth2", "openIdConnect", "mutualTLS", "http"])
        #expect(document?.components.securityScheme(named: "bearer")?.kind == .http(scheme: "bearer", bearerFormat: "JWT"))
        #expect(document?.components.securityScheme(named: "key")?.kind == .apiKey(name: "api_key", location: .cookie))
        #expect(document?.components.securityScheme(named: "digest")?.kind == .http(scheme: "digest", bearerFormat: nil))
    }

    @Test func oauthFlowsKeepUrlsAndScopes() {
        guard case .oauth2(let flows)? = document?.components.securityScheme(named: "oauth")?.kind else {
            Issue.record("expected oauth2"); return
        }
        #expect(flows.names == ["clientCredentials", "authorizationCode"])
        #expect(flows.authorizationCode?.refreshURL == "https://auth.example.com/refresh")
        #expect(flows.allScopes == ["read", "write"])
    }

    @Test func requirementNamingAnUnknownSchemeIsAnError() {
        let spec = securitySpec.replacingOccurrences(of: "security: [{oauth: [read, write]}]", with: "security: [{nope: []}]")
        let diagnostics = loadFixture(spec).diagnostics
        #expect(diagnostics.map(\.code) == ["security-scheme-undefined"])
        #expect(diagnostics.first?.location.line == 12)
    }
}
