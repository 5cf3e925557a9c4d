// swift-tools-version:6.1
// specguard's benchmarks (ordo-one/benchmark). Run from this folder:
//   swift package benchmark            (all)
//   swift package benchmark --target LoadBenchmarks
// A separate package so that the main build and `make test` never build the
// benchmark harness.
import PackageDescription

let package = Package(
    name: "specguard-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "specguard", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LoadBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Documents", package: "specguard"),
                .product(name: "OpenAPIModel", package: "specguard"),
            ],
            path: "Benchmarks/LoadBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RouterBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Documents", package: "specguard"),
                .product(name: "OpenAPIModel", package: "specguard"),
            ],
            path: "Benchmarks/RouterBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SchemaBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Documents", package: "specguard"),
                .product(name: "Schemas", package: "specguard"),
            ],
            path: "Benchmarks/SchemaBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ValidationBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Documents", package: "specguard"),
                .product(name: "OpenAPIModel", package: "specguard"),
                .product(name: "Validation", package: "specguard"),
            ],
            path: "Benchmarks/ValidationBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
