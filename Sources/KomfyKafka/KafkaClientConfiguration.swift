/// Settings every Kafka client shares: where the brokers are and how to talk to them.
public struct KafkaClientConfiguration: Sendable, Hashable {
    /// `host:port` pairs of one or more brokers. Use 127.0.0.1 for a local Tansu (it listens on
    /// IPv4 only). Default: `127.0.0.1:9092`.
    public var bootstrapServers: [String] = ["127.0.0.1:9092"]
    /// Shown in broker logs and metrics. Default: `komfy`.
    public var clientID: String = "komfy"
    /// `plaintext`, `ssl`, `sasl_plaintext` or `sasl_ssl`. Default: `plaintext`.
    public var securityProtocol: String = "plaintext"
    /// Any other librdkafka property (see librdkafka's CONFIGURATION.md); these win over the typed
    /// settings. Secrets given here are never logged.
    public var extraProperties: [String: String] = [:]

    public init(bootstrapServers: [String] = ["127.0.0.1:9092"], clientID: String = "komfy") {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
    }

    /// The client settings, then a client type's own, then `extraProperties`, which win over both.
    func properties(adding typed: [String: String] = [:]) -> [String: String] {
        [
            "bootstrap.servers": bootstrapServers.joined(separator: ","),
            "client.id": clientID,
            "security.protocol": securityProtocol,
            // Client metrics push (KIP-714): Komfy exports its own metrics and pushes none. With it
            // on, each client asks the broker for a subscription every few seconds, and destroying
            // a client waited a second for the telemetry thread (53 destroys of ~1.0 s in one test run).
            "enable.metrics.push": "false",
        ]
        .merging(typed) { _, typed in typed }
        .merging(extraProperties) { _, extra in extra }
    }
}

/// How a producer writes. The defaults are Komfy's: nothing lost, nothing duplicated, small on disk.
public struct KafkaProducerConfiguration: Sendable, Hashable {
    public var client: KafkaClientConfiguration
    /// Retries cannot duplicate or reorder records. Default: true.
    public var idempotent: Bool = true
    /// `all` waits for every in-sync replica. Default: `all`.
    public var acks: String = "all"
    /// Record batch compression. Default: `zstd`.
    public var compression: String = "zstd"
    /// How a record without an explicit partition finds one. `murmur2_random`: keyed records by the
    /// murmur2 hash of the key, as Java clients do (so any client agrees on a key's partition, and
    /// `KafkaKeyPartitioner` predicts it); records without a key at random. Default: `murmur2_random`
    /// (librdkafka's own default, `consistent_random`, hashes with CRC32 instead).
    public var partitioner: String = "murmur2_random"
    /// How long to wait for more records to fill a batch. Default: 5 ms.
    public var lingerMs: Int = 5
    /// Upper bound of one record batch in bytes. Default: 1 MiB.
    public var batchBytes: Int = 1_048_576
    /// Records that may wait in the local queue before `send` waits for room. Default: 100,000.
    public var queueMaxMessages: Int = 100_000
    /// Give up delivering a record after this long (retries included). Default: 30 s.
    public var deliveryTimeoutMs: Int = 30_000
    /// Set to use transactions (`initTransactions`, `beginTransaction`, ...). Unique per producer
    /// instance that must fence its predecessors. Default: nil.
    public var transactionalID: String?

    public init(client: KafkaClientConfiguration = KafkaClientConfiguration()) {
        self.client = client
    }

    var properties: [String: String] {
        var properties: [String: String] = [:]
        properties["enable.idempotence"] = String(idempotent)
        properties["acks"] = acks
        properties["compression.codec"] = compression
        properties["partitioner"] = partitioner
        properties["linger.ms"] = String(lingerMs)
        properties["batch.size"] = String(batchBytes)
        properties["queue.buffering.max.messages"] = String(queueMaxMessages)
        properties["message.timeout.ms"] = String(deliveryTimeoutMs)
        if let transactionalID { properties["transactional.id"] = transactionalID }
        return client.properties(adding: properties)
    }
}

/// How a consumer reads: as a member of a consumer group, or on its own over every partition.
public struct KafkaConsumerConfiguration: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        /// A consumer group member: the broker shares the topics' partitions among the members; the
        /// owner commits offsets by hand (`commit`) after its outputs are safe.
        case group(id: String, topics: [String])
        /// Every partition of the topics, read from positions the owner keeps (a read model's
        /// checkpoint, an executor's view). No group, no rebalances, nothing committed to the broker.
        /// Partitions missing from `startAt` start at `defaultStart`.
        case broadcast(topics: [String], startAt: [KafkaTopicPartition: KafkaOffset] = [:],
                       defaultStart: KafkaOffset = .beginning)
    }

    public var client: KafkaClientConfiguration
    public var mode: Mode
    /// Where a group member starts on a partition without a committed offset: `earliest` or
    /// `latest`. Default: `earliest` (nothing is skipped).
    public var autoOffsetReset: String = "earliest"
    /// A member that sends no heartbeat for this long leaves the group. Default: 6000 ms, so a group
    /// join on Tansu takes ~3.5 s rather than ~23 s with librdkafka's 45000.
    public var sessionTimeoutMs: Int = 6000
    /// Default: 1000 ms.
    public var heartbeatIntervalMs: Int = 1000
    /// A member that does not poll for this long is removed from the group. Default: 300,000 ms.
    public var maxPollIntervalMs: Int = 300_000
    /// `read_committed` hides records of open and aborted transactions (on brokers that report
    /// aborted transactions; Tansu does not). Default: `read_uncommitted`.
    public var isolationLevel: String = "read_uncommitted"
    /// The most records one `poll` returns. Default: 1000.
    public var maxBatchSize: Int = 1000

    public init(client: KafkaClientConfiguration = KafkaClientConfiguration(), mode: Mode) {
        self.client = client
        self.mode = mode
    }

    var groupID: String? {
        if case .group(let id, _) = mode { return id }
        return nil
    }

    var properties: [String: String] {
        var properties: [String: String] = [:]
        if let groupID { properties["group.id"] = groupID }
        properties["enable.auto.commit"] = "false"
        properties["enable.auto.offset.store"] = "false"
        properties["auto.offset.reset"] = autoOffsetReset
        properties["session.timeout.ms"] = String(sessionTimeoutMs)
        properties["heartbeat.interval.ms"] = String(heartbeatIntervalMs)
        properties["max.poll.interval.ms"] = String(maxPollIntervalMs)
        properties["isolation.level"] = isolationLevel
        properties["enable.partition.eof"] = "false"
        return client.properties(adding: properties)
    }
}
