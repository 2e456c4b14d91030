import ArgumentParser
import Foundation
import KomfyRuntime
import Logging

/// `komfy catalog publish`: puts an engine's node catalog on `komfy.node-catalog` for the validator.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "The node catalogs of ComfyUI engines.", subcommands: [Publish.self])

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the installed ComfyUI engine (or use a running one), read its /object_info and publish it to komfy.node-catalog.")

        @OptionGroup var broker: BrokerOptions

        @Option(name: .long, help: "Read the catalog of this running ComfyUI (http://HOST:PORT) instead of starting the installed engine.")
        var comfyuiURL: String?

        @Option(name: .long, help: "Topic to publish to.")
        var topic: String = "komfy.node-catalog"

        func run() async throws {
            Console.bootstrapLogging()
            let logger = Logger(label: "komfy.catalog")
            let engine = try await CatalogCommand.engine(url: comfyuiURL)
            defer { engine.stop() }
            print("Reading /object_info from \(engine.baseURL) ...")
            let published = try await NodeCatalogPublisher.publish(
                from: engine, kafka: broker.client, topic: topic,
                publisher: "catalog-publish@\(ProcessInfo.processInfo.hostName)", logger: logger)
            print("""
                Published \(published.catalog.fingerprint) (\(published.catalog.classTypes.count) node classes, \
                \(published.bytes / 1024) KiB) to \(topic) at offset \(published.offset).
                Validators pick it up within a second.
                """)
        }
    }

    /// A running engine, or the installed one started on a free port with its files in a
    /// temporary directory.
    static func engine(url: String?) async throws -> ComfyUIEngine {
        if let url {
            guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
                throw ValidationError("--comfyui-url must look like http://127.0.0.1:8188")
            }
            return try await ComfyUIEngine.attach(parsed)
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("komfy-catalog-\(UUID().uuidString.prefix(8))")
        print("Starting the ComfyUI engine from \(KomfyPaths().comfyUI.path) (--cpu; ~30 s) ...")
        let started = ContinuousClock.now
        let engine = try await ComfyUIEngine.start(.init(root: root))
        print("ComfyUI is up after \((ContinuousClock.now - started).formatted(.units(allowed: [.seconds], width: .abbreviated))).")
        return engine
    }
}
