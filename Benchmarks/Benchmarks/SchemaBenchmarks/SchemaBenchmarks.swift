// Filled in once the Schemas engine lands.
import Benchmark
let benchmarks: @Sendable () -> Void = {}
