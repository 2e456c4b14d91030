import KomfyEvents
import KomfyRuntime
import Logging
import ServiceLifecycle

/// Checks every submitted workflow against the node catalog and appends `JobValidated` or
/// `JobRejected` (DESIGN.md sections 1 and 5): the shared `StageRunner` over `komfy.job-events`
/// with the `ValidationHandler`, and the `CatalogShelf` that follows `komfy.node-catalog`.
///
/// Run several instances for more throughput: they share the work as one consumer group.
public final class ValidatorService: Service, Sendable {
    public static let stage = JobStage.validator

    public let configuration: ValidatorConfiguration
    private let shelf: CatalogShelf
    private let runner: StageRunner<ValidationHandler>

    public init(configuration: ValidatorConfiguration, logger: Logger = Logger(label: "komfy.validator")) {
        self.configuration = configuration
        shelf = CatalogShelf(kafka: configuration.kafka, topic: configuration.nodeCatalogTopic, logger: logger)
        runner = StageRunner(configuration: configuration.stage,
                             handler: ValidationHandler(shelf: shelf, configuration: configuration), logger: logger)
    }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.shelf.run() }
            group.addTask { try await self.runner.run() }
        }
    }

    /// What the stage did since it started.
    public var statistics: StageStatistics { runner.statistics }

    /// The node catalogs loaded, newest first.
    public var catalogFingerprints: [String] { shelf.fingerprints }
}
