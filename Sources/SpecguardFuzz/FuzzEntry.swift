// The libFuzzer entry point for every fuzz target; `make fuzz` builds it with `-D FUZZING` and
// `--sanitize fuzzer --sanitize address`. The target is chosen with `--target=NAME` (libFuzzer leaves
// flags that start with `--` to the program) or the SPECGUARD_FUZZ_TARGET environment variable.
// Without FUZZING (the normal build) this is a stub that says how to build it, so it keeps compiling.
import FuzzTargets

#if FUZZING
import Glibc

nonisolated(unsafe) private var selectedTarget: FuzzTarget?

/// Writes to standard error (file descriptor 2) without touching C's `stderr` global.
private func writeError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    var name = getenv("SPECGUARD_FUZZ_TARGET").map { String(cString: $0) }
    if let arguments = argv.pointee {
        for index in 0..<Int(argc.pointee) {
            guard let argument = arguments[index].map({ String(cString: $0) }), argument.hasPrefix("--target=") else { continue }
            name = String(argument.dropFirst("--target=".count))
        }
    }
    let root = getenv("SPECGUARD_ROOT").map { String(cString: $0) } ?? "."
    guard let name, let target = FuzzTargets.make(name, packageRoot: root) else {
        writeError("choose a target with --target=NAME, one of: \(FuzzTargets.names.joined(separator: ", "))\n")
        exit(2)
    }
    selectedTarget = target
    return 0
}

/// libFuzzer's driver (`int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))`).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The program's entry. SwiftPM links executables with `--defsym main=<Module>_main` (so tests can link
/// them), which hides libFuzzer's own `main`; this one hands over to libFuzzer's driver instead.
@_cdecl("SpecguardFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return withUnsafeMutablePointer(to: &count) { countPointer in
        withUnsafeMutablePointer(to: &arguments) { argumentsPointer in
            runFuzzerDriver(countPointer, argumentsPointer, fuzzerTestOneInput)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try selectedTarget?.run(bytes)
    } catch {
        writeError("\(error)\n")
        abort()
    }
    return 0
}
#else
@main
enum SpecguardFuzzStub {
    static func main() {
        print("specguard-fuzz is built by `make fuzz` (with -D FUZZING and the fuzzer sanitizer); targets: \(FuzzTargets.names.joined(separator: ", "))")
    }
}
#endif
