import KomfyKafka
import Logging

/// Creates Komfy's topics from their specs, idempotently, and reports what it found.
public struct TopicProvisioner: Sendable {
    /// What happened to one topic.
    public struct Result: Sendable, Hashable {
        public enum Action: String, Sendable, Hashable {
            case created, exists, failed
        }

        public var spec: TopicSpec
        public var action: Action
        /// The partitions the cluster has now (nil if the topic is missing).
        public var partitions: Int?
        /// A problem to show: a failure, or a partition count that differs from the spec.
        public var warning: String?
    }

    public var client: KafkaClientConfiguration
    public var logger: Logger

    public init(client: KafkaClientConfiguration, logger: Logger = Logger(label: "komfy.topics")) {
        self.client = client
        self.logger = logger
    }

    /// Creates every topic that does not exist. Existing topics are never changed; a partition
    /// count that differs from the spec is reported, since growing it would move keys between
    /// partitions and break per-job ordering.
    public func apply(_ specs: [TopicSpec]) async throws -> [Result] {
        let admin = try KafkaAdmin(client: client, logger: logger)
        let outcomes = try await admin.createTopics(specs)
        let described = try await admin.describeTopics(specs.map(\.name))
        let partitions = Dictionary(uniqueKeysWithValues: described.map { ($0.name, $0.partitions) })
        return specs.map { spec in
            let actual = partitions[spec.name] ?? nil
            switch outcomes[spec.name] ?? .failed("no answer for this topic") {
            case .created:
                return Result(spec: spec, action: .created, partitions: actual ?? spec.partitions)
            case .alreadyExists:
                let warning = actual.flatMap { $0 == spec.partitions ? nil : "has \($0) partitions, the spec says \(spec.partitions)" }
                return Result(spec: spec, action: .exists, partitions: actual, warning: warning)
            case .failed(let reason):
                return Result(spec: spec, action: .failed, partitions: actual, warning: reason)
            }
        }
    }

    /// The topics as the cluster has them now.
    public func describe(_ specs: [TopicSpec]) async throws -> [KafkaAdmin.TopicDescription] {
        let admin = try KafkaAdmin(client: client, logger: logger)
        return try await admin.describeTopics(specs.map(\.name))
    }
}
