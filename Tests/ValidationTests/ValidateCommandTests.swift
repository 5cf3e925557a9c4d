import CommandLineTestSupport
import Testing
import Foundation
import Documents
@testable import Validation

/// `specguard validate` end to end, through the debug binary the test build produces
/// (skipped with a message when it is not there).
@Suite("specguard validate (CLI)")
struct ValidateCommandTests {
    static let available = SpecguardCommand.available

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try SpecguardCommand.run(arguments)
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "specguard-validate-\(UUID().uuidString)-" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(.enabled(if: available)) func validRequestExitsZero() throws {
        let file = try write("GET /api/v1/products/7 HTTP/1.1\r\nHost: x\r\n\r\n", "ok.http")
        #expect(try run(["validate", "--spec", "specs/shop.yaml", "--request", file]).status == 0)
    }

    @Test(.enabled(if: available)) func violationsExitOneWithStatusInJSON() throws {
        let body = #"{"id":1,"name":"","priceCents":1}"#
        let file = try write("POST /api/v1/products HTTP/1.1\r\nHost: x\r\nX-API-Key: k\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)", "bad.http")
        let result = try run(["validate", "--spec", "specs/shop.yaml", "--request", file, "--format", "json"])
        #expect(result.status == 1)
        let value = json(result.output)
        #expect(value["status"]?.intValue == 400)
        #expect(value["errors"]?.arrayValue?.count == 2)
    }

    /// A schema that does not compile is a broken spec (exit 2, as the proxy refuses it), not a violation of each request.
    @Test(.enabled(if: available)) func aSchemaThatDoesNotCompileExitsTwo() throws {
        let spec = try write(SpecguardCommand.specWithAMissingSchema, "broken.yaml")
        let request = try write("POST /x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", "x.http")
        let result = try SpecguardCommand.runCapturingErrors(["validate", "--spec", spec, "--request", request])
        #expect(result.status == 2)
        #expect(result.errors.contains("ref-missing-target"), "\(result.errors)")
        #expect(result.errors.contains("schemas that do not compile"))
    }

    @Test(.enabled(if: available)) func responseFileIsCheckedToo() throws {
        let request = try write("GET /api/v1/products/7 HTTP/1.1\r\nHost: x\r\n\r\n", "req.http")
        let response = try write("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n", "res.http")
        let result = try run(["validate", "--spec", "specs/shop.yaml", "--request", request, "--response", response])
        #expect(result.status == 1)
        #expect(result.output.contains("status 500 is not declared"))
    }

    @Test(.enabled(if: available)) func harRunEndsWithAPerOperationSummary() throws {
        let har = #"{"log":{"entries":[{"request":{"method":"GET","url":"https://x/api/v1/health","headers":[]},"response":{"status":200,"headers":[{"name":"Content-Type","value":"text/plain"}],"content":{"text":"ok"}}},{"request":{"method":"GET","url":"https://x/api/v1/products?page=0","headers":[]}}]}}"#
        let result = try run(["validate", "--spec", "specs/shop.yaml", "--har", try write(har, "s.har")])
        #expect(result.status == 1)
        #expect(result.output.contains("GET /api/v1/products  1"))
        #expect(result.output.contains("2 exchanges checked, 1 with violations"))
    }

    @Test(.enabled(if: available)) func timingGivesTheValidationTimeInMillisecondsWithMicrosecondDigits() throws {
        let har = #"{"log":{"entries":[{"request":{"method":"GET","url":"https://x/api/v1/health","headers":[]}},{"request":{"method":"GET","url":"https://x/api/v1/products?page=0","headers":[]}}]}}"#
        let result = try SpecguardCommand.runCapturingErrors(["validate", "--spec", "specs/shop.yaml", "--har", try write(har, "t.har"), "--timing"])
        let line = result.errors.split(separator: "\n").first { $0.hasPrefix("validation ") }.map(String.init) ?? ""
        // "validation 0.123 ms for 2 exchanges": whole milliseconds hide the changes the benchmark looks for.
        #expect(line.wholeMatch(of: /validation \d+\.\d{3} ms for 2 exchanges/) != nil, "timing line: \(line)")
    }

