import Foundation

/// A header of a Kafka record. Komfy writes the event type as `komfy-type`.
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    public var value: Data?

    public init(name: String, value: Data?) {
        self.name = name
        self.value = value
    }

    public init(name: String, string: String) {
        self.init(name: name, value: Data(string.utf8))
    }
}

/// A record read from a topic.
public struct KafkaRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: Data?
    public var value: Data
    public var headers: [KafkaHeader]
    /// Milliseconds since the epoch, as the producer or broker stamped it.
    public var timestamp: Int64?

    public init(topic: String, partition: Int32, offset: Int64, key: Data?, value: Data, headers: [KafkaHeader],
                timestamp: Int64?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic, partition) }

    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }

    /// The first header with this name.
    public func header(_ name: String) -> Data? {
        headers.first { $0.name == name }?.value
    }

    public func headerString(_ name: String) -> String? {
        header(name).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// A record to write. Without a partition, librdkafka picks it from the key (murmur2, as Java
/// clients do), so every record with the same key lands on the same partition.
public struct KafkaOutgoingRecord: Sendable, Hashable {
    public var topic: String
    public var key: Data?
    public var value: Data
    public var headers: [KafkaHeader]
    public var partition: Int32?

    public init(topic: String, key: Data?, value: Data, headers: [KafkaHeader] = [], partition: Int32? = nil) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
    }

    public init(topic: String, key: String, value: Data, headers: [KafkaHeader] = [], partition: Int32? = nil) {
        self.init(topic: topic, key: Data(key.utf8), value: value, headers: headers, partition: partition)
    }
}

/// Where the broker stored a record.
public struct KafkaDeliveryReport: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
}
