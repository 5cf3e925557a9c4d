// Routing cost against the number of paths: specs with 10, 100, 1,000 and
// 10,000 paths (half literal, half templated, three segments deep) built in
// memory; each benchmark routes the same mix of targets (a literal hit, a
// templated hit, a 404 and a 405). The router is a segment trie, so the
// figures should stay flat as the path count grows.
import Benchmark
import Documents
import OpenAPIModel

/// A 3.0 spec with `count` paths: `/r{i}/items` (GET) and `/r{i}/items/{id}` (GET, PUT).
func syntheticSpec(paths count: Int) -> String {
    var text = "openapi: 3.0.3\ninfo: {title: synthetic, version: '1'}\npaths:\n"
    for index in 0..<(count / 2) {
        text += "  /r\(index)/items:\n    get: {operationId: list\(index), responses: {'200': {description: ok}}}\n"
        text += "  /r\(index)/items/{id}:\n"
        text += "    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        text += "    get: {operationId: get\(index), responses: {'200': {description: ok}}}\n"
        text += "    put: {operationId: put\(index), responses: {'200': {description: ok}}}\n"
    }
    return text
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )
    for count in [10, 100, 1_000, 10_000] {
        guard let document = OpenAPIDocument.load(text: syntheticSpec(paths: count), file: "synthetic.yaml").document else {
            print("could not build the synthetic spec with \(count) paths")
            continue
        }
        let router = document.router
        let last = count / 2 - 1
        let targets: [(String, String)] = [
            ("GET", "/r\(last)/items"),
            ("PUT", "/r\(last / 2)/items/abc%2F123?verbose=true"),
            ("GET", "/r\(last)/missing"),
            ("DELETE", "/r\(last)/items/42"),
        ]
        Benchmark("route 4 targets among \(count) paths", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                for (method, target) in targets {
                    blackHole(router.route(method: method, target: target))
                }
            }
        }
    }
}
