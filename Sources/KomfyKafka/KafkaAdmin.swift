import CRdKafka
import Logging

/// Creates and inspects topics.
public final class KafkaAdmin: Sendable {
    /// What `createTopics` did with one topic.
    public enum CreateOutcome: Sendable, Hashable {
        case created
        case alreadyExists
        case failed(String)
    }

    /// A topic as the cluster has it now.
    public struct TopicDescription: Sendable, Hashable {
        public var name: String
        /// nil when the topic does not exist.
        public var partitions: Int?
        /// Non-default configuration entries; empty when the broker does not report them.
        public var config: [String: String]
    }

    private let client: RDKafkaAdminClient
    private let blocking = BlockingCall(label: "komfy.kafka.admin")

    public init(client configuration: KafkaClientConfiguration,
                logger: Logger = Logger(label: "komfy.kafka.admin")) throws(KafkaError) {
        client = try RDKafkaAdminClient(properties: configuration.properties(), logger: logger)
    }

    /// Creates the topics that do not exist yet; existing ones are left exactly as they are.
    public func createTopics(_ specs: [TopicSpec], timeout: Duration = .seconds(30)) async throws(KafkaError)
        -> [String: CreateOutcome]
    {
        let client = client
        let timeoutMs = timeout.milliseconds
        let results = try await blocking.run { () throws(KafkaError) in try client.createTopics(specs, timeoutMs: timeoutMs) }
        return results.mapValues { err in
            switch err {
            case RD_KAFKA_RESP_ERR_NO_ERROR: .created
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: .alreadyExists
            default: .failed(KafkaError(.admin, err, context: "creating the topic").message)
            }
        }
    }

    /// Deletes topics. Used by tests to clean up; Komfy never deletes its own topics.
    public func deleteTopics(_ names: [String], timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let client = client
        let timeoutMs = timeout.milliseconds
        let results = try await blocking.run { () throws(KafkaError) in try client.deleteTopics(names, timeoutMs: timeoutMs) }
        if let (name, err) = results.first(where: { $0.value != RD_KAFKA_RESP_ERR_NO_ERROR }) {
            throw KafkaError(.admin, err, context: "deleting topic \(name)")
        }
    }

    /// Partition counts and configuration of these topics. Brokers that do not answer
    /// DescribeConfigs (Tansu) give an empty `config`.
    public func describeTopics(_ names: [String], timeout: Duration = .seconds(10)) async throws(KafkaError)
        -> [TopicDescription]
    {
        let client = client
        let timeoutMs = timeout.milliseconds
        return try await blocking.run { () throws(KafkaError) in
            let counts = try client.handle.partitionCounts(of: names, timeoutMs: timeoutMs)
            return names.map { name in
                let config = counts[name] == nil ? [:] : (try? client.describeConfig(ofTopic: name, timeoutMs: timeoutMs)) ?? [:]
                return TopicDescription(name: name, partitions: counts[name], config: config)
            }
        }
    }
}
