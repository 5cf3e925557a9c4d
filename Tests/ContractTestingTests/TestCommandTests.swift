import CommandLineTestSupport
import ContractFixtures
import Dispatch
import Foundation
import Testing

/// `specguard test` end to end, through the debug binary the test build produces (skipped with a message
/// when it is not there), against the fixture service on 127.0.0.1: exit codes, reports, console output.
@Suite("specguard test (CLI)", .serialized, .timeLimit(.minutes(2)))
struct TestCommandTests {
    static let available = SpecguardCommand.available

    /// Runs the binary on a Dispatch thread (a blocking wait must not hold a cooperative-pool thread
    /// while the in-process fixture server answers it).
    func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try SpecguardCommand.run(arguments) })
            }
        }
    }

    /// `run`, keeping standard error.
    func runCapturingErrors(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try SpecguardCommand.runCapturingErrors(arguments) })
            }
        }
    }

    func withFixture<T>(faulty: Bool, _ body: (String, URL) async throws -> T) async throws -> T {
        let service = try FixtureService(faulty: faulty)
        let server = try await FixtureServer.start { service.respond($0) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("specguard-test-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let spec = directory.appendingPathComponent("fixture.yaml")
        try FixtureSpec.yaml.write(to: spec, atomically: true, encoding: .utf8)
        do {
            let result = try await body(server.baseURL, directory)
            await server.stop()
            try? FileManager.default.removeItem(at: directory)
            return result
        } catch {
            await server.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    @Test(.enabled(if: available)) func aServiceKeepingItsContractExitsZeroAndWritesReports() async throws {
        try await withFixture(faulty: false) { url, directory in
            let junit = directory.appendingPathComponent("junit.xml").path
            let report = directory.appendingPathComponent("report.json").path
            let result = try await run(["test", "--spec", directory.appendingPathComponent("fixture.yaml").path, "--base-url", url,
                                        "--max-cases", "6", "--seed", "3", "--auth", "bearer:token-1", "--auth", "apikey:X-API-Key=k-1",
                                        "--junit", junit, "--report", report])
            #expect(result.status == 0, "\(result.output)")
            let xml = try String(contentsOfFile: junit, encoding: .utf8)
            #expect(xml.contains("<testsuite") && xml.contains("<testcase"))
            #expect(!xml.contains("<failure"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
            #expect((json["casesSent"] as? Int ?? 0) > 50)
            #expect((json["failures"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(.enabled(if: available)) func plantedFaultsExitOneWithACurlToReproduce() async throws {
        try await withFixture(faulty: true) { url, directory in
            let result = try await run(["test", "--spec", directory.appendingPathComponent("fixture.yaml").path, "--base-url", url,
                                        "--max-cases", "6", "--seed", "3", "--operation-id", "deleteNote", "--operation-id", "createNote",
                                        "--operation-id", "getNote"])
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("use_after_free"))
            #expect(result.output.contains("curl "))
            // The failing request carries its correlation ID, in the printed request and its curl line.
            #expect(result.output.contains("X-Request-Id: "))
            #expect(result.output.contains("-H 'X-Request-Id: "))
        }
    }

    /// Nothing listens: every request fails at once (each waited out its timeout before: 60 s for this run).
    @Test(.enabled(if: available)) func aServiceThatIsDownIsReportedQuickly() async throws {
        let started = ContinuousClock.now
        let result = try await run(["test", "--spec", packageRoot + "/specs/petstore.yaml", "--base-url", "http://127.0.0.1:9/v1",
                                    "--timeout", "10000", "--max-cases", "5"])
        #expect(result.status == 2, "\(result.output)")
        #expect(ContinuousClock.now - started < .seconds(8))
    }

    @Test(.enabled(if: available)) func usageAndSpecErrorsExitTwo() async throws {
        #expect(try await run(["test", "--spec", packageRoot + "/specs/petstore.yaml", "--base-url", "http://127.0.0.1:9", "--checks", "no_such_check"]).status == 2)
        #expect(try await run(["test", "--spec", packageRoot + "/specs/no-such.yaml", "--base-url", "http://127.0.0.1:9"]).status == 2)
        #expect(try await run(["test", "--base-url", "http://127.0.0.1:9"]).status == 2)
        // Negative numbers were read as missing values, zero ran anyway; bad base URLs and TLS files, and header lines
        // holding a line break, are refused with their own message before anything is sent (found by an audit).
        let petstore = packageRoot + "/specs/petstore.yaml"
        for extra in [["--max-cases", "-5"], ["--max-cases", "0"], ["--workers", "0"], ["--timeout", "-1"], ["--seed", "-1"],
                      ["--base-url", "ftp://x"], ["--base-url", "ht!tp://::"], ["--client-cert", "/nonexistent.pem"],
                      ["--header", "X-A: b\r\nX-Injected: 1"], ["--request-id-header", "Bad Name"], ["--request-id-header", ""]] {
            let result = try await runCapturingErrors(["test", "--spec", petstore, "--base-url", "http://127.0.0.1:9"] + extra)
            #expect(result.status == 2, "\(extra)")
            #expect(!result.errors.contains("Missing value"), "\(extra): \(result.errors)")
            #expect(!result.errors.contains("is the service running"), "\(extra): \(result.errors)")
        }
        // A TLS file that is a FIFO was only checked to exist, and NIOSSL opening it blocked the run for good: it is read
        // as a regular file or refused, at once.
        let fifo = NSTemporaryDirectory() + "specguard-test-fifo-\(getpid()).pem"
        unlink(fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        for flag in ["--client-cert", "--tls-ca"] {
            let start = ContinuousClock.now
            let result = try await runCapturingErrors(["test", "--spec", petstore, "--base-url", "https://127.0.0.1:9", flag, fifo])
            #expect(result.status == 2, "\(flag): \(result.errors)")
            #expect(result.errors.contains("not a regular file"), "\(flag): \(result.errors)")
            #expect(ContinuousClock.now - start < .seconds(20), "\(flag)")
        }
        // max_response_time alone without a threshold would check nothing and pass.
        #expect(try await run(["test", "--spec", packageRoot + "/specs/petstore.yaml", "--base-url", "http://127.0.0.1:9", "--checks", "max_response_time"]).status == 2)
        // A schema that does not compile: refused before anything is sent (it ran and passed its cases before).
        let broken = NSTemporaryDirectory() + "specguard-test-broken-\(UUID().uuidString).yaml"
        try Data(SpecguardCommand.specWithAMissingSchema.utf8).write(to: URL(fileURLWithPath: broken))
        defer { try? FileManager.default.removeItem(atPath: broken) }
        #expect(try await run(["test", "--spec", broken, "--base-url", "http://127.0.0.1:9"]).status == 2)
    }
}
