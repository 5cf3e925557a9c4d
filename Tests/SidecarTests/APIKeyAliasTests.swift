import OpenAPIModel
import Testing
@testable import Sidecar
import Validation

/// An `apiKey` in the query got none of the alias checks of declared query parameters: `?API_KEY=EVIL&api_key=GOOD`
/// passed with the checked `GOOD` while ASP.NET binds `API_KEY`, PHP reads `api.key` and `api[key` as `api_key`, Rack
/// `api_key[]` and a pair after `;` (found by an audit of security schemes). Its name is now a declared query name.
@Suite("Proxy checks: API key aliases")
struct APIKeyAliasTests {
    static let state: SpecState? = {
        guard let document = OpenAPIDocument.load(text: """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            components:
              securitySchemes:
                queryKey: {type: apiKey, in: query, name: api_key}
            paths:
              /items:
                get:
                  security: [{queryKey: []}]
                  responses: {"204": {description: ok}}
            """).document else { return nil }
        return SpecState(document: document, validator: ExchangeValidator(document: document))
    }()

    func verdict(_ target: String) throws -> RequestVerdict {
        var headers = Validation.HTTPHeaders()
        headers.append(name: "Host", value: "h")
        let state = try #require(Self.state)
        return RequestScreen.verdict(for: HTTPRequest(method: "GET", target: target, headers: headers), state: state,
                                     settings: ScreenSettings(SidecarSettings(specPath: "")))
    }

    @Test func theKeyAloneIsValid() throws {
        #expect(try verdict("/items?api_key=GOOD").isValid)
    }

    @Test(arguments: ["/items?API_KEY=EVIL&api_key=GOOD", "/items?api_key%5B%5D=EVIL&api_key=GOOD", "/items?+api_key=EVIL&api_key=GOOD",
                      "/items?api.key=EVIL&api_key=GOOD", "/items?x=1;api_key=EVIL&api_key=GOOD"])
    func aSpellingServicesReadAsTheKeyIsRefused(target: String) throws {
        let verdict = try verdict(target)
        #expect(!verdict.isValid, "\(target)")
    }
}
