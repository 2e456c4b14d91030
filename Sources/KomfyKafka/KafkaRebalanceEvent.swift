/// A change of a group member's partitions, told to the owner before it takes effect.
public enum KafkaRebalanceEvent: Sendable, Hashable {
    /// These partitions are now the member's; reading resumes at their committed offsets.
    case assigned([KafkaTopicPartition])
    /// These partitions go to another member once the handler returns: finish or abandon their
    /// in-flight work and commit what is done, or the next owner repeats it.
    case revoked([KafkaTopicPartition])
    /// These partitions were taken away already (the member was too slow or lost the broker);
    /// committing for them would fail, and another member may already be reading them.
    case lost([KafkaTopicPartition])
}

/// Called on the consumer's polling thread during a rebalance; the rebalance waits for it to return.
/// It may commit, but must not call `poll` on the same consumer.
public typealias KafkaRebalanceHandler = @Sendable (KafkaRebalanceEvent) async -> Void
