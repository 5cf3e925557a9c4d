import Foundation
import Testing

/// The `specguard proxy` and `specguard mock` executables under signals: SIGHUP reloads, SIGTERM drains and
/// exits 0 (swift-service-lifecycle). Skipped when the debug executable has not been built.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CommandLineTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let executable = packageRoot.appendingPathComponent(".build/debug/specguard").path
    static var executableBuilt: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// Starts the executable with stderr in a file; returns the process, the log path and the port it reports.
    func launch(_ arguments: [String], directory: TemporaryDirectory) throws -> (Process, String, Int?) {
        let logPath = directory.path + "/stderr-\(UUID().uuidString).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logPath])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var port: Int?
        for _ in 0..<100 where port == nil && process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
        }
        return (process, logPath, port)
    }

    func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }

    @Test(.enabled(if: executableBuilt)) func mockReloadsOnSIGHUPAndExitsCleanlyOnSIGTERM() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let spec = try directory.write("spec.yaml", itemsSpec)
        let (process, logPath, port) = try launch(["mock", "--spec", spec, "--listen", "127.0.0.1:0", "--watch-spec", "false"], directory: directory)
        defer { if process.isRunning { process.terminate() } }
        let listening = try #require(port)
        #expect(RawClient.exchange(port: listening, "GET /items/3 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1).responses.first?.status == 200)
        kill(process.processIdentifier, SIGHUP)
        var reloaded = false
        for _ in 0..<60 where !reloaded {
            Thread.sleep(forTimeInterval: 0.05)
            reloaded = ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").contains(#""event":"spec-reloaded""#)
        }
        #expect(reloaded)
        kill(process.processIdentifier, SIGTERM)
        #expect(waitForExit(process, seconds: 10))
        #expect(process.terminationStatus == 0)
    }

    /// Runs `arguments` (`SPEC` replaced by the path of a spec holding `specText`) and expects exit status 2 with
    /// `message` in standard error.
    func expectExit2(_ arguments: [String], specText: String, message: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let spec = try directory.write("spec.yaml", specText)
        let (process, logPath, _) = try launch(arguments.map { $0 == "SPEC" ? spec : $0 }, directory: directory)
        defer { if process.isRunning { process.terminate() } }
        #expect(waitForExit(process, seconds: 10))
        #expect(process.terminationStatus == 2)
        #expect(((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").contains(message))
    }

    @Test(.enabled(if: executableBuilt)) func proxyWithABrokenSpecExits2() throws {
        try expectExit2(["proxy", "--spec", "SPEC", "--upstream", "http://127.0.0.1:9", "--listen", "127.0.0.1:0"],
                        specText: "openapi: 3.1.0\npaths: [broken\n", message: "specguard proxy:")
    }
    /// A bad config file is a start-up failure like a bad flag: exit 2 (it was 1) with the key's line.
    @Test(.enabled(if: executableBuilt)) func aBadConfigFileExits2ForProxyAndMock() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try directory.write("specguard.yaml", "proxy:\n  bogus-key: 1\nmock:\n  mode: report\n")
        try expectExit2(["proxy", "--spec", "SPEC", "--upstream", "http://127.0.0.1:9", "--listen", "127.0.0.1:0", "--config", config],
                        specText: itemsSpec, message: "config proxy.bogus-key (line 2): unknown key")
        try expectExit2(["mock", "--spec", "SPEC", "--listen", "127.0.0.1:0", "--config", config],
                        specText: itemsSpec, message: "config mock.mode (line 4): unknown key")
        try expectExit2(["mock", "--spec", "SPEC", "--listen", "127.0.0.1:0", "--config", directory.path + "/missing.yaml"],
                        specText: itemsSpec, message: "cannot read config file")
    }

    @Test(.enabled(if: executableBuilt)) func mockMaxConnectionsFlagClosesConnectionsOverTheCap() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let spec = try directory.write("spec.yaml", itemsSpec)
        let (process, _, port) = try launch(["mock", "--spec", spec, "--listen", "127.0.0.1:0", "--watch-spec", "false",
                                             "--max-connections", "1"], directory: directory)
        defer { if process.isRunning { process.terminate() } }
        let listening = try #require(port)
        let held = try #require(RawConnection(port: listening))
        defer { held.shutdown() }
        held.send("GET /items/3 HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(held.receive(milliseconds: 3_000, responses: 1).responses.first?.status == 200)
        let refused = RawClient.exchange(port: listening, "GET /items/3 HTTP/1.1\r\nHost: h\r\n\r\n", timeoutMilliseconds: 2_000)
        #expect(refused.closedByServer)
        #expect(refused.responses.isEmpty)
    }

    @Test(.enabled(if: executableBuilt)) func aRequestIDHeaderThatTheProxySetsIsAUsageError() throws {
        try expectExit2(["proxy", "--spec", "SPEC", "--upstream", "http://127.0.0.1:9", "--listen", "127.0.0.1:0", "--request-id-header", "Content-Length"],
                        specText: itemsSpec, message: "--request-id-header Content-Length")
    }

    /// The flags reach the server: the mock answers a bad request's problem under the named field, with the client's ID.
    @Test(.enabled(if: executableBuilt)) func requestIDHeaderFlagNamesTheFieldOfTheProblemDocument() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let spec = try directory.write("spec.yaml", itemsSpec)
        let (process, _, port) = try launch(["mock", "--spec", spec, "--listen", "127.0.0.1:0", "--watch-spec", "false",
                                             "--request-id-header", "X-Trace-Id"], directory: directory)
        defer { if process.isRunning { process.terminate() } }
        let listening = try #require(port)
        let body = #"{"name":""}"#
        let result = RawClient.exchange(port: listening, "POST /items HTTP/1.1\r\nHost: h\r\nX-Trace-Id: t-1\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)", expectedResponses: 1)
        let response = try #require(result.responses.first)
        #expect(response.status == 400)
        #expect(response.headers.first("X-Trace-Id") == "t-1")
        #expect(String(decoding: response.body, as: UTF8.self).contains(#""requestId":"t-1""#))
    }

    @Test(.enabled(if: executableBuilt)) func negativeMaxConnectionsIsAUsageError() throws {
        try expectExit2(["mock", "--spec", "SPEC", "--listen", "127.0.0.1:0", "--max-connections", "-1"],
                        specText: itemsSpec, message: "--max-connections")
    }
}
