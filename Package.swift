// swift-tools-version: 6.0
// Driftstatus: a self-hosted public status page. Module map: see README "Where things live".
import PackageDescription

let package = Package(
    name: "driftstatus",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "driftstatus", targets: ["driftstatus"]),
    ],
    dependencies: [
        // Versions pinned to what the local package mirror serves.
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD"]),
        // Sends mail (SMTP), HTTP POSTs and S3 objects through libcurl; knows nothing about status pages.
        .target(name: "Outbound", dependencies: ["CCurl", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "StatusModel"),
        // The Markdown subset of posts, rendered strictly to HTML and plain text; no I/O.
        .target(name: "PostMarkup"),
        .target(
            name: "StatusStore",
            dependencies: ["StatusModel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "SiteSettings",
            dependencies: ["StatusModel", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(
            name: "StatusPages",
            dependencies: ["StatusModel", "SiteSettings", "PostMarkup", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // Reads a Statuspage page's public v2 JSON into an ImportBatch (`driftstatus import statuspage`).
        .target(name: "StatuspageImport", dependencies: ["StatusModel"]),
        // The outbox sender: renders due deliveries and hands them to Outbound, records the outcome.
        .target(
            name: "Notifications",
            dependencies: [
                "StatusModel", "StatusStore", "SiteSettings", "StatusPages", "Outbound",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The use cases (publishing, staff accounts and tokens, webhooks, subscriptions, idempotent
        // writes, the demo data set), each one transaction with one permission check; no HTTP types.
        .target(
            name: "StatusApplication",
            dependencies: [
                "StatusModel", "StatusStore", "SiteSettings", "Outbound",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "StatusSite",
            dependencies: [
                "HTTPServer", "StatusModel", "StatusStore", "SiteSettings", "StatusPages", "CZlib", "Notifications", "Outbound",
                "StatusApplication",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "driftstatus",
            dependencies: [
                "HTTPServer", "StatusModel", "StatusStore", "SiteSettings", "StatusSite", "StatusPages",
                "StatuspageImport", "Outbound", "StatusApplication",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A tiny raw-socket HTTP client the integration tests share (no redirects, exact bytes).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
        .testTarget(name: "StatusModelTests", dependencies: ["StatusModel"]),
        .testTarget(name: "PostMarkupTests", dependencies: ["PostMarkup", "TestSupport"]),
        .testTarget(name: "OutboundTests", dependencies: ["Outbound", "HTTPServer", "TestSupport"]),
        .testTarget(
            name: "NotificationsTests",
            dependencies: ["Notifications", "Outbound", "StatusModel", "StatusStore", "SiteSettings", "StatusPages", "HTTPServer", "TestSupport"]
        ),
        .testTarget(name: "StatuspageImportTests", dependencies: ["StatuspageImport", "StatusModel"]),
        .testTarget(name: "StatusStoreTests", dependencies: ["StatusStore", "StatusModel"]),
        .testTarget(name: "SiteSettingsTests", dependencies: ["SiteSettings", "StatusModel"]),
        .testTarget(name: "StatusPagesTests", dependencies: ["StatusPages", "SiteSettings", "StatusModel", "TestSupport"]),
        .testTarget(name: "StatusApplicationTests", dependencies: ["StatusApplication", "StatusStore", "StatusModel", "SiteSettings"]),
        .testTarget(
            name: "StatusSiteTests",
            dependencies: ["StatusSite", "Notifications", "Outbound", "StatusStore", "StatusModel", "SiteSettings", "StatusPages", "HTTPServer", "TestSupport"]
        ),
    ]
)
