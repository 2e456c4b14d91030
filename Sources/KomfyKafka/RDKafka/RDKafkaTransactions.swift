import CRdKafka

/// librdkafka's transactional producer calls. Each blocks up to its timeout; callers run them off
/// the cooperative thread pool (see `BlockingCall`).
extension RDKafkaProducerClient {
    func initTransactions(timeoutMs: Int32) throws(KafkaError) {
        if let error = rd_kafka_init_transactions(handle.pointer, timeoutMs) {
            throw KafkaError(.transaction, consuming: error, context: "initialising transactions")
        }
    }

    func beginTransaction() throws(KafkaError) {
        if let error = rd_kafka_begin_transaction(handle.pointer) {
            throw KafkaError(.transaction, consuming: error, context: "beginning a transaction")
        }
    }

    /// Adds the consumer's input offsets to the transaction, so they commit together with its outputs.
    func sendOffsetsToTransaction(
        _ offsets: [KafkaTopicPartition: Int64], consumer: RDKafkaHandle, timeoutMs: Int32
    ) throws(KafkaError) {
        guard let groupMetadata = rd_kafka_consumer_group_metadata(consumer.pointer) else {
            throw KafkaError(.transaction, "the consumer has no group: only a group member's offsets can join a transaction")
        }
        defer { rd_kafka_consumer_group_metadata_destroy(groupMetadata) }
        let list = RDKafkaTopicPartitionList(offsets.mapValues { KafkaOffset($0) })
        if let error = rd_kafka_send_offsets_to_transaction(handle.pointer, list.pointer, groupMetadata, timeoutMs) {
            throw KafkaError(.transaction, consuming: error, context: "adding offsets to the transaction")
        }
    }

    func commitTransaction(timeoutMs: Int32) throws(KafkaError) {
        if let error = rd_kafka_commit_transaction(handle.pointer, timeoutMs) {
            throw KafkaError(.transaction, consuming: error, context: "committing the transaction")
        }
    }

    func abortTransaction(timeoutMs: Int32) throws(KafkaError) {
        if let error = rd_kafka_abort_transaction(handle.pointer, timeoutMs) {
            throw KafkaError(.transaction, consuming: error, context: "aborting the transaction")
        }
    }
}
