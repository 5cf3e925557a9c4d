import Documents
import NIOSSL

/// TLS contexts built from PEM files. The files are read with `FileSystem.readBytes` (regular files only, 16 MiB at
/// most) and handed to NIOSSL as bytes: NIOSSL opening them itself blocked the start for good on a FIFO (found by an
/// audit).
enum TLSContexts {
    /// Most bytes a PEM file may have.
    static let maximumPEMBytes = 16 << 20

    /// Server side; with a client CA, clients may present a certificate that must chain to it
    /// (optional verification: operations that require `mutualTLS` reject requests without one).
    static func server(_ settings: TLSSettings) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMBytes(pem(settings.certificatePath)).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(bytes: pem(settings.keyPath), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        if let caPath = settings.clientCAPath {
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(pem(caPath)))
            configuration.certificateVerification = .optionalVerification
            configuration.sendCANameList = true
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// Client side, for an `https://` upstream.
    static func client(caPath: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caPath { configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(pem(caPath))) }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The bytes of a PEM file.
    static func pem(_ path: String) throws -> [UInt8] {
        try FileSystem.readBytes(path, maximumBytes: maximumPEMBytes)
    }
}
