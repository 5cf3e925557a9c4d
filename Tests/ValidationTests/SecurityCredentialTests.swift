import Foundation
import Testing
@testable import Validation

func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

func base64url(_ text: String) -> String {
    base64(text).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}

func jwt(header: String = #"{"alg":"HS256","typ":"JWT"}"#, payload: String, signature: String = "c2ln") -> String {
    base64url(header) + "." + base64url(payload) + "." + signature
}

struct Base64Tests {
    @Test func decodesStandardWithPadding() {
        #expect(Base64.decode("YWxhZGRpbjpvcGVuc2VzYW1l".utf8, alphabet: .standard) == bytes("aladdin:opensesame"))
        #expect(Base64.decode("QQ==".utf8, alphabet: .standard) == bytes("A"))
    }

    @Test(arguments: ["QQ", "QQ=", "Q===", "QR==", "QQ==QQ==", "Q Q=", "-_8="])
    func rejectsNonCanonicalStandard(text: String) {
        #expect(Base64.decode(text.utf8, alphabet: .standard) == nil)
    }

    @Test func urlSafeRejectsPadding() {
        #expect(Base64.decode("QQ".utf8, alphabet: .urlSafeUnpadded) == bytes("A"))
        #expect(Base64.decode("QQ==".utf8, alphabet: .urlSafeUnpadded) == nil)
        #expect(Base64.decode("Q".utf8, alphabet: .urlSafeUnpadded) == nil)
    }
}

struct BasicCredentialsTests {
    func basic(_ value: String) -> Result<BasicCredentials, CredentialError> {
        Authorization.parse(value).flatMap { BasicCredentials.parse($0) }
    }

    @Test func readsUserAndPassword() {
        let credentials = basic("Basic " + base64("aladdin:open:sesame")).success
        #expect(credentials?.user == "aladdin")
        #expect(credentials?.password.value == "open:sesame")
    }

    @Test func schemeIsCaseInsensitive() {
        #expect(basic("bAsIc " + base64("a:b")).success?.user == "a")
    }

    @Test func rejectsMalformedCredentials() {
        #expect(basic("Basic !!!").failure?.kind == .invalidBase64)
        #expect(basic("Basic " + base64("nocolon")).failure?.kind == .missingColon)
        #expect(basic("Basic /w==").failure?.kind == .invalidUTF8)
        #expect(basic("Bearer " + base64("a:b")).failure?.kind == .wrongScheme)
        #expect(basic("Basic").failure?.kind == .invalidBase64)
    }

    @Test func neverPrintsThePassword() {
        let credentials = basic("Basic " + base64("alice:hunter2")).success
        #expect(credentials.map { "\($0)" }?.contains("hunter2") == false)
        #expect(credentials.map { "\($0.password)" } == "<redacted>")
    }

    @Test func multipleAuthorizationHeadersAreRejected() {
        let headers: HTTPHeaders = [("Authorization", "Basic YTpi"), ("authorization", "Basic YzpK")]
        #expect(Authorization.from(headers).failure?.kind == .multipleAuthorizationHeaders)
        #expect(Authorization.from(HTTPHeaders()).failure?.kind == .missing)
    }
}

struct BearerAndJWTTests {
    func bearer(_ value: String) -> Result<BearerToken, CredentialError> {
        Authorization.parse(value).flatMap { BearerToken.parse($0) }
    }

    @Test func bearerNeedsAToken68() {
        #expect(bearer("Bearer abc.DEF-123_~+/==").success != nil)
        #expect(bearer("Bearer a b").failure?.kind == .invalidToken)
        #expect(bearer("Bearer").failure?.kind == .missing)
        #expect(bearer("Bearer a=b").failure?.kind == .invalidToken)
    }

