import ContractFixtures
import Foundation

/// `FaultyService [--well-behaved] [--port N] [--print-spec] [--list-faults]`: serves the fixture spec with its planted
/// faults (for scripts/bench-contract), or prints the spec.
@main
struct FaultyServiceMain {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if arguments.contains("--print-spec") {
            print(FixtureSpec.yaml, terminator: "")
            return
        }
        if arguments.contains("--list-faults") {
            let service = try FixtureService(faulty: true)
            for fault in FixtureService.plantedFaults {
                let operation = service.document.operations.first { $0.operationId == fault.operationId }
                print("\(fault.operationId)\t\(operation.map { $0.method.name + " " + $0.path } ?? "?")\t\(fault.check)\t\(fault.description)")
            }
            return
        }
        let port = arguments.firstIndex(of: "--port").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? 0
        let service = try FixtureService(faulty: !arguments.contains("--well-behaved"))
        let server = try await FixtureServer.start(port: port) { service.respond($0) }
        FileHandle.standardOutput.write(Array("listening on \(server.baseURL)\n".utf8).withUnsafeBytes { Data($0) })
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
