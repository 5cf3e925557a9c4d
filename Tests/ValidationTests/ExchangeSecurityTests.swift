import Testing
import Foundation
import Crypto
import CryptoExtras
import JWTKit
import Documents
@testable import Validation

/// Claims for test tokens, signed with jwt-kit (an implementation independent of our verifier).
struct TestClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim?
    var nbf: NotBeforeClaim?
    var iss: IssuerClaim?
    var aud: AudienceClaim?
    var scope: String?
    var scp: [String]?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

let fixedNow: Double = 1_800_000_000

func claims(scope: String? = nil, scp: [String]? = nil, expiresIn: Double = 3600, notBefore: Double? = nil,
            issuer: String = "https://auth.shop.example.com", audience: String = "shop") -> TestClaims {
    TestClaims(sub: "ada", exp: ExpirationClaim(value: Date(timeIntervalSince1970: fixedNow + expiresIn)),
               nbf: notBefore.map { NotBeforeClaim(value: Date(timeIntervalSince1970: $0)) },
               iss: IssuerClaim(value: issuer), aud: AudienceClaim(value: [audience]), scope: scope, scp: scp)
}

func base64URL(_ data: some DataProtocol) -> String {
    Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}

let hmacSecret = "a-test-secret-of-reasonable-length"

func hmacValidator(_ extra: (inout ValidationOptions) -> Void = { _ in }) throws -> ExchangeValidator {
    var options = ValidationOptions()
    options.verifiers = SecurityVerifiers(
        tokens: JWTVerifier(keys: .hmac(secret: Array(hmacSecret.utf8)), issuer: "https://auth.shop.example.com", audiences: ["shop"]),
        clock: { fixedNow })
    extra(&options)
    return try #require(shopValidator(options))
}

func hs256(_ payload: TestClaims, secret: String = hmacSecret) async throws -> String {
    let keys = JWTKeyCollection()
    await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    return try await keys.sign(payload)
}

@Suite("Exchange: security schemes")
struct ExchangeSecurityTests {
    // MARK: Requirements as OR of ANDs

    @Test func emptySecurityMeansOpen() throws {
        #expect(try #require(shop).validate(request: request("GET", "/api/v1/products")).isValid)
    }

    @Test func anonymousAlternativeAllowsNoCredentials() throws {
        #expect(try #require(shop).validate(request: request("GET", "/api/v1/products/7")).isValid)
    }

    @Test func anyAlternativeSatisfiedPasses() throws {
        let validator = try #require(shop)
        let body = #"{"name":"Shoe","priceCents":1}"#
        #expect(validator.validate(request: jsonRequest("POST", "/api/v1/products", body, headers: [apiKey])).isValid)
        #expect(validator.validate(request: jsonRequest("POST", "/api/v1/products", body, headers: [bearer])).isValid)
    }

    @Test func missingCredentialsAre401WithAChallengePerScheme() throws {
        let verdict = try #require(shop).validate(request: jsonRequest("POST", "/api/v1/products", #"{"name":"Shoe","priceCents":1}"#))
        #expect(verdict.status == 401)
        let challenges = verdict.responseHeaders.values("WWW-Authenticate")
        #expect(challenges.count == 2, "\(challenges)")
        #expect(challenges.contains { $0.hasPrefix("Bearer ") && $0.contains("scope=\"shop:write\"") })
        #expect(challenges.contains { $0.hasPrefix("APIKey ") && $0.contains("X-API-Key") })
    }

    @Test func allSchemesOfAnAlternativeAreNeeded() throws {
        let validator = try #require(shop)
        let both = HTTPRequest(method: "GET", target: "/api/v1/admin/stats", headers: [bearer],
                               clientCertificate: ClientCertificate(subject: "CN=ops", issuer: "CN=ca", serialNumber: "1"))
        #expect(validator.validate(request: both).isValid)
        let noCertificate = validator.validate(request: request("GET", "/api/v1/admin/stats", headers: [bearer]))
        #expect(noCertificate.status == 401)
        #expect(noCertificate.keywords == ["missing-client-certificate"])
    }

