/// One partition of one topic.
public struct KafkaTopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (lhs: KafkaTopicPartition, rhs: KafkaTopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// A position in a partition: a concrete offset or one of librdkafka's logical offsets.
public struct KafkaOffset: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int64

    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// The oldest record the broker still has.
    public static let beginning = KafkaOffset(-2)
    /// After the newest record: only records written from now on.
    public static let end = KafkaOffset(-1)
    /// The group's committed offset (group mode only).
    public static let stored = KafkaOffset(-1000)

    public var isLogical: Bool { rawValue < 0 }

    public var description: String {
        switch self {
        case .beginning: "beginning"
        case .end: "end"
        case .stored: "stored"
        default: String(rawValue)
        }
    }
}
