// Loads a spec RUNS times with specguard (read, parse, resolve $refs, build the
// typed model and its router), and prints one wall-clock time in milliseconds
// per run, in the same format as OpenAPIKitLoad.
import Documents
import Foundation
import OpenAPIModel

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: SpecguardLoad SPEC [RUNS]\n".utf8))
    exit(2)
}
let path = arguments[1]
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5

for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = OpenAPIDocument.load(path: path)
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    if let document = result.document {
        print(String(format: "%.1f", elapsed), result.hasErrors ? "errors" : "ok", "paths=\(document.paths.count)")
    } else {
        print(String(format: "%.1f", elapsed), "error", result.diagnostics.first.map(String.init(describing:)) ?? "")
    }
}
