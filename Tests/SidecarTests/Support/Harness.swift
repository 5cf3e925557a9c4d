import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
@testable import Sidecar

/// The spec most tests use.
let itemsSpec = """
openapi: 3.1.0
info: {title: Items, version: "1"}
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
              examples:
                first: {value: {id: 1, name: first}}
                second: {value: {id: 2, name: second}}
        "404":
          description: missing
          content:
            application/json:
              schema: {type: object, required: [message], properties: {message: {type: string}}}
  /items:
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              additionalProperties: false
              properties:
                name: {type: string, minLength: 1}
                size: {type: integer, default: 3}
      responses:
        "201":
          description: created
          headers:
            Location: {schema: {type: string}, example: /items/7}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
  /secure:
    get:
      operationId: secure
      security: [{clientCert: []}]
      responses:
        "200": {description: ok}
  /limited:
    get:
      operationId: limited
      x-rate-limit: {rate: 2, per: minute, burst: 2}
      responses:
        "200": {description: ok}
  /files/{name}:
    get:
      operationId: getFile
      parameters:
        - {name: name, in: path, required: true, schema: {type: string, pattern: "^[a-z]+$"}}
      responses:
        "200": {description: ok}
  /notes/{title}:
    get:
      operationId: getNote
      parameters:
        - {name: title, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: ok}
components:
  securitySchemes:
    clientCert: {type: mutualTLS}
  schemas:
    Item:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, minimum: 1}
        name: {type: string}
        tags: {type: array, items: {type: string, enum: [red, blue]}}
        created: {type: string, format: date-time}
"""

/// Temporary files removed at the end of a test.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "specguard-sidecar-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Collects JSON log lines.
final class LogLines: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var all: [String] { lines.withLockedValue { $0 } }
    func append(_ line: String) { lines.withLockedValue { $0.append(line) } }

    var logger: Logger {
        Logger(label: "test") { [self] label in JSONLogHandler(label: label, sink: { self.append($0) }) }
    }
}

/// A proxy (or mock) in front of a recording upstream, all on free ports; `stop()` ends everything.
struct Harness {
    let group: MultiThreadedEventLoopGroup
    let directory: TemporaryDirectory
    let upstream: RecordingUpstream?
    /// Held until the harness is dropped when the upstream is meant to be down.
    let closedPort: ClosedPort?
    let runtime: SidecarRuntime
    let logs: LogLines
    var port: Int { runtime.port }

    static func start(spec: String = itemsSpec, kind: SidecarKind = .proxy, upstreamUp: Bool = true, logger: Logger? = nil,
                      configure: (inout SidecarSettings) -> Void = { _ in },
                      respond: @escaping @Sendable (NIOHTTP1Head, [UInt8]) -> RecordingUpstream.Answer = { _, _ in RecordingUpstream.Answer() }) async throws -> Harness {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let directory = try TemporaryDirectory()
        let specPath = try directory.write("spec.yaml", spec)
        var upstream: RecordingUpstream?
        var closedPort: ClosedPort?
        var settings = SidecarSettings(specPath: specPath)
        settings.listen = HostPort(host: "127.0.0.1", port: 0)
        settings.watchSpec = false
        settings.requestTimeoutMilliseconds = 2_000
        settings.connectTimeoutMilliseconds = 1_000
        settings.drainSeconds = 2
        if kind == .proxy {
            if upstreamUp {
                let started = try await RecordingUpstream.start(group: group, respond: respond)
                upstream = started
                settings.upstream = UpstreamAddress(useTLS: false, host: "127.0.0.1", port: started.port)
            } else {
                let closed = try unusedPort()
                closedPort = closed
                settings.upstream = UpstreamAddress(useTLS: false, host: "127.0.0.1", port: closed.port)
            }
        }
        configure(&settings)
        let logs = LogLines()
        let runtime = try await SidecarRuntime.start(kind: kind, settings: settings, logger: logger ?? logs.logger, group: group)
        return Harness(group: group, directory: directory, upstream: upstream, closedPort: closedPort, runtime: runtime, logs: logs)
    }

    func stop() async {
        await runtime.shutdown()
        await upstream?.stop()
        try? await group.shutdownGracefully()
        directory.remove()
    }

    /// A port nothing listens on, reserved for as long as the returned value lives (see `ClosedPort`).
    static func unusedPort() throws -> ClosedPort { try ClosedPort() }
}

/// A port nothing listens on, held by a bound socket that never listens and does not set `SO_REUSEADDR`: a connect
/// to it is refused, and no other test can be given the same port by `bind(port: 0)` while this value lives.
/// (A port bound and released at once was handed out again to a parallel test's upstream, so a "down" upstream
/// answered 200 and the other test's upstream saw a stranger's request: a CI failure.)
final class ClosedPort: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

typealias NIOHTTP1Head = NIOHTTP1.HTTPRequestHead
