import ContractTesting
import Crypto
import Foundation
import Logging
import OpenAPIModel
import Sidecar
import Testing
import Validation
import X509

/// Client certificates: `specguard test` presents one to `specguard mock` over mutual TLS, so operations
/// whose security needs `mutualTLS` get valid cases (without a certificate they get none).
@Suite("Mutual TLS", .serialized)
struct MutualTLSTests {
    /// A throwaway CA with a server certificate for localhost and a client certificate, as PEM files.
    struct Files {
        let directory: String
        var ca: String { directory + "/ca.pem" }
        var serverCertificate: String { directory + "/server.pem" }
        var serverKey: String { directory + "/server-key.pem" }
        var clientCertificate: String { directory + "/client.pem" }
        var clientKey: String { directory + "/client-key.pem" }

        static func make() throws -> Files {
            let files = Files(directory: NSTemporaryDirectory() + "specguard-contract-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: files.directory, withIntermediateDirectories: true)
            let now = Date()
            let caKey = P256.Signing.PrivateKey()
            let caName = try DistinguishedName { CommonName("contract test CA") }
            let ca = try Certificate(version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
                                     notValidBefore: now - 600, notValidAfter: now + 3600, issuer: caName, subject: caName,
                                     signatureAlgorithm: .ecdsaWithSHA256,
                                     extensions: try Certificate.Extensions {
                                         Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                                         Critical(KeyUsage(keyCertSign: true))
                                     }, issuerPrivateKey: .init(caKey))
            func leaf(_ name: String, _ usage: ExtendedKeyUsage.Usage, dns: [String]) throws -> (String, String) {
                let key = P256.Signing.PrivateKey()
                let certificate = try Certificate(version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
                                                  notValidBefore: now - 600, notValidAfter: now + 3600, issuer: caName,
                                                  subject: try DistinguishedName { CommonName(name) }, signatureAlgorithm: .ecdsaWithSHA256,
                                                  extensions: try Certificate.Extensions {
                                                      Critical(BasicConstraints.notCertificateAuthority)
                                                      Critical(KeyUsage(digitalSignature: true))
                                                      try ExtendedKeyUsage([usage])
                                                      SubjectAlternativeNames(dns.map { .dnsName($0) })
                                                  }, issuerPrivateKey: .init(caKey))
                return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
            }
            let server = try leaf("localhost", .serverAuth, dns: ["localhost"])
            let client = try leaf("contract-client", .clientAuth, dns: [])
            try ca.serializeAsPEM().pemString.write(toFile: files.ca, atomically: true, encoding: .utf8)
            try server.0.write(toFile: files.serverCertificate, atomically: true, encoding: .utf8)
            try server.1.write(toFile: files.serverKey, atomically: true, encoding: .utf8)
            try client.0.write(toFile: files.clientCertificate, atomically: true, encoding: .utf8)
            try client.1.write(toFile: files.clientKey, atomically: true, encoding: .utf8)
            return files
        }
    }

    @Test func clientCertificateMakesMutualTLSOperationsTestable() async throws {
        let files = try Files.make()
        defer { try? FileManager.default.removeItem(atPath: files.directory) }
        let specPath = packageRoot + "/specs/shop.yaml"
        var settings = SidecarSettings(specPath: specPath)
        settings.listen = HostPort(host: "127.0.0.1", port: 0)
        settings.watchSpec = false
        settings.threads = 1
        settings.drainSeconds = 1
        settings.tls = TLSSettings(certificatePath: files.serverCertificate, keyPath: files.serverKey, clientCAPath: files.ca)
        let runtime = try await SidecarRuntime.start(kind: .mock, settings: settings, logger: Logger(label: "mock", factory: { _ in SwiftLogNoOpLogHandler() }))
        let document = try loadShop()
        var configuration = RunConfiguration(baseURL: "https://localhost:\(runtime.port)/api/v1")
        configuration.operationIds = ["getAdminStats"]
        configuration.credentials.clientCertificateFile = files.clientCertificate
        configuration.credentials.clientKeyFile = files.clientKey
        let transport = try AsyncHTTPTransport(certificateFile: files.clientCertificate, keyFile: files.clientKey, trustRootsFile: files.ca)
        let report = await ContractRunner(document: document, validator: ContractRunner.makeValidator(for: document),
                                          configuration: configuration, transport: transport).run()
        await transport.shutdown()
        await runtime.shutdown()
        let summary = try #require(report.operations.first)
        #expect(summary.statusesSeen.contains(200), "\(summary.statusesSeen) \(summary.firstTransportError ?? "")")
        #expect(summary.statistics.kept[.example, default: 0] > 0)
        #expect(report.passed, "\(report.failures.map { "\($0.check.rawValue): \($0.message)" })")
    }
}