    @Test func readsAWellFormedJWTAndItsClaims() {
        let payload = #"{"sub":"u1","iss":"https://issuer","aud":["api","web"],"exp":1900000000,"nbf":1700000000,"iat":1700000000,"scope":"read write","scp":["admin","read"]}"#
        let token = jwt(payload: payload)
        let parsed = JWT.parse(token).success
        #expect(parsed?.algorithm == "HS256")
        #expect(parsed?.claims.issuer == "https://issuer")
        #expect(parsed?.claims.subject == "u1")
        #expect(parsed?.claims.audience == ["api", "web"])
        #expect(parsed?.claims.expiresAt == 1_900_000_000)
        #expect(parsed?.claims.notBefore == 1_700_000_000)
        // With both `scope` and `scp`, only what both grant (a service may read either; `CredentialAuditTests`).
        #expect(parsed?.claims.scopes == ["read"])
        #expect(parsed?.signature == bytes("sig"))
        #expect(parsed?.isUnsecured == false)
    }

    @Test func singleAudienceStringBecomesAList() {
        #expect(JWT.parse(jwt(payload: #"{"aud":"api"}"#)).success?.claims.audience == ["api"])
    }

    @Test func jwtShapeErrors() {
        #expect(JWT.parse("a.b").failure?.kind == .jwtNotThreeParts)
        #expect(JWT.parse("a.b.c.d").failure?.kind == .jwtNotThreeParts)
        #expect(JWT.parse("!!." + base64url("{}") + ".x").failure?.kind == .jwtInvalidBase64URL)
        #expect(JWT.parse(base64url(#"{"alg":"HS256"}"#) + "." + base64("{\"a\":1}") + ".x").failure?.kind == .jwtInvalidBase64URL)
        #expect(JWT.parse(base64url("[1]") + "." + base64url("{}") + ".").failure?.kind == .jwtHeaderNotObject)
        #expect(JWT.parse(base64url(#"{"alg":"HS256"}"#) + "." + base64url("\"x\"") + ".").failure?.kind == .jwtPayloadNotObject)
        #expect(JWT.parse(base64url(#"{"typ":"JWT"}"#) + "." + base64url("{}") + ".").failure?.kind == .jwtMissingAlgorithm)
    }

    @Test func claimsOfTheWrongTypeAreErrors() {
        #expect(JWT.parse(jwt(payload: #"{"exp":"tomorrow"}"#)).failure == CredentialError(.jwtInvalidClaim, field: "exp"))
        #expect(JWT.parse(jwt(payload: #"{"aud":[1]}"#)).failure == CredentialError(.jwtInvalidClaim, field: "aud"))
        #expect(JWT.parse(jwt(payload: #"{"scope":[1]}"#)).failure == CredentialError(.jwtInvalidClaim, field: "scope"))
        #expect(JWT.parse(jwt(payload: #"{"scope":["a"]}"#)).success?.claims.scopes == ["a"], "an array of strings is read as the libraries read it")
        #expect(JWT.parse(jwt(payload: #"{"iss":5}"#)).failure == CredentialError(.jwtInvalidClaim, field: "iss"))
    }

