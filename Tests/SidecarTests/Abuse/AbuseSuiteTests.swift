import Foundation
import Logging
import NIOPosix
import Testing
@testable import Sidecar

/// The abuse suite: each attack runs against the live proxy while a probe client sends valid requests;
/// the probe's requests must all succeed within the latency bound, the process must not grow beyond the
/// memory bound, and every test ends within its time limit.
extension AbuseSuite {
@Suite(.timeLimit(.minutes(1)))
struct PayloadAttacks {
    static let billionLaughs: String = {
        var lines = ["openapi: 3.1.0", "info: {title: Bomb, version: \"1\"}", "x-l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            lines.append("x-l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("paths: {}")
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func aBillionLaughsSpecIsRefusedAtStartQuickly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("bomb.yaml", Self.billionLaughs)
        var settings = SidecarSettings(specPath: path)
        settings.listen = HostPort(host: "127.0.0.1", port: 0)
        let closedPort = try Harness.unusedPort()
        defer { withExtendedLifetime(closedPort) {} }
        settings.upstream = UpstreamAddress(useTLS: false, host: "127.0.0.1", port: closedPort.port)
        settings.watchSpec = false
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let started = DispatchTime.now().uptimeNanoseconds
        var refusal: SpecLoadError?
        do {
            let runtime = try await SidecarRuntime.start(kind: .proxy, settings: settings, logger: Logger(label: "test"), group: group)
            await runtime.shutdown()
        } catch let error as SpecLoadError {
            refusal = error
        }
        let took = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        try await group.shutdownGracefully()
        let error = try #require(refusal, "the bomb must be refused")
        #expect(error.diagnostics.contains { $0.code == "yaml-alias-expansion-limit" }, "\(error)")
        #expect(took < 2, "refused in \(took) s")
    }

    @Test(.enabled(if: CommandLineTests.executableBuilt))
    func specguardProxyRefusesABillionLaughsSpecWithExit2() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("bomb.yaml", Self.billionLaughs)
        let outcome = await OffPool.run { () -> (status: Int32?, stderr: String, seconds: Double) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
            process.arguments = ["proxy", "--spec", path, "--upstream", "http://127.0.0.1:9", "--listen", "127.0.0.1:0"]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            let started = DispatchTime.now().uptimeNanoseconds
            guard (try? process.run()) != nil else { return (nil, "", 0) }
            let deadline = started + 10_000_000_000
            while process.isRunning, DispatchTime.now().uptimeNanoseconds < deadline { Thread.sleep(forTimeInterval: 0.02) }
            let took = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            if process.isRunning { process.terminate(); return (nil, "", took) }
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return (process.terminationStatus, text, took)
        }
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("yaml-alias-expansion-limit"), "\(outcome.stderr.prefix(500))")
        #expect(outcome.seconds < 5, "exited after \(outcome.seconds) s")
    }

    @Test func aBillionLaughsReloadIsRefusedWhileTheOldSpecKeepsServing() async throws {
        try await underAttack { _, harness in
            _ = try harness.directory.write("spec.yaml", Self.billionLaughs)
            var outcome: Result<Int, SpecLoadError> = .success(0)
            let took = seconds { outcome = harness.runtime.reload(reason: "test") }
            guard case .failure(let error) = outcome else {
                Issue.record("the bomb was applied")
                return
            }
            #expect(error.diagnostics.contains { $0.code == "yaml-alias-expansion-limit" })
            #expect(took < 2, "refused in \(took) s")
            #expect(harness.runtime.services.spec.current.generation == 1)
        }
    }

    @Test func aJSONBodyNested100000DeepIsRefusedQuickly() async throws {
        try await underAttack { port, _ in
            let arrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            let objects = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
            for body in Array(repeating: [arrays, objects], count: 5).joined() {
                let (result, took) = await timedExchange(port: port, Wire.post(body))
                #expect(result.finalResponses.first?.status == 400, "\(result.text.prefix(300))")
                #expect(result.text.contains("max-json-depth"))
                #expect(took < 2, "answered in \(took) s")
            }
        }
    }

    @Test func aDeclaredBodyFarOverTheLimitIsRefusedUnread() async throws {
        try await underAttack(configure: { $0.maximumRequestBodyBytes = 1 << 20 }) { port, harness in
            let request = "POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n[[[["
            let (result, took) = await timedExchange(port: port, Array(request.utf8), awaitClose: true)
            #expect(result.finalResponses.first?.status == 413)
            #expect(result.closedByServer)
            #expect(took < 2)
            #expect(attackRequestsForwarded(harness) == 0)
        }
    }

    @Test func aStreamedBodyFarOverTheLimitIsCutOff() async throws {
        try await underAttack(configure: { $0.maximumRequestBodyBytes = 1 << 20 }) { port, harness in
            let outcome = await OffPool.run { () -> (sentMegabytes: Int, result: RawClient.Result) in
                guard let connection = RawConnection(port: port) else { return (0, RawClient.Result(bytes: [], closedByServer: false)) }
                defer { connection.shutdown() }
                connection.send("POST /items HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                let chunk = Array("100000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20) + Array("\r\n".utf8)
                var sent = 0
                while sent < 1_024, connection.send(chunk) { sent += 1 }
                return (sent, connection.receive(milliseconds: 2_000, responses: 1))
            }
            #expect(outcome.sentMegabytes < 1_024, "the proxy must stop reading long before 1 GiB")
            #expect(outcome.result.finalResponses.first?.status == 413 || outcome.result.closedByServer)
            #expect(attackRequestsForwarded(harness) == 0)
        }
    }

    @Test func aGzipBombIsRefusedAt413WithoutInflatingIt() async throws {
        // 1 GiB of spaces in about 1 MiB; inflating it whole would pass the peak bound more than twice.
        let bomb = gzipBomb(megabytes: 1_024)
        let dense = compress(Array(("[" + String(repeating: "0,", count: 200_000) + "0]").utf8))
        #expect(bomb.count < 2 << 20, "the bomb itself is under the body limit")
        try await underAttack(configure: { $0.maximumRequestBodyBytes = 2 << 20 }) { port, harness in
            let (result, took) = await timedExchange(port: port, Wire.post(bomb, headers: ["Content-Encoding: gzip"]))
            #expect(result.finalResponses.first?.status == 413, "\(result.text.prefix(300))")
            #expect(took < 2, "answered in \(took) s")
            // Under the body limit but inflating more than the ratio allows.
            let (ratio, _) = await timedExchange(port: port, Wire.post(dense, headers: ["Content-Encoding: gzip"]))
            #expect(ratio.finalResponses.first?.status == 413)
            #expect(ratio.text.contains("max-decompression-ratio"))
            #expect(attackRequestsForwarded(harness) == 0)
        }
    }
}
}
