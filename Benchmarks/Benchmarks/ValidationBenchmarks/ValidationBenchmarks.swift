// Validation benchmarks: one fully validated request (petstore `POST /pets` with a 1 KB JSON body:
// routing, security, parameters, body parse, schema, sanitization) against parsing the same body
// with Foundation's JSONSerialization, in wall clock and mallocs. Run from Benchmarks/.
import Benchmark
import Documents
import Foundation
import OpenAPIModel
import Validation

/// ../specs/petstore.yaml from Benchmarks/ (or $SPECGUARD_ROOT/specs).
func petstorePath() -> String {
    let root = ProcessInfo.processInfo.environment["SPECGUARD_ROOT"] ?? FileManager.default.currentDirectoryPath + "/.."
    return root + "/specs/petstore.yaml"
}

/// The spec's own example, its notes padded so the body is 1,024 bytes.
func petBody() -> [UInt8] {
    var text = #"{"name":"Rex","species":"dog","birthDate":"2019-04-01","microchip":"985112004567891","tags":["friendly","trained","vaccinated"],"owner":{"name":"Ada Lovelace","email":"ada@example.com","phone":"+44 20 7946 0958","address":{"street":"12 St James's Square","city":"London","postalCode":"SW1Y 4JH","country":"GB"}},"medical":{"weightKg":31.5,"neutered":true,"allergies":["chicken"],"vaccinations":[{"name":"rabies","date":"2023-03-14","vet":{"name":"Dr. Grace Hopper","clinic":"Harbour Vets"}},{"name":"distemper","date":"2023-06-02","vet":{"name":"Dr. Alan Turing","clinic":"Bletchley Animal Care"}},{"name":"leptospirosis","date":"2024-01-20","vet":{"name":"Dr. Grace Hopper","clinic":"Harbour Vets"}}]},"preferences":{"food":"dry","walksPerDay":3,"toys":["ball","rope"]},"notes":"Rex is shy with other dogs at first but warms up quickly."#
    let closing = "\"}"
    while text.utf8.count + closing.utf8.count < 1024 { text += " " + "ok" }
    text = String(text.prefix(1024 - closing.utf8.count))
    return Array((text + closing).utf8)
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        scalingFactor: .kilo,
        maxDuration: .seconds(5)
    )
    guard let document = OpenAPIDocument.load(path: petstorePath()).document else {
        print("skipping validation benchmarks: cannot load \(petstorePath())")
        return
    }
    let validator = ExchangeValidator(document: document)
    let body = petBody()
    var headers = HTTPHeaders()
    headers.append(name: "Host", value: "petstore.example.com")
    headers.append(name: "Content-Type", value: "application/json")
    headers.append(name: "Content-Length", value: String(body.count))
    headers.append(name: "X-API-Key", value: "k-12345")
    let request = HTTPRequest(method: "POST", target: "/v1/pets", headers: headers, body: body)
    let check = validator.validate(request: request)
    if !check.isValid { print("warning: benchmark request is not valid: \(check.violations)") }

    Benchmark("validate POST /pets 1 KB JSON (full request)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(validator.validate(request: request))
        }
    }

    // The proxy's wire readers: a typical request head, and the same body sent chunked in four pieces.
    let head = Array("POST /v1/pets HTTP/1.1\r\nHost: petstore.example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nContent-Type: application/json\r\nContent-Length: 1024\r\nX-API-Key: k-12345\r\n\r\n".utf8)
    let strict = HTTPMessageParser(options: .strict)
    Benchmark("read a request head (6 fields) with readHead", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(strict.readHead(head))
        }
    }
    var chunked: [UInt8] = []
    for part in stride(from: 0, to: body.count, by: 256) {
        let piece = body[part..<min(body.count, part + 256)]
        chunked += Array(String(piece.count, radix: 16).utf8) + [13, 10] + piece + [13, 10]
    }
    chunked += Array("0\r\n\r\n".utf8)
    Benchmark("decode the 1 KB body sent chunked (4 chunks) with HTTPChunkedDecoder", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = HTTPChunkedDecoder(maximumBodyBytes: 1 << 20)
            var events: [HTTPChunkedDecoder.Event] = []
            chunked.withUnsafeBytes { bytes in
                do throws(HTTPFramingError) { try decoder.feed(bytes, events: &events) } catch { blackHole(error) }
            }
            blackHole(events)
        }
    }

    let data = Data(body)
    Benchmark("parse the same 1 KB body: Foundation JSONSerialization", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? JSONSerialization.jsonObject(with: data))
        }
    }

    Benchmark("parse the same 1 KB body: specguard JSONReader", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? JSONReader.read(body))
        }
    }

    // What a refusal costs besides I/O (scripts/bench-refusal has it in the proxy): the invalid pet of `make run`'s
    // second curl line (three violations) validated, and its 400 problem document written.
    var invalidHeaders = HTTPHeaders()
    invalidHeaders.append(name: "Host", value: "petstore.example.com")
    invalidHeaders.append(name: "Content-Type", value: "application/json")
    invalidHeaders.append(name: "X-API-Key", value: "k-12345")
    let invalid = HTTPRequest(method: "POST", target: "/v1/pets", headers: invalidHeaders, body: Array(#"{"name":"","species":"unicorn"}"#.utf8))
    let refusal = validator.validate(request: invalid)
    if refusal.violations.count != 3 { print("warning: the refused request has \(refusal.violations.count) violations, not 3") }
    Benchmark("refuse POST /pets with 3 violations: validate and write the problem document", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let verdict = validator.validate(request: invalid)
            var problem = ProblemDocument(requestViolations: verdict.violations)
            problem.requestID = "0f8b69f0-0bff-47ed-957b-f5b459352325"
            blackHole(problem.body)
        }
    }
    var problem = ProblemDocument(requestViolations: refusal.violations)
    problem.requestID = "0f8b69f0-0bff-47ed-957b-f5b459352325"
    Benchmark("write the 3-violation problem document (743 bytes)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(problem.body)
        }
    }
}
