import AsyncHTTPClient
import Documents
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Validation

/// Sends one rendered request and returns the exchange (never throws: failures become `transportError`).
public protocol HTTPTransport: Sendable {
    func send(_ request: RenderedRequest, url: String, timeoutMilliseconds: Int) async -> Exchange
    func shutdown() async
}

/// The transport over AsyncHTTPClient (connection pooling, timeouts, client certificates).
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient

    /// Builds the client; `certificateFile`/`keyFile` (PEM) are presented for mutual TLS, and `trustRootsFile`
    /// (PEM) replaces the system trust store for `https` base URLs (a staging CA). The files are read with
    /// `FileSystem.readBytes` (regular files only, `maximumPEMBytes` at most) and handed to NIOSSL as bytes: NIOSSL
    /// opening a FIFO itself blocked the run for good.
    public init(certificateFile: String? = nil, keyFile: String? = nil, trustRootsFile: String? = nil) throws {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        // A refused or failed connection is a finding about the service, reported at once: retried, every request
        // to a service that is down waited out its whole timeout (60 s for a petstore run at the default 10 s).
        configuration.connectionPool.retryConnectionEstablishment = false
        if certificateFile != nil || trustRootsFile != nil {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let certificateFile {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Self.pem(certificateFile)).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Self.pem(keyFile ?? certificateFile), format: .pem))
            }
            if let trustRootsFile {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Self.pem(trustRootsFile)))
            }
            configuration.tlsConfiguration = tls
        }
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Most bytes a PEM file may have.
    public static let maximumPEMBytes = 16 << 20

    static func pem(_ path: String) throws -> [UInt8] {
        try FileSystem.readBytes(path, maximumBytes: maximumPEMBytes)
    }

    public func send(_ request: RenderedRequest, url: String, timeoutMilliseconds: Int) async -> Exchange {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000 }
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        do {
            let response = try await client.execute(outgoing, timeout: .milliseconds(Int64(timeoutMilliseconds)))
            var body = try await response.body.collect(upTo: 16 << 20)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            var headers = Validation.HTTPHeaders()
            for (name, value) in response.headers { headers.append(name: name, value: value) }
            let converted = Validation.HTTPResponse(status: Int(response.status.code), reason: response.status.reasonPhrase, headers: headers, body: bytes)
            return Exchange(request: request, url: url, response: converted, elapsedMilliseconds: elapsed())
        } catch {
            let timedOut = (error as? HTTPClientError).map { $0 == .deadlineExceeded || $0 == .readTimeout } ?? false
            return Exchange(request: request, url: url, response: nil, transportError: String(describing: error), timedOut: timedOut,
                            elapsedMilliseconds: elapsed())
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
