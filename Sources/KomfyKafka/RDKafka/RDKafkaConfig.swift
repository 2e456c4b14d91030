import CRdKafka

/// Builds a `rd_kafka_conf_t` from properties. Ownership passes to `rd_kafka_new` on success.
enum RDKafkaConfig {
    static func make(_ properties: [String: String]) throws(KafkaError) -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let shown = SecretProperties.isSecret(name) ? "(hidden)" : "'\(value)'"
                let reason = String(cBuffer: errorText)
                throw KafkaError(.invalidConfiguration, "property \(name)=\(shown) refused: \(reason)")
            }
        }
        return conf
    }
}

/// A `rd_kafka_topic_partition_list_t` built from Swift values; destroyed with the value.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(capacity: Int = 8) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(capacity, 1)))
    }

    /// Takes ownership of a list librdkafka allocated.
    init(owning pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
    }

    convenience init(_ offsets: [KafkaTopicPartition: KafkaOffset]) {
        self.init(capacity: offsets.count)
        for (topicPartition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            add(topicPartition, offset: offset.rawValue)
        }
    }

    convenience init(_ partitions: [KafkaTopicPartition]) {
        self.init(capacity: partitions.count)
        for topicPartition in partitions {
            add(topicPartition, offset: Int64(RD_KAFKA_OFFSET_INVALID))
        }
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    func add(_ topicPartition: KafkaTopicPartition, offset: Int64) {
        let element = rd_kafka_topic_partition_list_add(pointer, topicPartition.topic, topicPartition.partition)!
        element.pointee.offset = offset
    }

    /// The elements as Swift values, with each element's offset and error.
    static func elements(
        of list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> [(partition: KafkaTopicPartition, offset: Int64, error: rd_kafka_resp_err_t)] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return (KafkaTopicPartition(String(cString: element.topic), element.partition), element.offset, element.err)
        }
    }

    var elements: [(partition: KafkaTopicPartition, offset: Int64, error: rd_kafka_resp_err_t)] {
        Self.elements(of: pointer)
    }
}
