import OpenAPIModel
import Crypto
import Documents
import Foundation
import Testing
@testable import Sidecar
import Validation

@Suite(.serialized, .timeLimit(.minutes(1)))
struct OperationsTests {
    static let item: @Sendable (NIOHTTP1Head, [UInt8]) -> RecordingUpstream.Answer = { _, _ in
        RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#)
    }

    func adminGet(_ harness: Harness, _ path: String) throws -> HTTPResponse {
        let port = try #require(harness.runtime.adminPort)
        let result = RawClient.exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: admin\r\n\r\n", expectedResponses: 1)
        return try #require(result.responses.first)
    }

    @Test func adminListenerServesHealthReadinessMetricsAndCoverage() async throws {
        let harness = try await Harness.start(configure: { $0.adminListen = HostPort(host: "127.0.0.1", port: 0) }, respond: Self.item)
        _ = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /items/0 HTTP/1.1\r\nHost: h\r\n\r\nGET /admin/42/keys HTTP/1.1\r\nHost: h\r\n\r\nGET /admin/43/keys HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 4)
        let health = try adminGet(harness, "/healthz")
        let ready = try adminGet(harness, "/readyz")
        let metrics = try adminGet(harness, "/metrics")
        let coverage = try adminGet(harness, "/coverage")
        await harness.stop()
        #expect(health.status == 200)
        #expect(ready.status == 200)
        #expect(String(decoding: ready.body, as: UTF8.self).contains(#""specGeneration":1"#))
        let metricsText = String(decoding: metrics.body, as: UTF8.self)
        #expect(metricsText.contains(#"specguard_requests_total{operation="GET /items/{id}",outcome="forwarded"} 1"#))
        #expect(metricsText.contains(#"specguard_requests_total{operation="GET /items/{id}",outcome="rejected"} 1"#))
        #expect(metricsText.contains(#"specguard_violations_total{rule="minimum",direction="request"} 1"#))
        #expect(metricsText.contains("specguard_validation_duration_seconds_bucket"))
        #expect(metricsText.contains("specguard_upstream_duration_seconds_count 1"))
        let report = try JSONReader.read(coverage.body).value
        let operations = try #require(report["operations"]?.arrayValue)
        let getItem = try #require(operations.first { $0["operationId"]?.stringValue == "getItem" })
        #expect(getItem["requests"]?.intValue == 2)
        let statuses = getItem["statuses"]?.arrayValue ?? []
        #expect(statuses.contains { $0["status"]?.stringValue == "200" && $0["seen"]?.intValue == 1 })
        #expect(statuses.contains { $0["status"]?.stringValue == "400" && $0["declared"]?.boolValue == false })
        let undeclared = try #require(report["undeclared"]?.arrayValue)
        #expect(undeclared.first?["shape"]?.stringValue == "GET /admin/{}/keys")
        #expect(undeclared.first?["requests"]?.intValue == 2)
    }

    @Test func rejectedRequestLogsOneJSONLineWithoutSecrets() async throws {
        let harness = try await Harness.start(respond: Self.item)
        _ = RawClient.exchange(port: harness.port, "GET /items/0?token=hunter2 HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer hunter2\r\nCookie: session=hunter2\r\n\r\n", expectedResponses: 1)
        let logs = harness.logs.all
        await harness.stop()
        let lines = logs.filter { $0.contains("request-rejected") }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(!line.contains("hunter2"))
        let parsed = try JSONReader.read(Array(line.utf8)).value
        #expect(parsed["status"]?.intValue == 400)
        #expect(parsed["path"]?.stringValue == "/items/0")
        #expect(parsed["violations"]?.arrayValue?.first?["keyword"]?.stringValue == "minimum")
    }

    @Test func perOperationRateLimitAnswers429WithHeaders() async throws {
        let harness = try await Harness.start(respond: { _, _ in RecordingUpstream.Answer(headers: [], body: "") })
        let requests = String(repeating: "GET /limited HTTP/1.1\r\nHost: h\r\n\r\n", count: 3)
        let result = RawClient.exchange(port: harness.port, requests, expectedResponses: 3)
        await harness.stop()
        let responses = result.responses
        #expect(responses.map { $0.status } == [200, 200, 429])
        let limited = try #require(responses.last)
        #expect(limited.headers.first("RateLimit-Limit") == "2")
        #expect(limited.headers.first("RateLimit-Remaining") == "0")
        #expect(Int(limited.headers.first("Retry-After") ?? "") ?? 0 >= 1)
        #expect(Int(limited.headers.first("RateLimit-Reset") ?? "") ?? 0 >= 1)
        #expect(String(decoding: limited.body, as: UTF8.self).contains("too-many-requests"))
        #expect(harness.upstream?.requestCount == 2)
    }

    @Test func configuredRateLimitKeysByAPIKey() async throws {
        let harness = try await Harness.start(configure: { $0.rateLimit = RateLimitSettings(requestsPerSecond: 0.01, burst: 1, key: .client) }, respond: Self.item)
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 2)
        await harness.stop()
        #expect(result.responses.map { $0.status } == [200, 429])
    }

    @Test func tokenBucketRefills() {
        let limiter = RateLimiter()
        let settings = RateLimitSettings(requestsPerSecond: 1, burst: 1)
        #expect(limiter.take(key: "a", settings: settings, now: 100).allowed)
        #expect(!limiter.take(key: "a", settings: settings, now: 100.5).allowed)
        #expect(limiter.take(key: "b", settings: settings, now: 100.5).allowed)
        #expect(limiter.take(key: "a", settings: settings, now: 101.1).allowed)
    }

    @Test func gracefulShutdownLetsTheInFlightExchangeFinish() async throws {
        let harness = try await Harness.start(respond: { _, _ in RecordingUpstream.Answer(body: #"{"id":1,"name":"slow"}"#, delayMilliseconds: 1500) })
        let port = harness.port
        // The blocking client runs on a Dispatch thread, not the cooperative pool: on two cores a blocked
        // pool thread kept `shutdown()` from running until the answer had already gone out.
        let pending = Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(returning: RawClient.exchange(port: port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1))
                }
            }
        }
        // Shut down only once the exchange is in flight (the upstream holds its answer for 1.5 s, time enough for shutdown to reach the drain on a loaded machine):
        // a fixed sleep raced the client on a loaded machine.
        let deadline = ContinuousClock.now + .seconds(10)
        while harness.upstream?.requestCount ?? 0 < 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(harness.upstream?.requestCount == 1)
        await harness.runtime.shutdown()
        let result = await pending.value
        await harness.stop()
        #expect(result.responses.first?.status == 200)
        #expect(result.responses.first?.headers.first("Connection") == "close")
        let after = RawClient.exchange(port: port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", timeoutMilliseconds: 300)
        #expect(after.responses.isEmpty)
    }
}

