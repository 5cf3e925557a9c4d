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
        .target(name: "Linting", dependencies: ["Documents", "Schemas", "OpenAPIModel"]),
        .executableTarget(
            name: "specguard",
            dependencies: [
                "Documents", "Schemas", "OpenAPIModel", "Validation", "Linting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "SchemasTests", dependencies: ["Schemas", "Documents"]),
        .testTarget(name: "OpenAPIModelTests", dependencies: ["OpenAPIModel", "Documents"]),
        .testTarget(
            name: "ValidationTests",
            dependencies: [
                "Validation", "Documents", "OpenAPIModel", "Schemas",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "LintingTests", dependencies: ["Linting", "OpenAPIModel", "Documents"]),
    ]
)
