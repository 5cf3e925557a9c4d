import Foundation
import Testing
@testable import Sidecar

@Suite(.serialized, .timeLimit(.minutes(1)))
struct ReloadTests {
    func specWithExtra() -> String {
        let extra = "paths:\n  /extra:\n    get:\n      operationId: extra\n      responses:\n        \"200\": {description: ok}\n"
        return itemsSpec.replacingOccurrences(of: "paths:\n", with: extra)
    }

    @Test func reloadSwapsTheSpecAndRefusesABrokenOne() async throws {
        let harness = try await Harness.start(respond: { _, _ in RecordingUpstream.Answer(headers: [], body: "") })
        let before = RawClient.exchange(port: harness.port, "GET /extra HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        _ = try harness.directory.write("spec.yaml", specWithExtra())
        let applied = harness.runtime.reload()
        let after = RawClient.exchange(port: harness.port, "GET /extra HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        _ = try harness.directory.write("spec.yaml", "openapi: 3.1.0\npaths: [not, a, mapping\n")
        let refused = harness.runtime.reload()
        let stillServing = RawClient.exchange(port: harness.port, "GET /extra HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        let generation = harness.runtime.services.spec.current.generation
        let logs = harness.logs.all
        await harness.stop()
        #expect(before.responses.first?.status == 404)
        #expect((try? applied.get()) == 2)
        #expect(after.responses.first?.status == 200)
        if case .success = refused { Issue.record("a broken spec must be refused") }
        #expect(stillServing.responses.first?.status == 200)
        #expect(generation == 2)
        #expect(logs.contains { $0.contains("spec-reload-refused") })
    }

    @Test func specFileChangeIsPickedUp() async throws {
        let harness = try await Harness.start(configure: { $0.watchSpec = true; $0.watchIntervalMilliseconds = 50 })
        try await Task.sleep(for: .milliseconds(120))
        _ = try harness.directory.write("spec.yaml", specWithExtra())
        var generation = 1
        for _ in 0..<60 where generation == 1 {
            try await Task.sleep(for: .milliseconds(50))
            generation = harness.runtime.services.spec.current.generation
        }
        await harness.stop()
        #expect(generation == 2)
    }
}

@Suite struct ConfigFileTests {
    @Test func readsTheProxySectionAndIgnoresOtherCommandsSections() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("specguard.yaml", """
            spec: api.yaml
            lint:
              rules: {anything: off}
            proxy:
              upstream: http://127.0.0.1:9000
              listen: 0.0.0.0:8081
              mode: report
              rate-limit: {requests-per-second: 5, burst: 10, key: api-key}
              request-timeout-ms: 1500
            """)
        var settings = SidecarSettings(specPath: "")
        let root = try ConfigFile.read(path: path).get()
        try ConfigFile.apply(root, section: "proxy", to: &settings).get()
        #expect(settings.specPath == "api.yaml")
        #expect(settings.upstream == UpstreamAddress(useTLS: false, host: "127.0.0.1", port: 9000))
        #expect(settings.listen == HostPort(host: "0.0.0.0", port: 8081))
        #expect(settings.mode == .report)
        #expect(settings.rateLimit == RateLimitSettings(requestsPerSecond: 5, burst: 10, key: .apiKey))
        #expect(settings.requestTimeoutMilliseconds == 1500)
    }

    @Test func slowClientAndDecompressionLimitsAreReadFromBothSections() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for section in ["proxy", "mock"] {
            let path = try directory.write("specguard.yaml", """
                \(section):
                  header-timeout-ms: 1500
                  body-idle-timeout-ms: 2500
                  min-body-bytes-per-second: 0
                  max-header-count: 50
                  max-decompression-ratio: 20
                """)
            var settings = SidecarSettings(specPath: "")
            try ConfigFile.apply(try ConfigFile.read(path: path).get(), section: section, to: &settings).get()
            #expect(settings.headerTimeoutMilliseconds == 1500)
            #expect(settings.bodyIdleTimeoutMilliseconds == 2500)
            #expect(settings.minimumBodyBytesPerSecond == 0)
            #expect(settings.maximumHeaderCount == 50)
            #expect(settings.maximumDecompressionRatio == 20)
        }
    }

    @Test func unknownKeyInTheSectionIsAnErrorWithItsLine() throws {
        var settings = SidecarSettings(specPath: "")
        let root = try #require(YAMLReaderRoot("proxy:\n  upstrem: http://x\n"))
        let result = ConfigFile.apply(root, section: "proxy", to: &settings)
        guard case .failure(let error) = result else { Issue.record("expected an error"); return }
        #expect(error.message.contains("upstrem"))
        #expect(error.message.contains("line 2"))
    }

    @Test func upstreamWithAPathIsRefused() {
        guard case .failure = UpstreamAddress.parse("http://h:1/api") else { Issue.record("expected failure"); return }
        #expect((try? UpstreamAddress.parse("https://api.example.com").get()) == UpstreamAddress(useTLS: true, host: "api.example.com", port: 443))
    }
}

import Documents
func YAMLReaderRoot(_ text: String) -> JSONValue? { YAMLReader.read(text).root }