    // MARK: apiKey

    @Test func apiKeyInHeaderCookieAndQuery() throws {
        let validator = try #require(shop)
        #expect(validator.validate(request: request("GET", "/api/v1/customers/12", headers: [apiKey])).isValid)
        #expect(validator.validate(request: request("GET", "/api/v1/customers/12")).status == 401)
        #expect(validator.validate(request: request("GET", "/api/v1/account/session", headers: [("Cookie", "SESSION=abc")])).isValid)
        #expect(validator.validate(request: request("GET", "/api/v1/account/session", headers: [("Cookie", "OTHER=abc")])).status == 401)
        let yaml = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        components: {securitySchemes: {key: {type: apiKey, in: query, name: api_key}}}
        security: [{key: []}]
        paths: {/x: {get: {responses: {"200": {description: ok}}}}}
        """
        let inline = try #require(makeValidator(yaml: yaml))
        #expect(inline.validate(request: request("GET", "/x?api_key=abc")).isValid)
        #expect(inline.validate(request: request("GET", "/x")).status == 401)
        #expect(inline.validate(request: request("GET", "/x?api_key=a&api_key=b")).keywords == ["repeated-api-key"])
    }

    @Test func apiKeysAreCheckedAgainstHashesWhenConfigured() throws {
        var options = ValidationOptions()
        options.verifiers = SecurityVerifiers(apiKeys: APIKeyHashes(fileContents: "# keys\n" + APIKeyHashes.digest(of: "k-12345") + "\n"))
        let validator = try #require(shopValidator(options))
        #expect(validator.validate(request: request("GET", "/api/v1/customers/12", headers: [apiKey])).isValid)
        let unknown = validator.validate(request: request("GET", "/api/v1/customers/12", headers: [("X-API-Key", "guess")]))
        #expect(unknown.keywords == ["unknown-api-key"])
        #expect(unknown.status == 401)
    }

    /// A key sent with bytes that are not UTF-8 is hashed as those bytes (it was hashed as the UTF-8 of its Latin-1
    /// reading, so `k\u{E9}y` in Latin-1 and in UTF-8 were one key, and the service got bytes never hashed; found by an audit).
    @Test func apiKeysAreHashedAsTheBytesTheyArrivedAs() throws {
        let latin1: [UInt8] = [0x6B, 0xE9, 0x79]
        let hex = SHA256.hash(data: latin1).map { String(format: "%02x", $0) }.joined()
        var options = ValidationOptions()
        options.verifiers = SecurityVerifiers(apiKeys: APIKeyHashes(fileContents: hex + "\n"))
        let validator = try #require(shopValidator(options))
        func customer(_ key: [UInt8]) throws -> RequestVerdict {
            let raw = Array("GET /api/v1/customers/12 HTTP/1.1\r\nHost: h\r\nX-API-Key: ".utf8) + key + Array("\r\n\r\n".utf8)
            let parsed = try #require(HTTPMessageParser(options: .strict).parse(raw).success?.request)
            return validator.validate(request: parsed)
        }
        #expect(try customer(latin1).isValid)
        #expect(try customer(Array("k\u{E9}y".utf8)).keywords == ["unknown-api-key"])
    }

    /// `SCHEME:HEX` lines hold a key for that scheme only (the docs promised it; such lines were skipped before).
    @Test func aHashLineWithASchemeAcceptsTheKeyForThatSchemeOnly() throws {
        let digest = APIKeyHashes.digest(of: "k-12345")
        func validator(_ file: String) throws -> ExchangeValidator {
            var options = ValidationOptions()
            options.verifiers = SecurityVerifiers(apiKeys: APIKeyHashes(fileContents: file))
            return try #require(shopValidator(options))
        }
        let customer = request("GET", "/api/v1/customers/12", headers: [apiKey])
        #expect(try validator("apiKeyHeader:\(digest)\n").validate(request: customer).isValid)
        #expect(try validator(" apiKeyHeader : \(digest.uppercased())  # ops team\n\n").validate(request: customer).isValid)
        #expect(try validator("otherScheme:\(digest)\n").validate(request: customer).keywords == ["unknown-api-key"])
        #expect(APIKeyHashes(fileContents: "a:\(digest)\n\(digest)\nb:\(digest)\n").count == 3)
    }

    @Test func aMalformedHashLineIsNamedByItsNumber() {
        let digest = APIKeyHashes.digest(of: "k")
        #expect(APIKeyHashes.problem(in: "# keys\n\n\(digest)\nscheme:\(digest)\n") == nil)
        #expect(APIKeyHashes.problem(in: "\(digest)\n\(digest.dropLast())\n")?.hasPrefix("line 2 ") == true)
        #expect(APIKeyHashes.problem(in: "k-12345\n")?.hasPrefix("line 1 ") == true)
        #expect(APIKeyHashes.problem(in: ":\(digest)\n")?.hasPrefix("line 1 ") == true)
        #expect(APIKeyHashes.problem(in: "\(digest)\n\(digest.dropLast())g\n")?.hasPrefix("line 2 ") == true)
    }

    // MARK: http basic, bearer, digest

    @Test func basicNeedsWellFormedUserColonPassword() throws {
        let validator = try #require(shop)
        #expect(validator.validate(request: request("POST", "/api/v1/account/legacy-login", headers: [("Authorization", "Basic YWRhOnNlY3JldA==")])).isValid)
        let absent = validator.validate(request: request("POST", "/api/v1/account/legacy-login"))
        #expect(absent.status == 401)
        #expect(absent.responseHeaders.first("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)
        // "adasecret" without a colon
        #expect(validator.validate(request: request("POST", "/api/v1/account/legacy-login", headers: [("Authorization", "Basic YWRhc2VjcmV0")])).keywords == ["missing-colon"])
        #expect(validator.validate(request: request("POST", "/api/v1/account/legacy-login", headers: [("Authorization", "Basic ***")])).keywords == ["invalid-base64"])
        #expect(validator.validate(request: request("POST", "/api/v1/account/legacy-login", headers: [bearer])).keywords == ["wrong-scheme"])
    }

    @Test func bearerWithJWTFormatMustBeAWellFormedJWT() throws {
        let yaml = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        components: {securitySchemes: {jwt: {type: http, scheme: bearer, bearerFormat: JWT}, opaque: {type: http, scheme: bearer}}}
        paths:
          /jwt: {get: {security: [{jwt: []}], responses: {"200": {description: ok}}}}
          /opaque: {get: {security: [{opaque: []}], responses: {"200": {description: ok}}}}
        """
        let validator = try #require(makeValidator(yaml: yaml))
        #expect(validator.validate(request: request("GET", "/jwt", headers: [bearer])).isValid)
        #expect(validator.validate(request: request("GET", "/jwt", headers: [("Authorization", "Bearer opaque-token")])).keywords == ["jwt-not-three-parts"])
        #expect(validator.validate(request: request("GET", "/opaque", headers: [("Authorization", "Bearer opaque-token")])).isValid)
        #expect(validator.validate(request: request("GET", "/opaque")).status == 401)
    }

