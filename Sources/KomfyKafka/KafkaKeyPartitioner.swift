/// The partition a keyed record lands on, computed exactly as Komfy's producers compute it
/// (`KafkaProducerConfiguration.partitioner`: murmur2 of the key, as Java clients do). A writer that
/// names its own keys can use it to pick keys that land where it wants: ingest mints job ids that
/// share a partition for a short while, so concurrent submissions leave in one record batch.
public enum KafkaKeyPartitioner {
    /// The partition, in `0..<partitionCount`, of a record with this key.
    public static func partition(ofKey key: UnsafeRawBufferPointer, partitionCount: Int) -> Int {
        precondition(partitionCount > 0, "a topic has at least one partition")
        return Int(murmur2Partition(of: key, partitionCount: Int32(partitionCount)))
    }

    public static func partition(ofKey key: String, partitionCount: Int) -> Int {
        var key = key
        return key.withUTF8 { partition(ofKey: UnsafeRawBufferPointer($0), partitionCount: partitionCount) }
    }
}
