// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ecpay",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ecpay", targets: ["ecpay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // Bundled data: policy texts, the data inventory, the BIN table. Found beside the binary (WalletResources).
        .target(
            name: "WalletResources",
            path: "Resources",
            exclude: ["README.md"],
            sources: ["WalletResources.swift"],
            resources: [.copy("policy"), .copy("cards"), .copy("passwords")]
        ),
        // libsodium from Debian's libsodium-dev: Argon2id for password keys.
        .systemLibrary(name: "CSodium", path: "Sources/CSodium"),
        // The wallet itself: no terminal code.
        .target(
            name: "WalletCore",
            dependencies: [
                "WalletResources", "CSodium",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The interface as pure Swift: state, messages, update, view -> Screen.
        .target(name: "WalletTUI", dependencies: ["WalletCore"]),
        // The system ncursesw library (wide-character API) behind a shim header.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // The only code that talks to ncurses.
        .target(name: "TerminalCurses", dependencies: ["WalletTUI", "CNcursesw"]),
        .executableTarget(
            name: "ecpay",
            dependencies: [
                "WalletCore", "WalletTUI", "TerminalCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "WalletCoreTests", dependencies: ["WalletCore"]),
        .testTarget(name: "WalletTUITests", dependencies: ["WalletTUI", "WalletCore"]),
        .testTarget(name: "TerminalCursesTests", dependencies: ["TerminalCurses"]),
        .testTarget(name: "EndToEndTests", dependencies: ["WalletCore", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
