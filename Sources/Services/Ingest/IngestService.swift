import Foundation
import Hummingbird
import NIOPosix
import KomfyEvents
import KomfyKafka
import Logging
import ServiceLifecycle
import Synchronization

/// The front door (DESIGN.md section 8): cmfy.cloud's HTTP API over the job log. It appends
/// `JobSubmitted` and `JobCancelRequested` and answers reads from its own read model of
/// `komfy.job-events`, so any number of instances can run side by side.
///
/// `makeApplication()` gives the Hummingbird application; running it runs everything the instance
/// needs (the key table reader, the read model projector, the producer) and stops them gracefully.
public final class IngestService: Sendable {
    public static let stage = JobStage.ingest
    /// The read model's file in the data directory.
    public static let readModelFile = "read-model.sqlite"

    public let configuration: IngestConfiguration
    let store: JobStore
    let board: ActivityBoard
    let feed = JobEventFeed()
    let keys: KeyDirectory
    let projector: JobProjector
    let executors: ExecutorRoster
    let producer: KafkaProducer
    let jobIDs: JobIDMinter
    let metrics = IngestMetrics()
    private let logger: Logger
    private let listening = ListeningPort()

    public init(configuration: IngestConfiguration, logger: Logger = Logger(label: "komfy.ingest")) throws {
        self.configuration = configuration
        self.logger = logger
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        store = try JobStore(path: configuration.dataDirectory.appendingPathComponent(Self.readModelFile))
        board = ActivityBoard(producerName: configuration.instanceName)
        board.seed(from: try store.activitySnapshot(since: board.now.adding(milliseconds: -60_000)))
        keys = KeyDirectory(kafka: configuration.kafka, topic: configuration.topics.apiKeys, logger: logger)
        projector = JobProjector(store: store, kafka: configuration.kafka, topic: configuration.topics.jobEvents,
                                 board: board, feed: feed, metrics: metrics,
                                 pacing: .milliseconds(configuration.readModelPacingMs), logger: logger)
        executors = ExecutorRoster(kafka: configuration.kafka, topic: configuration.topics.executorStatus, logger: logger)
        var producerClient = configuration.kafka
        producerClient.extraProperties["compression.level"] = String(configuration.producerCompressionLevel)
        var producerConfiguration = KafkaProducerConfiguration(client: producerClient)
        producerConfiguration.lingerMs = configuration.producerLingerMs
        producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        jobIDs = JobIDMinter(window: .milliseconds(configuration.jobIDPartitionWindowMs))
    }

    /// The port the HTTP API listens on, once it does (useful with port 0).
    public func port() async -> Int {
        await listening.wait()
    }

    /// The HTTP server with ingest's services, plus `alongside` (other stages run in the same
    /// process by `komfy up`) under the same graceful shutdown.
    public func makeApplication(alongside: [any Service] = []) -> some ApplicationProtocol {
        let router = Router(context: IngestRequestContext.self)
        let routes = RouteTable()
        router.add(middleware: RequestIDMiddleware())
        // Outside the error envelope, so errors are counted with the status they are answered with.
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorEnvelopeMiddleware(routes: routes))
        HealthController(readiness: { [projector, keys] in
            ["read_model": projector.isCaughtUp, "api_keys": keys.isLoaded]
        }, metrics: metrics).register(on: router, routes: routes)
        OpenAPIController().register(on: router, routes: routes)
        let submitter = JobSubmitter(producer: producer, topic: configuration.topics.jobEvents,
                                     producerName: configuration.instanceName, jobIDs: jobIDs, store: store,
                                     board: board, metrics: metrics)
        let jobs = JobsController(
            submitter: submitter,
            store: store, board: board, feed: feed,
            metrics: metrics, maxBodyBytes: configuration.maxBodyBytes, executors: { [executors] in executors.liveCount() },
            defaultExecutionSeconds: configuration.defaultExecutionSeconds)
        let v1 = router.group("v1")
            .add(middleware: AuthenticationMiddleware(keys: keys))
            .add(middleware: RateLimitMiddleware(board: board, limits: configuration.limits))
        jobs.register(on: v1, routes: routes)
        if let topic = configuration.costLadderTopic {
            var ladderSubmitter = submitter
            ladderSubmitter.topic = topic
            CostLadderController(submitter: ladderSubmitter, maxBodyBytes: configuration.maxBodyBytes)
                .register(on: router, v1: v1, routes: routes)
        }
        let listening = listening
        let partitions = JobPartitionCountWatcher(kafka: configuration.kafka, topic: configuration.topics.jobEvents,
                                                  minter: jobIDs, metrics: metrics, logger: logger)
        var services: [any Service] = [ProducerCloser(producer: producer), keys, projector, executors] + alongside
        if configuration.jobIDPartitionWindowMs > 0 { services.append(partitions) }
        if configuration.consumesCommands {
            services.append(JobCommandConsumer(
                kafka: configuration.kafka, topic: configuration.topics.jobCommands, groupID: configuration.commandsGroupID,
                keys: keys, submitter: submitter,
                board: board, store: store, limits: configuration.limits, metrics: metrics, logger: logger))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "komfy-ingest"),
            services: services,
            onServerRunning: { channel in listening.set(channel.localAddress?.port ?? 0) },
            eventLoopGroupProvider: .shared(EventLoopGroups.shared(threads: configuration.eventLoopThreads)),
            logger: logger)
    }
}

/// Closes (flushes) the producer when the service group shuts down, after the HTTP server stopped
/// taking requests.
private struct ProducerCloser: Service {
    let producer: KafkaProducer

    func run() async throws {
        try? await gracefulShutdown()
        try await producer.close()
    }
}

/// The bound port, for whoever waits for it.
private final class ListeningPort: Sendable {
    private let state = Mutex<(port: Int?, waiters: [CheckedContinuation<Int, Never>])>((nil, []))

    func set(_ port: Int) {
        let waiters = state.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    func wait() async -> Int {
        await withCheckedContinuation { continuation in
            let port: Int? = state.withLock { state in
                if let port = state.port { return port }
                state.waiters.append(continuation)
                return nil
            }
            if let port { continuation.resume(returning: port) }
        }
    }
}


/// One event loop group per thread count for the whole process, created when first asked for and
/// kept (as NIO's own singleton group is): every ingest instance of a process with the same
/// setting shares it, and none has to shut it down.
enum EventLoopGroups {
    private static let groups = Mutex<[Int: MultiThreadedEventLoopGroup]>([:])

    static func shared(threads: Int) -> MultiThreadedEventLoopGroup {
        groups.withLock { groups in
            let threads = max(1, threads)
            if let group = groups[threads] { return group }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
            groups[threads] = group
            return group
        }
    }
}
