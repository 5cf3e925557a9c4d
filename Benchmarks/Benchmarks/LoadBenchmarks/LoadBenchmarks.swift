// Load benchmarks: our JSON reader against Foundation's JSONSerialization on
// the same bytes, and load + resolve + model of the large real specs.
// Specs come from ../shared/testdata/specs (beside the clone); a benchmark
// whose input is absent is skipped with a message.
import Benchmark
import Documents
import Foundation
import OpenAPIModel

/// Folder of the large real specs: $SPECGUARD_TESTDATA/specs, or ../../shared/testdata/specs from Benchmarks/.
func specsFolder() -> String {
    if let root = ProcessInfo.processInfo.environment["SPECGUARD_TESTDATA"] { return root + "/specs" }
    return FileManager.default.currentDirectoryPath + "/../../shared/testdata/specs"
}

func readSpec(_ name: String) -> [UInt8]? {
    guard let data = FileManager.default.contents(atPath: specsFolder() + "/" + name) else {
        print("skipping benchmarks on \(name): not found in \(specsFolder())")
        return nil
    }
    return [UInt8](data)
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(5),
        maxIterations: 30
    )

    if let discord = readSpec("discord-openapi.json") {
        Benchmark("JSON read discord 1.2 MB: specguard JSONReader", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? JSONReader.read(discord))
            }
        }
        let data = Data(discord)
        Benchmark("JSON read discord 1.2 MB: Foundation JSONSerialization", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? JSONSerialization.jsonObject(with: data))
            }
        }
    }

    for name in ["stripe-spec3.yaml", "openai-openapi.yaml", "slack-web_openapi_v2.json", "discord-openapi.json"] {
        guard let bytes = readSpec(name) else { continue }
        Benchmark("parse \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(DocumentParser.parse(bytes, file: name))
            }
        }
        Benchmark("load + resolve + model \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(OpenAPIDocument.load(bytes: bytes, file: name))
            }
        }
    }
}
