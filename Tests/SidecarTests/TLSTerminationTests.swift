import Documents
import Foundation
import NIOPosix
import NIOSSL
import Testing
@testable import Sidecar

@Suite(.serialized, .timeLimit(.minutes(1)))
struct TLSTerminationTests {
    func start(clientCA: Bool) async throws -> (Harness, TestCertificates) {
        // The PEM files live in the harness's own directory, removed by `stop()`.
        let certificates = try TestCertificates.make()
        let harness = try await Harness.start(configure: { settings in
            let directory = (settings.specPath as NSString).deletingLastPathComponent
            let certificate = directory + "/server.pem", key = directory + "/server.key", ca = directory + "/ca.pem"
            try? certificates.serverCertificatePEM.write(toFile: certificate, atomically: true, encoding: .utf8)
            try? certificates.serverKeyPEM.write(toFile: key, atomically: true, encoding: .utf8)
            try? certificates.caPEM.write(toFile: ca, atomically: true, encoding: .utf8)
            settings.tls = TLSSettings(certificatePath: certificate, keyPath: key, clientCAPath: clientCA ? ca : nil)
        }) { head, _ in
            head.uri == "/secure" ? RecordingUpstream.Answer(headers: [], body: "") : RecordingUpstream.Answer(body: #"{"id":1,"name":"a"}"#)
        }
        return (harness, certificates)
    }

    @Test func terminatesTLSWithACertificateMadeAtTestTime() async throws {
        let (harness, certificates) = try await start(clientCA: false)
        let response = try await TLSClient.exchange(port: harness.port, request: "GET /items/1 HTTP/1.1\r\nHost: localhost\r\n\r\n",
                                                    caPEM: certificates.caPEM, group: harness.group)
        let forwarded = harness.upstream?.rawText ?? ""
        await harness.stop()
        #expect(response?.status == 200)
        #expect(forwarded.contains("X-Forwarded-Proto: https\r\n"))
    }

    @Test func mutualTLSOperationWithoutClientCertificateIs401() async throws {
        let (harness, certificates) = try await start(clientCA: true)
        let response = try await TLSClient.exchange(port: harness.port, request: "GET /secure HTTP/1.1\r\nHost: localhost\r\n\r\n",
                                                    caPEM: certificates.caPEM, group: harness.group)
        await harness.stop()
        #expect(response?.status == 401)
        #expect(harness.upstream?.requestCount == 0)
    }

    @Test func mutualTLSOperationWithVerifiedClientCertificatePasses() async throws {
        let (harness, certificates) = try await start(clientCA: true)
        let response = try await TLSClient.exchange(port: harness.port, request: "GET /secure HTTP/1.1\r\nHost: localhost\r\n\r\n",
                                                    caPEM: certificates.caPEM, clientCertificatePEM: certificates.clientCertificatePEM,
                                                    clientKeyPEM: certificates.clientKeyPEM, group: harness.group)
        await harness.stop()
        #expect(response?.status == 200)
        #expect(harness.upstream?.requestCount == 1)
    }
}

/// TLS files are read as regular files: NIOSSL opening a FIFO itself blocked the start for good (found by an audit).
@Suite struct TLSFileTests {
    @Test func aTLSFileThatIsNotARegularFileFailsAtOnce() throws {
        let certificates = try TestCertificates.make()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificate = try directory.write("cert.pem", certificates.serverCertificatePEM)
        let key = try directory.write("key.pem", certificates.serverKeyPEM)
        let fifo = directory.path + "/fifo.pem"
        #expect(mkfifo(fifo, 0o600) == 0)
        let start = ContinuousClock.now
        #expect(throws: FileSystem.ReadError.self) { try TLSContexts.server(TLSSettings(certificatePath: fifo, keyPath: key)) }
        #expect(throws: FileSystem.ReadError.self) { try TLSContexts.server(TLSSettings(certificatePath: certificate, keyPath: key, clientCAPath: fifo)) }
        #expect(throws: FileSystem.ReadError.self) { try TLSContexts.client(caPath: fifo) }
        #expect(ContinuousClock.now - start < .seconds(5))
        // The same files as regular files make a context.
        _ = try TLSContexts.server(TLSSettings(certificatePath: certificate, keyPath: key))
    }
}

@Suite(.serialized, .timeLimit(.minutes(1)))
struct UpstreamTLSTests {
    @Test func httpsUpstreamIsReachedOverVerifiedTLS() async throws {
        let certificates = try TestCertificates.make()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ca = try directory.write("ca.pem", certificates.caPEM)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let serverConfiguration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificates.serverCertificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem)))
        let upstream = try await RecordingUpstream.start(group: group, tls: try NIOSSLContext(configuration: serverConfiguration)) { _, _ in
            RecordingUpstream.Answer(body: #"{"id":1,"name":"over tls"}"#)
        }
        let harness = try await Harness.start(configure: { settings in
            settings.upstream = UpstreamAddress(useTLS: true, host: "localhost", port: upstream.port)
            settings.upstreamCAPath = ca
        })
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        await harness.stop()
        await upstream.stop()
        try? await group.shutdownGracefully()
        #expect(result.responses.first?.status == 200)
        #expect(upstream.requestCount == 1)
    }
}
