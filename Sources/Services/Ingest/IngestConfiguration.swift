import Foundation
import KomfyAccess
import KomfyKafka

/// Everything one ingest instance needs to run. `komfy serve ingest` and `komfy up` fill it from
/// their flags; tests build it directly.
public struct IngestConfiguration: Sendable {
    /// Address the HTTP API listens on. Default: 127.0.0.1.
    public var host: String = "127.0.0.1"
    /// Port of the HTTP API; 0 picks a free one (see `IngestService.port`). Default: 8080.
    public var port: Int = 8080
    /// The Kafka cluster.
    public var kafka: KafkaClientConfiguration
    /// Holds the read model (`read-model.sqlite`). Each instance has its own.
    public var dataDirectory: URL
    /// Names this instance in events' `producer` field and in logs; unique per running instance
    /// (the rate limit tells its own submissions from other instances' by it).
    /// Default: `ingest/<hostname>/<pid>`.
    public var instanceName: String = "ingest/\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)"
    /// Request bodies above this many bytes are refused with 413. Default: 10 MB.
    public var maxBodyBytes: Int = 10_000_000
    /// How long the producer waits to fill a batch before sending it. Every submission waits for
    /// its acknowledgement before its 202, so lingering adds to a lone submission's answer time
    /// (librdkafka's 5 ms made it ~7 ms; 0 ms, ~1.3 ms); under load, fewer and larger produce
    /// requests cost the client and the broker less (measured with 64 connections on the embedded
    /// Tansu: 2,165 submissions/s at 0 ms, 2,601 at 2 ms, 2,905 at 5 ms). Default: 2 ms.
    public var producerLingerMs: Int = Self.defaultProducerLingerMs
    public static let defaultProducerLingerMs = 2
    /// The producer's zstd level. Submissions go out in small batches, and at zstd's default level
    /// (3) setting up each batch's compression cost more than everything else librdkafka does for
    /// it (measured: 66 µs of CPU per one-record batch at level 3, 25 µs at level 1, which lz4 and
    /// no compression cost too). Default: 1.
    public var producerCompressionLevel: Int = 1
    /// When the read model has caught up and reads only a few records at a time, it stops fetching
    /// for this long after each batch, so the log is read in fewer, larger fetches (a job read right
    /// after its 202 comes from this instance's pending jobs, not the read model). 0 reads
    /// continuously. Default: 50 ms.
    public var readModelPacingMs: Int64 = 50
    /// New jobs get ids that land on one partition of `komfy.job-events` for this long, then on the
    /// next (`PartitionAlignedJobIDs`), so concurrent submissions leave in one record batch instead
    /// of one per partition; the embedded Tansu spends several times less CPU per record that way.
    /// 0 turns the alignment off (ids are still time-ordered, `JobIDMinter`). Default: 20 ms.
    public var jobIDPartitionWindowMs: Int = 20
    /// Threads of the HTTP server's event loops (socket I/O and HTTP parsing; the handlers run on
    /// Swift's cooperative pool, one thread per core). Fewer loops than cores leave the cores to the
    /// handlers, the Kafka client and the read model, and each wake-up finds more work: on the
    /// 2-core development machine one loop served the submit peak with ~12% less CPU per submission
    /// than two (299-302 µs against 342-372 µs, paired runs of `komfy bench ingest`).
    /// Default: half the cores, at least one.
    public var eventLoopThreads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    /// Per-plan limits (requests per minute, concurrent jobs, queue depth).
    public var limits: LimitsConfiguration = LimitsConfiguration()
    /// Used for `estimated_wait_seconds` until the read model has seen executions. Default: 30 s.
    public var defaultExecutionSeconds: Double = 30
    /// Topic names; tests give every instance group its own set.
    public var topics: IngestTopics = IngestTopics()
    /// Read Kafka-native `SubmitJob`/`CancelJob` commands from `komfy.job-commands`. Default: true.
    public var consumesCommands: Bool = true
    /// The consumer group the instances that read commands share (each command is handled once).
    /// Default: `komfy-ingest-commands`.
    public var commandsGroupID = "komfy-ingest-commands"
    /// For `komfy bench ingest --ladder` only: serve `CostLadderController`'s routes, which do a
    /// growing part of a submission's work and produce to this topic. Default: nil (no such routes).
    public var costLadderTopic: String?

    public init(kafka: KafkaClientConfiguration, dataDirectory: URL) {
        self.kafka = kafka
        self.dataDirectory = dataDirectory
    }
}

/// The topics ingest reads and writes (DESIGN.md section 2).
public struct IngestTopics: Sendable, Hashable {
    public var jobEvents = "komfy.job-events"
    public var jobCommands = "komfy.job-commands"
    public var apiKeys = "komfy.api-keys"
    public var executorStatus = "komfy.executor-status"

    public init() {}

    /// The same topics with a prefix, for tests that share a broker.
    public init(prefix: String) {
        jobEvents = prefix + jobEvents
        jobCommands = prefix + jobCommands
        apiKeys = prefix + apiKeys
        executorStatus = prefix + executorStatus
    }
}