    func digest(uri: String, omit: String? = nil) -> (String, String) {
        var fields = ["username=\"ada\"", "realm=\"api\"", "nonce=\"n1\"", "uri=\"\(uri)\"", "response=\"\(String(repeating: "0f", count: 32))\"",
                      "algorithm=SHA-256", "qop=auth", "nc=00000001", "cnonce=\"c1\""]
        if let omit { fields.removeAll { $0.hasPrefix(omit + "=") } }
        return ("Authorization", "Digest " + fields.joined(separator: ", "))
    }

    @Test func digestNeedsItsFieldsAndTheRequestTarget() throws {
        let validator = try #require(shop)
        let body = #"{"newPassword":"correct-horse-battery"}"#
        #expect(validator.validate(request: jsonRequest("PUT", "/api/v1/account/password", body, headers: [digest(uri: "/api/v1/account/password")])).isValid)
        #expect(validator.validate(request: jsonRequest("PUT", "/api/v1/account/password", body, headers: [digest(uri: "/api/v1/other")])).keywords == ["digest-uri-mismatch"])
        #expect(validator.validate(request: jsonRequest("PUT", "/api/v1/account/password", body, headers: [digest(uri: "/api/v1/account/password", omit: "nonce")])).keywords == ["digest-missing-field"])
        let absent = validator.validate(request: jsonRequest("PUT", "/api/v1/account/password", body))
        #expect(absent.responseHeaders.first("WWW-Authenticate")?.hasPrefix("Digest realm=\"api\"") == true)
    }

