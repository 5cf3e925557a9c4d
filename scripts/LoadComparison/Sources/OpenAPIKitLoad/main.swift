// Loads a spec RUNS times with Yams (YAML) or JSONDecoder (JSON) into
// OpenAPIKit's model (OpenAPIKit30 for 3.0.x, OpenAPIKit for 3.1+), and prints
// one wall-clock time in milliseconds per run.
import Foundation
import OpenAPIKit
import OpenAPIKit30
import Yams

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write("usage: OpenAPIKitLoad SPEC [RUNS]\n".data(using: .utf8) ?? Data())
    exit(2)
}
let path = arguments[1]
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
guard let data = FileManager.default.contents(atPath: path) else {
    FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8) ?? Data())
    exit(2)
}
let isJSON = path.hasSuffix(".json")
let text = String(decoding: data, as: UTF8.self)
let is30 = text.range(of: "openapi: 3.0") != nil || text.range(of: "\"openapi\": \"3.0") != nil
    || text.range(of: "openapi: '3.0") != nil || text.range(of: "openapi: \"3.0") != nil

func decodeOnce() throws -> Int {
    if is30 {
        let document: OpenAPIKit30.OpenAPI.Document = isJSON
            ? try JSONDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: data)
            : try YAMLDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: text)
        return document.paths.count
    } else {
        let document: OpenAPIKit.OpenAPI.Document = isJSON
            ? try JSONDecoder().decode(OpenAPIKit.OpenAPI.Document.self, from: data)
            : try YAMLDecoder().decode(OpenAPIKit.OpenAPI.Document.self, from: text)
        return document.paths.count
    }
}

for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
        let paths = try decodeOnce()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        print(String(format: "%.1f", elapsed), "ok", "paths=\(paths)")
    } catch {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        print(String(format: "%.1f", elapsed), "error", String(describing: error).prefix(200).replacingOccurrences(of: "\n", with: " "))
    }
}
