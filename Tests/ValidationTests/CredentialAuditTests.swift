import Crypto
import Foundation
import Testing
@testable import Validation

/// Requests the proxy passed while the service read another credential or other claims than the ones checked, and
/// tokens it read otherwise than the JWT libraries (found by an audit of security schemes against PyJWT 2, python-jose,
/// Authlib, joserfc, Flask-JWT-Extended 4.7, FastAPI's security helpers and Go 1.19's `net/http`).
@Suite("Security: second credentials and token claims")
struct CredentialAuditTests {
    static let secret = "credential-audit-secret-of-some-length"

    static let validator: ExchangeValidator? = {
        var options = ValidationOptions()
        options.verifiers = SecurityVerifiers(tokens: JWTVerifier(keys: .hmac(secret: Array(secret.utf8))), clock: { fixedNow })
        options.unknownQueryParameters = .reject
        return makeValidator(yaml: """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            components:
              securitySchemes:
                queryKey: {type: apiKey, in: query, name: api_key}
                headerKey: {type: apiKey, in: header, name: X-API-Key}
                cookieKey: {type: apiKey, in: cookie, name: session}
                bearer: {type: http, scheme: bearer, bearerFormat: JWT}
                oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: "https://a.example/token", scopes: {admin: a, read: r}}}}
            paths:
              /q:
                post:
                  security: [{queryKey: []}]
                  requestBody:
                    content:
                      application/x-www-form-urlencoded: {schema: {type: object}}
                      multipart/form-data: {schema: {type: object}}
                  responses: {"204": {description: ok}}
              /h:
                get:
                  security: [{headerKey: []}]
                  responses: {"204": {description: ok}}
              /c:
                get:
                  security: [{cookieKey: []}]
                  responses: {"204": {description: ok}}
              /b:
                get:
                  security: [{bearer: []}]
                  responses: {"204": {description: ok}}
              /admin:
                get:
                  security: [{oauth: [admin]}]
                  responses: {"204": {description: ok}}
            """, options: options)
    }()

