// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "specguard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "specguard", targets: ["specguard"]),
        .library(name: "Documents", targets: ["Documents"]),
        .library(name: "Schemas", targets: ["Schemas"]),
        .library(name: "OpenAPIModel", targets: ["OpenAPIModel"]),
        .library(name: "Validation", targets: ["Validation"]),
        .library(name: "Linting", targets: ["Linting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    ],
    targets: [
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's <malloc.h> (mallopt), for the lint command's allocator settings; nothing to link.
        .systemLibrary(name: "CMalloc"),
        // Our header-only SSE2 byte searches (see its header), for the JSON, head and sanitization scans.
        .systemLibrary(name: "CByteScan"),
        .target(name: "Documents", dependencies: ["CYAML", "CMalloc", "CByteScan"]),
        .target(name: "Schemas", dependencies: ["Documents", "CPCRE2"]),
        .target(name: "OpenAPIModel", dependencies: ["Documents", "Schemas"]),
        .target(
            name: "Validation",
            dependencies: [
                "Documents", "OpenAPIModel", "Schemas", "CByteScan",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ContractTesting",
            dependencies: [
                "Documents", "Schemas", "OpenAPIModel", "Validation",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "ContractFixtures",
            dependencies: [
                "Documents", "OpenAPIModel", "Validation",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "FaultyService", dependencies: ["ContractFixtures"]),
        .executableTarget(name: "ProxyFloor", dependencies: ["OpenAPIModel", "Validation", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]),
        .target(name: "Linting", dependencies: ["Documents", "Schemas", "OpenAPIModel"]),
        .target(name: "FuzzTargets", dependencies: ["Documents", "OpenAPIModel", "Schemas", "Validation"]),
        .executableTarget(name: "SpecguardFuzz", dependencies: ["FuzzTargets"]),
        .target(
            name: "Sidecar",
            dependencies: [
                "Documents", "OpenAPIModel", "Schemas", "Validation", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .executableTarget(
            name: "specguard",
            dependencies: [
                "Documents", "Schemas", "OpenAPIModel", "Validation", "Linting", "Sidecar", "ContractTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // Release only, on Linux: `-static-stdlib` exports every symbol of our own modules (some 43,000) to the
            // dynamic table, and the runtime's start-up `dladdr` scans that table; nothing looks our symbols up
            // by name. lld packs the 130,000 relative relocations (`-z pack-relative-relocs`), so the loader reads
            // 25 KB instead of 3 MB. Together about a sixth of the start of every run (`--help`: 6.1 -> 5.1 ms CPU).
            linkerSettings: [
                .unsafeFlags(["-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                             .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "SchemasTests", dependencies: ["Schemas", "Documents"]),
        .testTarget(name: "OpenAPIModelTests", dependencies: ["OpenAPIModel", "Documents", "Schemas"]),
        .testTarget(
            name: "ContractTestingTests",
            dependencies: [
                "ContractTesting", "ContractFixtures", "Sidecar", "Validation", "Documents", "OpenAPIModel", "Schemas",
                "CommandLineTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "ValidationTests",
            dependencies: [
                "Validation", "Documents", "OpenAPIModel", "Schemas", "CommandLineTestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // Runs the built `specguard` binary for the command-line tests of several modules.
        .target(name: "CommandLineTestSupport", path: "Tests/CommandLineTestSupport"),
        .testTarget(name: "LintingTests", dependencies: ["Linting", "OpenAPIModel", "Documents", "CommandLineTestSupport"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "Documents", "OpenAPIModel"]),
        .testTarget(
            name: "SidecarTests",
            dependencies: [
                "Sidecar", "Validation", "Documents", "OpenAPIModel", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