    // MARK: oauth2 / openIdConnect with verification

    @Test func hs256TokenWithTheScopePasses() async throws {
        let token = try await hs256(claims(scope: "shop:read shop:write"))
        let verdict = try hmacValidator().validate(request: jsonRequest("POST", "/api/v1/products", #"{"name":"Shoe","priceCents":1}"#, headers: [("Authorization", "Bearer " + token)]))
        #expect(verdict.isValid, "\(verdict.summary)")
    }

    @Test func tokenWithoutTheScopeIs403() async throws {
        let token = try await hs256(claims(scope: "shop:read"))
        let verdict = try hmacValidator().validate(request: request("DELETE", "/api/v1/products/7", headers: [("Authorization", "Bearer " + token)]))
        #expect(verdict.status == 403)
        #expect(verdict.keywords == ["insufficient-scope"])
        #expect(verdict.responseHeaders.values("WWW-Authenticate").isEmpty)
    }

    @Test func expiredTokenIs401() async throws {
        let token = try await hs256(claims(scope: "shop:admin", expiresIn: -3600))
        let verdict = try hmacValidator().validate(request: request("DELETE", "/api/v1/products/7", headers: [("Authorization", "Bearer " + token)]))
        #expect(verdict.status == 401)
        #expect(verdict.violations.first?.message == "token expired")
    }

    @Test func notYetValidTokenIs401() async throws {
        let token = try await hs256(claims(scope: "shop:admin", notBefore: fixedNow + 3600))
        let verdict = try hmacValidator().validate(request: request("DELETE", "/api/v1/products/7", headers: [("Authorization", "Bearer " + token)]))
        #expect(verdict.violations.first?.message == "token not yet valid (nbf)")
    }

    @Test func wrongIssuerOrAudienceIs401() async throws {
        let validator = try hmacValidator()
        let issuer = try await hs256(claims(scope: "shop:admin", issuer: "https://evil.example"))
        let audience = try await hs256(claims(scope: "shop:admin", audience: "other"))
        #expect(validator.validate(request: request("DELETE", "/api/v1/products/7", headers: [("Authorization", "Bearer " + issuer)])).violations.first?.message == "token issuer is not the expected one")
        #expect(validator.validate(request: request("DELETE", "/api/v1/products/7", headers: [("Authorization", "Bearer " + audience)])).violations.first?.message == "token audience is not the expected one")
    }

    @Test func tokenSignedWithAnotherSecretIs401() async throws {
        let token = try await hs256(claims(scope: "shop:admin"), secret: "another-secret-of-reasonable-length")
        let verdict = try hmacValidator().validate(request: request("DELETE", "/api/v1/products/7", headers: [("Authorization", "Bearer " + token)]))
        #expect(verdict.violations.first?.message == "token signature does not verify")
    }

    @Test func rs256TokenVerifiesAgainstAJWKS() async throws {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PrivateKey(backing: privateKey), digestAlgorithm: .sha256, kid: "r1")
        let token = try await keys.sign(claims(scp: ["profile", "email"]), kid: "r1")
        let primitives = try Insecure.RSA.PublicKey(backing: privateKey.publicKey).getKeyPrimitives()
        let jwks = #"{"keys":[{"kty":"RSA","kid":"r1","alg":"RS256","use":"sig","n":"\#(base64URL(primitives.modulus))","e":"\#(base64URL(primitives.publicExponent))"}]}"#
        var options = ValidationOptions()
        options.verifiers = SecurityVerifiers(tokens: JWTVerifier(keys: try JWTKeySet.jwks(Array(jwks.utf8)), audiences: ["shop"]), clock: { fixedNow })
        let validator = try #require(shopValidator(options))
        let verdict = validator.validate(request: request("GET", "/api/v1/account/profile", headers: [("Authorization", "Bearer " + token)]))
        #expect(verdict.isValid, "\(verdict.summary)")
        let fewer = try await keys.sign(claims(scp: ["profile"]), kid: "r1")
        #expect(validator.validate(request: request("GET", "/api/v1/account/profile", headers: [("Authorization", "Bearer " + fewer)])).status == 403)
    }

    @Test func es256TokenVerifiesAgainstAJWKS() async throws {
        let privateKey = ES256PrivateKey()
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: privateKey, kid: "e1")
        let token = try await keys.sign(claims(scope: "shop:admin"), kid: "e1")
        let parameters = try #require(privateKey.publicKey.parameters)
        let jwks = #"{"keys":[{"kty":"EC","kid":"e1","crv":"P-256","x":"\#(parameters.x)","y":"\#(parameters.y)"}]}"#
        var options = ValidationOptions()
        options.verifiers = SecurityVerifiers(tokens: JWTVerifier(keys: try JWTKeySet.jwks(Array(jwks.utf8))), clock: { fixedNow })
        let validator = try #require(shopValidator(options))
        #expect(validator.validate(request: request("DELETE", "/api/v1/products/7", headers: [("Authorization", "Bearer " + token)])).isValid)
        let other = ES256PrivateKey()
        let otherKeys = JWTKeyCollection()
        await otherKeys.add(ecdsa: other, kid: "e1")
        let forged = try await otherKeys.sign(claims(scope: "shop:admin"), kid: "e1")
        #expect(validator.validate(request: request("DELETE", "/api/v1/products/7", headers: [("Authorization", "Bearer " + forged)])).status == 401)
    }