@Suite struct RateLimitKeyTests {
    @Test func apiKeyBucketsAreKeyedByTheKeyDigestNotTheKey() {
        let request = HTTPRequest(method: "GET", target: "/x", headers: [("X-API-Key", "secret-1")])
        let key = RateLimiter.key(for: request, kind: .apiKey, clientAddress: "10.0.0.1", apiKey: ("X-API-Key", .header))
        #expect(key.hasPrefix("k:"))
        #expect(!key.contains("secret-1"))
        let other = RateLimiter.key(for: HTTPRequest(method: "GET", target: "/x", headers: [("X-API-Key", "secret-2")]),
                                    kind: .apiKey, clientAddress: "10.0.0.1", apiKey: ("X-API-Key", .header))
        #expect(key != other)
    }

    /// An HS256 JWT for `subject`, signed with `secret`.
    static func token(subject: String, secret: String) -> String {
        func base64url(_ bytes: [UInt8]) -> String {
            Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let header = base64url(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = base64url(Array(#"{"sub":"\#(subject)","exp":4102444800}"#.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Array("\(header).\(payload)".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return "\(header).\(payload).\(base64url(Array(signature)))"
    }

    @Test func aTokenSubjectKeysTheBucketOnlyWhenTheTokenVerifies() throws {
        let secret = "rate-limit-test-secret-0123456789"
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            components:
              securitySchemes:
                bearer: {type: http, scheme: bearer}
            security: [{bearer: []}]
            paths:
              /x:
                get:
                  responses: {"200": {description: ok}}
            """
        let document = try #require(OpenAPIDocument.load(text: spec, file: "t.yaml").document)
        func validator(_ verifier: JWTVerifier?) -> ExchangeValidator {
            var options = ValidationOptions()
            options.verifiers = SecurityVerifiers(tokens: verifier)
            return ExchangeValidator(document: document, options: options)
        }
        let verifying = validator(JWTVerifier(keys: .hmac(secret: Array(secret.utf8))))
        func key(_ token: String, _ validator: ExchangeValidator) -> String {
            let request = HTTPRequest(method: "GET", target: "/x", headers: [("Authorization", "Bearer " + token)])
            let verdict = validator.validate(request: request)
            return RateLimiter.key(for: request, kind: .subject, clientAddress: "10.0.0.1", apiKey: nil,
                                   verifiedSubject: verdict.verifiedTokenSubject)
        }
        #expect(key(Self.token(subject: "alice", secret: secret), verifying) == "s:alice")
        // Forged (another key) or unverifiable (no verifier configured): the client address, not the claimed subject.
        #expect(key(Self.token(subject: "mallory-1", secret: "another-secret-entirely-000000"), verifying) == "c:10.0.0.1")
        #expect(key(Self.token(subject: "alice", secret: secret), validator(nil)) == "c:10.0.0.1")
    }

    @Test func missingCredentialsFallBackToTheClientAddress() {
        let request = HTTPRequest(method: "GET", target: "/x")
        #expect(RateLimiter.key(for: request, kind: .subject, clientAddress: "10.0.0.1", apiKey: nil) == "c:10.0.0.1")
        #expect(RateLimiter.key(for: request, kind: .apiKey, clientAddress: "10.0.0.1", apiKey: ("k", .query)) == "c:10.0.0.1")
    }

    @Test func coverageCountsByOperationAndStatusAcrossReloads() throws {
        let first = """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /a:
                get:
                  operationId: getA
                  responses: {"200": {description: ok}, "404": {description: missing}}
              /b:
                post:
                  operationId: postB
                  responses: {"201": {description: made}}
            """
        // The reload drops /b, adds /c before /a: /a moves to another operation index and keeps its counts.
        let second = """
            openapi: 3.1.0
            info: {title: t, version: "2"}
            paths:
              /c:
                get:
                  responses: {"200": {description: ok}}
              /a:
                get:
                  operationId: getA
                  responses: {"200": {description: ok}, "404": {description: missing}}
            """
        let recorder = CoverageRecorder()
        let before = try #require(OpenAPIDocument.load(text: first, file: "one.yaml").document)
        let after = try #require(OpenAPIDocument.load(text: second, file: "two.yaml").document)
        func slot(_ document: OpenAPIDocument, _ path: String) throws -> Int {
            let operation = try #require(document.router.operations.first { $0.path == path })
            return CoverageSlots.slot(for: CoverageRecorder.key(method: operation.method.name, template: operation.path))
        }
        for status in [200, 200, 404, 500] { recorder.record(slot: try slot(before, "/a"), status: status) }
        recorder.record(slot: try slot(before, "/b"), status: 201)
        recorder.record(slot: try slot(after, "/a"), status: 200)
        recorder.record(method: "GET", template: "/c", status: 200)
        recorder.record(slot: -1, status: 200)  // no slot: ignored
        let report = recorder.report(for: after)
        let operations = try #require(report["operations"]?.arrayValue)
        #expect(operations.count == 2)
        let a = try #require(operations.first { $0["path"]?.stringValue == "/a" })
        #expect(a["requests"]?.intValue == 5)
        let statuses = a["statuses"]?.arrayValue ?? []
        #expect(statuses.contains { $0["status"]?.stringValue == "200" && $0["seen"]?.intValue == 3 })
        #expect(statuses.contains { $0["status"]?.stringValue == "404" && $0["seen"]?.intValue == 1 })
        #expect(statuses.contains { $0["status"]?.stringValue == "500" && $0["declared"]?.boolValue == false && $0["seen"]?.intValue == 1 })
        let c = try #require(operations.first { $0["path"]?.stringValue == "/c" })
        #expect(c["requests"]?.intValue == 1)
        // The dropped operation is not in the new spec's report, and its counts stay with its key.
        let old = try #require(recorder.report(for: before)["operations"]?.arrayValue?.first { $0["path"]?.stringValue == "/b" })
        #expect(old["requests"]?.intValue == 1)
    }
}

