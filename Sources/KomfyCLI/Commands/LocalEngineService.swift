import Foundation
import KomfyKafka
import KomfyRuntime
import Logging
import ServiceLifecycle

/// `komfy up`'s ComfyUI engine: started (or attached) in the background so the API is up at once,
/// its node catalog published as soon as it serves, stopped on shutdown. Until the catalog is out,
/// submitted jobs wait in the validator, not fail.
///
/// With the executor issue this becomes the executor's engine; today it provides the catalog.
struct LocalEngineService: Service {
    let engineURL: String?
    let dataDirectory: URL
    let kafka: KafkaClientConfiguration
    let catalogTopic: String
    let logger: Logger

    func run() async throws {
        let engine: ComfyUIEngine
        do {
            if let engineURL, let url = URL(string: engineURL) {
                engine = try await ComfyUIEngine.attach(url)
            } else {
                engine = try await ComfyUIEngine.start(.init(root: dataDirectory.appendingPathComponent("comfyui")))
            }
        } catch {
            print("The ComfyUI engine did not start, so jobs stay queued: \(error)\nFix it and restart, or pass --comfyui-url.")
            try? await gracefulShutdown()
            return
        }
        defer { engine.stop() }
        let published = try await NodeCatalogPublisher.publish(
            from: engine, kafka: kafka, topic: catalogTopic, publisher: "komfy-up@\(ProcessInfo.processInfo.hostName)",
            logger: logger)
        print("ComfyUI engine ready at \(engine.baseURL); node catalog \(published.catalog.fingerprint) published: the validator checks jobs now.")
        try? await gracefulShutdown()
    }
}