    @Test func unsignedTokensAreNeverAccepted() throws {
        // {"alg":"none"} . {"sub":"ada","exp":1900000000,"scope":"shop:admin"} .
        let token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEiLCJleHAiOjE5MDAwMDAwMDAsInNjb3BlIjoic2hvcDphZG1pbiJ9."
        let verdict = try hmacValidator().validate(request: request("DELETE", "/api/v1/products/7", headers: [("Authorization", "Bearer " + token)]))
        #expect(verdict.status == 401)
    }

    // MARK: Secrets stay secret

    @Test func credentialsNeverAppearInProblemDocuments() async throws {
        let validator = try hmacValidator { $0.verifiers.apiKeys = APIKeyHashes(fileContents: "") }
        let token = try await hs256(claims(scope: "shop:read", expiresIn: -10))
        let secrets = ["Bearer " + token, "Basic YWRhc2VjcmV0", "sup3r-secret-key"]
        let requests = [
            request("DELETE", "/api/v1/products/7", headers: [("Authorization", secrets[0])]),
            request("POST", "/api/v1/account/legacy-login", headers: [("Authorization", secrets[1])]),
            request("GET", "/api/v1/customers/12", headers: [("X-API-Key", secrets[2])]),
        ]
        for (item, secret) in zip(requests, secrets) {
            let verdict = validator.validate(request: item)
            let text = try #require(verdict.problem).json
            #expect(!verdict.isValid)
            #expect(!text.contains(secret.split(separator: " ").last.map(String.init) ?? secret))
            #expect(!text.contains("adasecret"))
        }
    }
}
