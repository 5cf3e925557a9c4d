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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .target(name: "Documents", dependencies: ["CYAML"]),
        .target(name: "Schemas", dependencies: ["Documents", "CPCRE2"]),
        .target(name: "OpenAPIModel", dependencies: ["Documents", "Schemas"]),
        .target(
            name: "Validation",
            dependencies: [
                "Documents", "OpenAPIModel", "Schemas",
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
        .executableTarget(
            name: "specguard",
            dependencies: [
                "Documents", "Schemas", "OpenAPIModel", "Validation", "ContractTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "SchemasTests", dependencies: ["Schemas", "Documents"]),
        .testTarget(name: "OpenAPIModelTests", dependencies: ["OpenAPIModel", "Documents"]),
        .testTarget(
            name: "ContractTestingTests",
            dependencies: [
                "ContractTesting", "ContractFixtures", "Validation", "Documents", "OpenAPIModel", "Schemas",
            ]
        ),
        .testTarget(
            name: "ValidationTests",
            dependencies: [
                "Validation", "Documents", "OpenAPIModel", "Schemas",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
    ]
)