    static func base64url(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    /// An HS256 token over exactly these header and payload texts.
    static func token(header: String = #"{"alg":"HS256","typ":"JWT"}"#, payload: String) -> String {
        let input = base64url(Array(header.utf8)) + "." + base64url(Array(payload.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return input + "." + base64url(signature)
    }

    static let exp = Int(fixedNow) + 3600

    func check(_ target: String, _ headers: [(String, String)] = [], method: String = "GET", body: String = "") throws -> RequestVerdict {
        try #require(Self.validator).validate(request: request(method, target, headers: headers, body: body))
    }

    @Test func aQueryKeyAloneIsValidAlsoWhenUnknownQueryParametersAreRefused() throws {
        let verdict = try check("/q?api_key=GOOD", [("Content-Type", "application/x-www-form-urlencoded")], method: "POST", body: "note=hi")
        #expect(verdict.isValid, "\(verdict.summary)")
    }

    @Test func anAPIKeyRepeatedInAnotherPlaceIsRefused() throws {
        // Go's r.FormValue reads the body's api_key before the query's.
        let form = try check("/q?api_key=GOOD", [("Content-Type", "application/x-www-form-urlencoded")], method: "POST", body: "note=hi&API_KEY=EVIL")
        #expect(form.keywords == ["second-credential"], "\(form.summary)")
        let part = "--BB\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nEVIL\r\n--BB--\r\n"
        let multipart = try check("/q?api_key=GOOD", [("Content-Type", "multipart/form-data; boundary=BB")], method: "POST", body: part)
        // (A part named like the query's key is also a query-body-merge: services that merge the two read it there too.)
        #expect(multipart.keywords.contains("second-credential"), "\(multipart.summary)")
        #expect(try check("/q?api_key=GOOD", [("api_key", "EVIL")], method: "POST").keywords.contains("second-credential"))
        // FastAPI's "query, else header" read the query's X-API-Key over the checked header.
        #expect(try check("/h?X-API-Key=EVIL", [("X-API-Key", "GOOD")]).keywords.contains("second-credential"))
        #expect(try check("/h", [("X-API-Key", "GOOD"), ("Cookie", "x-api-key=EVIL")]).keywords == ["second-credential"])
        #expect(try check("/c?session=EVIL", [("Cookie", "session=GOOD")]).keywords.contains("second-credential"))
        #expect(try check("/c", [("Cookie", "session=GOOD"), ("X_Session", "EVIL")]).isValid, "another name is not the key")
        #expect(try check("/c", [("Cookie", "session=GOOD"), ("Session", "EVIL")]).keywords == ["second-credential"])
    }

    @Test func aSecondBearerTokenIsRefusedWhenTheProxyVerifiesTokens() throws {
        let alice = Self.token(payload: #"{"sub":"alice","exp":\#(Self.exp)}"#)
        let admin = Self.token(payload: #"{"sub":"admin","exp":\#(Self.exp)}"#)
        #expect(try check("/b", [("Authorization", "Bearer \(alice)")]).isValid)
        // Flask-JWT-Extended, told to look in cookies first, read the cookie's token.
        #expect(try check("/b", [("Authorization", "Bearer \(alice)"), ("Cookie", "access_token_cookie=\(admin)")]).keywords == ["second-credential"])
        // (Undeclared query parameters are refused in this suite too: the check is named besides.)
        #expect(try check("/b?jwt=\(admin)", [("Authorization", "Bearer \(alice)")]).keywords.contains("second-credential"))
        #expect(try check("/b?access_token=x", [("Authorization", "Bearer \(alice)")]).keywords.contains("second-credential"))
        #expect(try check("/b", [("Authorization", "Bearer \(alice)"), ("X-Access-Token", admin)]).keywords == ["second-credential"])
        #expect(try check("/b", [("Authorization", "Bearer \(alice)"), ("X-Request-Id", "eyJ-not-a-token")]).isValid)
        #expect(try check("/b", [("Authorization", "Bearer \(alice)"), ("Cookie", "token=\(alice)")]).isValid, "the same token is no second one")
    }

    @Test func scopesAreThoseBothScopeClaimsGrant() throws {
        func admin(_ claims: String) throws -> RequestVerdict {
            try check("/admin", [("Authorization", "Bearer " + Self.token(payload: #"{"sub":"s","exp":\#(Self.exp),\#(claims)}"#))])
        }
        // Authlib reads `scope`, which does not grant admin.
        #expect(try admin(#""scope":"read","scp":["admin"]"#).keywords == ["insufficient-scope"])
        #expect(try admin(#""scp":["read admin"]"#).keywords == ["insufficient-scope"], "an array item is one scope")
        #expect(try admin(#""scope":"read admin","scp":["admin"]"#).isValid)
        #expect(try admin(#""scope":["read","admin"]"#).isValid, "scope as an array of strings")
        #expect(try admin(#""scope":null,"scp":"admin""#).isValid, "a null scope is no claim")
    }

    @Test func tokensTheLibrariesRefuseAreRefused() throws {
        func bearer(header: String = #"{"alg":"HS256","typ":"JWT"}"#, _ payload: String) throws -> RequestVerdict {
            try check("/b", [("Authorization", "Bearer " + Self.token(header: header, payload: payload))])
        }
        let fine = #"{"sub":"s","exp":\#(Self.exp)}"#
        #expect(try bearer(fine).isValid)
        #expect(try bearer(header: #"{"alg":"HS256","crit":["exp"],"exp":1}"#, fine).keywords == ["invalid-token"], "unknown crit")
        #expect(try bearer(header: #"{"alg":"HS256","b64":false}"#, fine).keywords == ["invalid-token"])
        #expect(try bearer(header: #"{"alg":"HS256","kid":7}"#, fine).keywords == ["invalid-token"], "a kid that is not a string")
        #expect(try bearer(#"{"sub":"s","exp":\#(Self.exp),"iat":\#(Int(fixedNow) + 600)}"#).keywords == ["invalid-token"], "issued in the future")
        #expect(try bearer(#"{"sub":"s","exp":\#(Self.exp),"iat":\#(Int(fixedNow) + 10)}"#).isValid, "within the leeway")
    }
}
