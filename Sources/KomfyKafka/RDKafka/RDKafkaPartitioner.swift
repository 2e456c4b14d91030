import CRdKafka

extension KafkaKeyPartitioner {
    /// librdkafka's own murmur2 partitioner, the one `partitioner=murmur2_random` applies to keyed
    /// records. It reads only the key and the count (no topic handle, no opaque pointers).
    static func murmur2Partition(of key: UnsafeRawBufferPointer, partitionCount: Int32) -> Int32 {
        rd_kafka_msg_partitioner_murmur2(nil, key.baseAddress, key.count, partitionCount, nil, nil)
    }
}