    @Test func unsecuredJWTIsFlagged() {
        let token = base64url(#"{"alg":"none"}"#) + "." + base64url(#"{"sub":"x"}"#) + "."
        #expect(JWT.parse(token).success?.isUnsecured == true)
    }

    @Test func bearerTokenAsJWT() {
        let token = jwt(payload: #"{"sub":"x"}"#)
        #expect(bearer("Bearer " + token).success?.jwt.success?.claims.subject == "x")
    }

    @Test func messagesNeverContainTheToken() {
        let token = jwt(payload: #"{"exp":"secret-value"}"#)
        let error = JWT.parse(token).failure
        #expect(error?.message.contains("secret-value") == false)
        #expect(error?.violation(scheme: "bearerAuth").message.contains(token) == false)
        #expect(error?.violation(scheme: "bearerAuth").kind == .unauthenticated)
    }
}

struct DigestCredentialsTests {
    static let valid = #"Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#

    func digest(_ value: String, target: String? = nil) -> Result<DigestCredentials, CredentialError> {
        Authorization.parse(value).flatMap { DigestCredentials.parse($0, requestTarget: target) }
    }

    @Test func readsTheRFC7616Example() {
        let credentials = digest(Self.valid, target: "/dir/index.html").success
        #expect(credentials?.username == "Mufasa")
        #expect(credentials?.realm == "http-auth@example.org")
        #expect(credentials?.algorithm == "SHA-256")
        #expect(credentials?.qop == "auth")
        #expect(credentials?.nonceCount == "00000001")
    }

    @Test func uriMustMatchTheRequestTarget() {
        #expect(digest(Self.valid, target: "/other").failure?.kind == .digestURIMismatch)
    }

    @Test(arguments: ["username", "realm", "nonce", "uri", "response"])
    func requiredFields(field: String) {
        let params = Self.valid.dropFirst("Digest ".count).components(separatedBy: ", ").filter { !$0.hasPrefix(field + "=") }
        #expect(digest("Digest " + params.joined(separator: ", ")).failure == CredentialError(.digestMissingField, field: field))
    }

    @Test func qopRequiresCnonceAndNonceCount() {
        let noCnonce = Self.valid.replacingOccurrences(of: #"cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "#, with: "")
        #expect(digest(noCnonce).failure == CredentialError(.digestMissingField, field: "cnonce"))
        let badCount = Self.valid.replacingOccurrences(of: "nc=00000001", with: "nc=1")
        #expect(digest(badCount).failure == CredentialError(.digestInvalidField, field: "nc"))
    }

    @Test func responseLengthFollowsTheAlgorithm() {
        let md5 = Self.valid.replacingOccurrences(of: "algorithm=SHA-256", with: "algorithm=MD5")
        #expect(digest(md5).failure == CredentialError(.digestInvalidField, field: "response"))
        let unknown = Self.valid.replacingOccurrences(of: "algorithm=SHA-256", with: "algorithm=SHA-1")
        #expect(digest(unknown).failure == CredentialError(.digestInvalidField, field: "algorithm"))
    }

    @Test func duplicateAndMalformedParameters() {
        #expect(digest(Self.valid + #", realm="x""#).failure == CredentialError(.digestDuplicateField, field: "realm"))
        #expect(digest("Digest username").failure?.kind == .malformedAuthorization)
        #expect(digest(#"Digest username="a" realm="b""#).failure?.kind == .malformedAuthorization)
    }
}

struct APIKeyTests {
    let request = HTTPRequest(
        method: "GET", target: "/pets?api_key=q1&dup=1&dup=2",
        headers: [("X-API-Key", "h1"), ("Cookie", "session=c1; other=2")]
    )

    @Test func extractsFromHeaderQueryAndCookie() {
        #expect(APIKey.extract(named: "x-api-key", in: .header, from: request).success?.value == "h1")
        #expect(APIKey.extract(named: "api_key", in: .query, from: request).success?.value == "q1")
        #expect(APIKey.extract(named: "session", in: .cookie, from: request).success?.value == "c1")
    }

    @Test func queryAndCookieNamesAreCaseSensitive() {
        #expect(APIKey.extract(named: "API_KEY", in: .query, from: request).failure?.kind == .missing)
        // A cookie that differs only in case is not the key, and not nothing either: ASP.NET Core reads cookie names
        // without case, so it is refused as a second copy (found by an audit).
        #expect(APIKey.extract(named: "Session", in: .cookie, from: request).failure?.kind == .repeatedAPIKey)
        #expect(APIKey.extract(named: "Missing", in: .cookie, from: request).failure?.kind == .missing)
    }

    @Test func repeatedKeyIsRejected() {
        #expect(APIKey.extract(named: "dup", in: .query, from: request).failure?.kind == .repeatedAPIKey)
    }
}

struct CookiesTests {
    @Test func readsPairsInOrderAcrossLines() {
        let cookies = Cookies(headerValues: ["a=1; b=\"two\"", "a=3;;bare"])
        #expect(cookies.pairs.map { "\($0.name)=\($0.value)" } == ["a=1", "b=two", "a=3"])
        #expect(cookies.malformedCount == 1)
        #expect(cookies.values("a") == ["1", "3"])
    }
}
