import Crypto
import Documents
import Foundation
import Testing
@testable import Sidecar
import Validation

/// `jwks`, `jwt-issuer`, `jwt-audience` and `api-key-hashes`: read from the config file, turned
/// into the validator's verifiers.
@Suite struct VerifierSettingsTests {
    static func base64url(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// An ES256 JWT with the given claims, signed with `key`.
    static func es256(_ claims: String, key: P256.Signing.PrivateKey) throws -> String {
        let signingInput = base64url(Array(#"{"alg":"ES256","typ":"JWT","kid":"k1"}"#.utf8)) + "." + base64url(Array(claims.utf8))
        let signature = try key.signature(for: Array(signingInput.utf8))
        return signingInput + "." + base64url(signature.rawRepresentation)
    }

    static func jwks(_ key: P256.Signing.PrivateKey) -> String {
        let raw = Array(key.publicKey.rawRepresentation)  // x || y, 32 bytes each
        return #"{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","alg":"ES256","use":"sig","x":"\#(base64url(raw[0..<32]))","y":"\#(base64url(raw[32..<64]))"}]}"#
    }

    /// An empty HMAC secret was accepted: tokens signed with the empty key would then verify (found by an audit).
    @Test func anEmptyJWTSecretFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let empty = try directory.write("empty.secret", " \n")
        let secret = try directory.write("good.secret", "s3cret-with-enough-bytes-for-hs256\n")
        func apply(_ path: String) throws -> Result<SidecarSettings, SettingsError> {
            let root = try ConfigFile.read(path: try directory.write("specguard.yaml", "proxy:\n  jwt-secret-file: \(path)\n")).get()
            var settings = SidecarSettings(specPath: "")
            return ConfigFile.apply(root, section: "proxy", to: &settings).map { settings }
        }
        guard case .failure(let error) = try apply(empty) else {
            Issue.record("an empty secret was accepted")
            return
        }
        #expect(error.message.contains("empty"))
        #expect(try apply(secret).get().jwtSecret == Array("s3cret-with-enough-bytes-for-hs256".utf8))
        // A binary secret is its bytes: invalid UTF-8 and leading white space kept, only the final line break dropped.
        let binary = try directory.write("binary.key", bytes: [0x20, 0xFF, 0x00, 0x80, 0x41, 0x0A])
        #expect(try apply(binary).get().jwtSecret == [0x20, 0xFF, 0x00, 0x80, 0x41])
    }

    @Test func aJWKSFileWithIssuerAndAudienceVerifiesTokens() throws {
        let key = P256.Signing.PrivateKey()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let jwksPath = try directory.write("jwks.json", Self.jwks(key))
        let hashesPath = try directory.write("keys.txt", SHA256.hash(data: Array("key-123".utf8)).map { String(format: "%02x", $0) }.joined() + "\n")
        let path = try directory.write("specguard.yaml", """
            proxy:
              upstream: http://127.0.0.1:9000
              jwks: \(jwksPath)
              jwt-issuer: https://auth.example.com
              jwt-audience: [shop, admin]
              api-key-hashes: \(hashesPath)
            """)
        var settings = SidecarSettings(specPath: "")
        try ConfigFile.apply(try ConfigFile.read(path: path).get(), section: "proxy", to: &settings).get()
        #expect(settings.jwtAudiences == ["shop", "admin"])
        let options = try SidecarRuntime.validationOptions(settings)
        let tokens = try #require(options.verifiers.tokens)
        let good = try Self.es256(#"{"sub":"a","iss":"https://auth.example.com","aud":"shop","exp":4102444800}"#, key: key)
        let wrongIssuer = try Self.es256(#"{"sub":"a","iss":"https://evil.example.com","aud":"shop","exp":4102444800}"#, key: key)
        let otherKey = try Self.es256(#"{"sub":"a","iss":"https://auth.example.com","aud":"shop","exp":4102444800}"#, key: P256.Signing.PrivateKey())
        #expect(tokens.verify(token: Secret(good), now: 1_800_000_000) == .valid(scopes: []))
        #expect(tokens.verify(token: Secret(wrongIssuer), now: 1_800_000_000) != .valid(scopes: []))
        #expect(tokens.verify(token: Secret(otherKey), now: 1_800_000_000) != .valid(scopes: []))
        let apiKeys = try #require(options.verifiers.apiKeys)
        #expect(apiKeys.isKnown(key: Secret("key-123"), scheme: "apiKey"))
        #expect(!apiKeys.isKnown(key: Secret("key-124"), scheme: "apiKey"))
    }

    @Test func aJWKSThatIsNotOneIsRefusedWithItsKey() throws {
        var settings = SidecarSettings(specPath: "")
        settings.jwks = Array(#"{"keys": 3}"#.utf8)
        #expect(throws: SettingsError.self) { try SidecarRuntime.validationOptions(settings) }
    }
}
