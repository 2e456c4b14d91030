// swift-tools-version: 6.1
// Komfy: a self-hosted, event-sourced job API for ComfyUI workflows. See docs/architecture.md.
import Foundation
import PackageDescription

// librdkafka >= 2.8 is built by deploy/local/install-librdkafka.sh into KOMFY_HOME (bookworm's 2.0.2
// cannot talk to the Tansu broker). `make` exports PKG_CONFIG_PATH so SwiftPM finds its headers; the
// rpath below makes the binaries load that build instead of any system copy.
let komfyHome = ProcessInfo.processInfo.environment["KOMFY_HOME"]
    ?? "\(FileManager.default.homeDirectoryForCurrentUser.path)/.cache/komfy"
let librdkafkaLib = "\(komfyHome)/librdkafka-2.8.0/lib"

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// A service target: the six stages of DESIGN.md section 1 live under Sources/Services.
func service(_ name: String, folder: String, dependencies: [Target.Dependency] = []) -> Target {
    .target(
        name: name,
        dependencies: ["KomfyRuntime", "KomfyEvents", "KomfyJobs", "KomfyKafka"] + dependencies,
        path: "Sources/Services/\(folder)",
        swiftSettings: strict
    )
}

let package = Package(
    name: "Komfy",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "komfy", targets: ["KomfyCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        // C libraries. All rd_kafka_* calls stay in Sources/KomfyKafka/RDKafka.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka"),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd"),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .systemLibrary(name: "CMalloc"),

        // Pure modules: no I/O.
        .target(
            name: "KomfyEvents",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "KomfyJobs", dependencies: ["KomfyEvents"], swiftSettings: strict),
        .target(
            name: "KomfyWorkflow",
            dependencies: ["KomfyEvents", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // API keys, tenants, plans and limits, and the signed commands of Kafka-native ingest.
        .target(
            name: "KomfyAccess",
            dependencies: ["KomfyEvents", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),

        // I/O modules.
        .target(
            name: "KomfyKafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", librdkafkaLib])]
        ),
        .target(name: "KomfyHTTP", dependencies: ["CCurl"], swiftSettings: strict),
        .target(name: "KomfyStores", dependencies: ["KomfyEvents"], swiftSettings: strict),
        .target(
            name: "KomfyRuntime",
            dependencies: [
                "KomfyKafka", "KomfyEvents", "KomfyWorkflow", "CMalloc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // The six stages. Each moves jobs forward only by appending events.
        service("KomfyIngest", folder: "Ingest", dependencies: [
            "KomfyAccess", "KomfyWorkflow",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        service("KomfyValidator", folder: "Validator", dependencies: ["KomfyWorkflow"]),
        service("KomfyModelFetcher", folder: "ModelFetcher", dependencies: ["KomfyHTTP", "KomfyStores"]),
        service("KomfyExecutor", folder: "Executor", dependencies: ["KomfyWorkflow", "KomfyStores"]),
        service("KomfyOutputUploader", folder: "OutputUploader", dependencies: ["KomfyHTTP", "KomfyStores"]),
        service("KomfyWebhookNotifier", folder: "WebhookNotifier", dependencies: ["KomfyHTTP"]),

        .executableTarget(
            name: "KomfyCLI",
            dependencies: [
                "KomfyKafka", "KomfyEvents", "KomfyJobs", "KomfyRuntime",
                "KomfyIngest", "KomfyValidator", "KomfyModelFetcher", "KomfyExecutor",
                "KomfyOutputUploader", "KomfyWebhookNotifier", "KomfyAccess", "KomfyWorkflow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Tests: one target per source module, plus the broker-backed integration tests.
        .target(
            name: "KomfyTestSupport",
            dependencies: ["KomfyKafka", "KomfyRuntime", "KomfyEvents"],
            path: "Tests/KomfyTestSupport",
            swiftSettings: strict
        ),
        .target(name: "KomfyTestRandom", path: "Tests/KomfyTestRandom", swiftSettings: strict),
        .testTarget(name: "KomfyEventsTests", dependencies: ["KomfyEvents", "KomfyRuntime", "KomfyTestRandom"], swiftSettings: strict),
        .testTarget(name: "KomfyJobsTests", dependencies: ["KomfyJobs", "KomfyEvents", "KomfyTestRandom"], swiftSettings: strict),
        .testTarget(name: "KomfyKafkaTests", dependencies: ["KomfyKafka"], swiftSettings: strict),
        .testTarget(
            name: "ValidatorTests",
            dependencies: ["KomfyValidator", "KomfyRuntime", "KomfyKafka", "KomfyEvents", "KomfyWorkflow", "KomfyTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KomfyRuntimeTests",
            dependencies: ["KomfyRuntime", "KomfyKafka", "KomfyEvents", "KomfyTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "KomfyWorkflowTests", dependencies: ["KomfyWorkflow", "KomfyEvents", "KomfyTestRandom", "KomfyTestSupport"], swiftSettings: strict),
        .testTarget(name: "KomfyAccessTests", dependencies: ["KomfyAccess", "KomfyEvents", "KomfyTestRandom"], swiftSettings: strict),
        .testTarget(
            name: "IngestTests",
            dependencies: [
                "KomfyIngest", "KomfyValidator", "KomfyAccess", "KomfyEvents", "KomfyJobs", "KomfyKafka", "KomfyRuntime",
                "KomfyTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // The bench's pure parts (reading wrk, the report's arithmetic), from the executable itself.
        .testTarget(name: "KomfyCLITests", dependencies: ["KomfyCLI"], swiftSettings: strict),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["KomfyKafka", "KomfyEvents", "KomfyJobs", "KomfyRuntime", "KomfyTestSupport"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
