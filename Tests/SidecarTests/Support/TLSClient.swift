import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import Validation

/// Sends raw HTTP bytes over TLS and collects the answer.
enum TLSClient {
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes = NIOLockedValueBox<[UInt8]>([])
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            bytes.withLockedValue { $0.append(contentsOf: buffer.readableBytesView) }
        }
    }

    static func exchange(port: Int, request: String, caPEM: String, clientCertificatePEM: String? = nil, clientKeyPEM: String? = nil,
                         group: EventLoopGroup) async throws -> HTTPResponse? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        if let clientCertificatePEM, let clientKeyPEM {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(clientCertificatePEM.utf8)).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(clientKeyPEM.utf8), format: .pem))
        }
        let context = try NIOSSLContext(configuration: configuration)
        let collector = Collector()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                do {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(collector)
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: request))
        for _ in 0..<60 {
            let bytes = collector.bytes.withLockedValue { $0 }
            if case .success(let message) = HTTPMessageParser().parse(bytes), let response = message.response {
                try? await channel.close()
                return response
            }
            if !channel.isActive { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try? await channel.close()
        return nil
    }
}