    /// A HAR is held as a tree several times its size: files over `--max-input-mb` are refused before they are read.
    @Test(.enabled(if: available)) func inputsOverTheSizeLimitAreRefused() throws {
        let entry = #"{"request":{"method":"GET","url":"https://x/api/v1/health","headers":[]}}"#
        let har = #"{"log":{"entries":["# + Array(repeating: entry, count: 16_000).joined(separator: ",") + "]}}"
        #expect(har.utf8.count > 1 << 20)
        let path = try write(har, "big.har")
        let refused = try SpecguardCommand.runCapturingErrors(["validate", "--spec", "specs/shop.yaml", "--har", path, "--max-input-mb", "1"])
        #expect(refused.status == 2)
        #expect(refused.errors.contains("over the limit"), "\(refused.errors)")
        #expect(try run(["validate", "--spec", "specs/shop.yaml", "--har", path, "--max-input-mb", "2"]).status == 0)
        #expect(try run(["validate", "--spec", "specs/shop.yaml", "--har", path, "--max-input-mb", "0"]).status == 2)
    }

    /// A request the proxy refuses is not valid here: `--request` gets the proxy's own checks (a query alias, a method
    /// override header, an encoded slash) before the validator's; `--no-proxy-checks` leaves the validator's only.
    @Test(.enabled(if: available)) func aRequestGetsTheProxysOwnChecks() throws {
        let aliased = try write("GET /api/v1/products?q=shoes&Q=x HTTP/1.1\r\nHost: x\r\nX-HTTP-Method-Override: DELETE\r\n\r\n", "alias.http")
        let checked = try run(["validate", "--spec", "specs/shop.yaml", "--request", aliased, "--format", "json"])
        #expect(checked.status == 1)
        let keywords = json(checked.output)["errors"]?.arrayValue?.compactMap { $0["keyword"]?.stringValue } ?? []
        #expect(keywords == ["method-override", "query-case"], "\(checked.output)")
        #expect(try run(["validate", "--spec", "specs/shop.yaml", "--request", aliased, "--no-proxy-checks"]).status == 0)

        let slash = try write("GET /api/v1/products/7%2F..%2F8 HTTP/1.1\r\nHost: x\r\n\r\n", "slash.http")
        let refused = try run(["validate", "--spec", "specs/shop.yaml", "--request", slash])
        #expect(refused.status == 1)
        #expect(refused.output.contains("encoded-slash"), "\(refused.output)")
        #expect(!(try run(["validate", "--spec", "specs/shop.yaml", "--request", slash, "--allow-encoded-slashes"]).output.contains("encoded-slash")))
        let delimiter = try write("GET /api/v1/products/7%3F HTTP/1.1\r\nHost: x\r\n\r\n", "delimiter.http")
        #expect(try run(["validate", "--spec", "specs/shop.yaml", "--request", delimiter]).output.contains("encoded-delimiter"))
        #expect(!(try run(["validate", "--spec", "specs/shop.yaml", "--request", delimiter, "--allow-encoded-delimiters"]).output.contains("encoded-delimiter")))

        // HTTP/1.1 without Host is refused by the proxy, so here too.
        let hostless = try write("GET /api/v1/products/7 HTTP/1.1\r\n\r\n", "hostless.http")
        let missing = try run(["validate", "--spec", "specs/shop.yaml", "--request", hostless])
        #expect(missing.status == 1)
        #expect(missing.output.contains("host"), "\(missing.output)")
    }

    @Test(.enabled(if: available)) func usageAndUnreadableFilesExitTwo() throws {
        #expect(try run(["validate", "--spec", "specs/shop.yaml"]).status == 2)
        #expect(try run(["validate", "--spec", "nope.yaml", "--request", "nope.http"]).status == 2)
        #expect(try run(["validate", "--spec", "specs/shop.yaml", "--request", "nope.http"]).status == 2)
    }
}
