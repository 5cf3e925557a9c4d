import NIOSSL

/// TLS contexts built from PEM files.
enum TLSContexts {
    /// Server side; with a client CA, clients may present a certificate that must chain to it
    /// (optional verification: operations that require `mutualTLS` reject requests without one).
    static func server(_ settings: TLSSettings) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(settings.certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: settings.keyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        if let caPath = settings.clientCAPath {
            configuration.trustRoots = .file(caPath)
            configuration.certificateVerification = .optionalVerification
            configuration.sendCANameList = true
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// Client side, for an `https://` upstream.
    static func client(caPath: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caPath { configuration.trustRoots = .file(caPath) }
        return try NIOSSLContext(configuration: configuration)
    }
}
