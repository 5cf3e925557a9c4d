// swift-tools-version:6.1
// Side-by-side load benchmark: decodes a spec with OpenAPIKit + Yams (the peer).
// specguard's own side is `specguard bench-load`-free: the script times
// `specguard inspect`-equivalent loading through the `specguard-load-timer`
// executable below, built against the main package.
import PackageDescription

let package = Package(
    name: "bench-load",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(name: "specguard", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "OpenAPIKitLoad",
            dependencies: [
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "SpecguardLoad",
            dependencies: [
                .product(name: "OpenAPIModel", package: "specguard"),
                .product(name: "Documents", package: "specguard"),
            ]
        ),
    ]
)
