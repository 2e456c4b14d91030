import Foundation
import Yams

/// One topic as `topics/*.yaml` describes it: what it holds and how the broker should keep it.
public struct TopicSpec: Sendable, Hashable, Codable {
    public var name: String
    /// What the topic is for, in a sentence.
    public var description: String
    /// What the record key is (e.g. "job id"); records with one key share a partition.
    public var key: String
    public var partitions: Int
    /// 1 for a single broker (development, the embedded default); 3 in production clusters.
    public var replicationFactor: Int
    /// Broker topic configuration: `cleanup.policy`, `retention.ms`, `compression.type`, ...
    public var config: [String: String]
    /// The record types written to the topic (the `komfy-type` header values).
    public var eventTypes: [String]

    public init(name: String, description: String, key: String, partitions: Int, replicationFactor: Int = 1,
                config: [String: String] = [:], eventTypes: [String] = []) {
        self.name = name
        self.description = description
        self.key = key
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
        self.eventTypes = eventTypes
    }

    enum CodingKeys: String, CodingKey {
        case name, description, key, partitions, config
        case replicationFactor = "replication_factor"
        case eventTypes = "event_types"
    }

    /// Reads one spec file.
    public static func load(from file: URL) throws(KafkaError) -> TopicSpec {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw KafkaError(.topicSpec, "cannot read \(file.path): \(error.localizedDescription)")
        }
        let spec: TopicSpec
        do {
            spec = try YAMLDecoder().decode(TopicSpec.self, from: text)
        } catch {
            throw KafkaError(.topicSpec, "\(file.lastPathComponent): \(error)")
        }
        guard spec.partitions > 0, spec.replicationFactor > 0, !spec.name.isEmpty else {
            throw KafkaError(.topicSpec, "\(file.lastPathComponent): name, partitions and replication_factor must be set and positive")
        }
        return spec
    }

    /// Reads every `*.yaml` file of a directory, sorted by topic name.
    public static func loadAll(from directory: URL) throws(KafkaError) -> [TopicSpec] {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
        } catch {
            throw KafkaError(.topicSpec, "cannot list topic specs in \(directory.path): \(error.localizedDescription)")
        }
        guard !files.isEmpty else { throw KafkaError(.topicSpec, "no topic specs (*.yaml) in \(directory.path)") }
        var specs: [TopicSpec] = []
        for file in files { specs.append(try load(from: file)) }
        return specs.sorted { $0.name < $1.name }
    }
}
