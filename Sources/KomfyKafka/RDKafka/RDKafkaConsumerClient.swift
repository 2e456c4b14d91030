import CRdKafka
import Dispatch
import Foundation
import Logging

/// The consumer side of librdkafka: subscribing or assigning, batch consumption, commits,
/// pause/resume and the rebalance protocol. `KafkaConsumer` is the public face.
///
/// `@unchecked Sendable`: the handle and its queue are thread-safe; `consume` and `close` run only
/// on the owner's serial poll queue, which is what makes the reused message buffer safe.
final class RDKafkaConsumerClient: @unchecked Sendable {
    let handle: RDKafkaHandle
    private let queue: OpaquePointer
    private let messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    private let capacity: Int
    private var topicNames: [OpaquePointer: String] = [:]
    private var headerCache = RDKafkaHeaderCache()

    init(properties: [String: String], maxBatchSize: Int, logger: Logger,
         rebalanceHandler: KafkaRebalanceHandler?) throws(KafkaError) {
        let context = RDKafkaCallbackContext(logger: logger) { rk, kind, list in
            Self.rebalance(rk, kind, list, handler: rebalanceHandler, logger: logger)
        }
        handle = try RDKafkaHandle.make(RD_KAFKA_CONSUMER, properties: properties, context: context) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        }
        // Logs, errors and rebalances arrive on the consumer queue, served by our polls.
        rd_kafka_poll_set_consumer(handle.pointer)
        guard let queue = rd_kafka_queue_get_consumer(handle.pointer) else {
            throw KafkaError(.clientCreation, "the consumer has no group queue (group.id missing)")
        }
        self.queue = queue
        capacity = max(maxBatchSize, 1)
        messages = .allocate(capacity: capacity)
    }

    deinit {
        rd_kafka_queue_destroy(queue)
        messages.deallocate()
    }

    func subscribe(_ topics: [String]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(topics.map { KafkaTopicPartition($0, -1) })
        let err = rd_kafka_subscribe(handle.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.assignment, err, context: "subscribing to \(topics.joined(separator: ", "))")
        }
    }

    func assign(_ offsets: [KafkaTopicPartition: KafkaOffset]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        let err = rd_kafka_assign(handle.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.assignment, err, context: "assigning \(offsets.count) partitions")
        }
    }

    func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = rd_kafka_assignment(handle.pointer, &list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
            throw KafkaError(.assignment, err, context: "reading the assignment")
        }
        return RDKafkaTopicPartitionList(owning: list).elements.map(\.partition)
    }

    /// Waits up to `timeoutMs` for a first record, then takes whatever else is already fetched, up
    /// to the batch size. (`rd_kafka_consume_batch_queue` alone would wait for a full batch.)
    /// Must run on the owner's poll queue.
    func consume(maxRecords: Int, timeoutMs: Int32) -> (records: [KafkaRecord], errors: [KafkaError]) {
        let limit = min(max(maxRecords, 1), capacity)
        var count = rd_kafka_consume_batch_queue(queue, timeoutMs, messages, 1)
        if count == 1, limit > 1 {
            let more = rd_kafka_consume_batch_queue(queue, 0, messages + 1, limit - 1)
            if more > 0 { count += more }
        }
        guard count > 0 else { return ([], []) }
        var records: [KafkaRecord] = []
        records.reserveCapacity(count)
        var errors: [KafkaError] = []
        for index in 0..<count {
            guard let message = messages[index] else { continue }
            defer { rd_kafka_message_destroy(message) }
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                records.append(record(from: message))
            } else if message.pointee.err != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                let detail = message.pointee.payload.map {
                    String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
                } ?? ""
                errors.append(KafkaError(.consume, message.pointee.err, context: detail))
            }
        }
        return (records, errors)
    }

    /// Makes a blocked `consume` return early.
    func wake() {
        rd_kafka_queue_yield(queue)
    }

    /// Commits the next offset to read per partition, synchronously.
    func commit(_ offsets: [KafkaTopicPartition: Int64]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets.mapValues { KafkaOffset($0) })
        let err = rd_kafka_commit(handle.pointer, list.pointer, 0)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.commit, err, context: "committing offsets of \(offsets.count) partitions")
        }
        if let failed = list.elements.first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
            throw KafkaError(.commit, failed.error, context: "committing the offset of \(failed.partition)")
        }
    }

    /// The group's committed offsets (nil where nothing is committed).
    func committed(_ partitions: [KafkaTopicPartition], timeoutMs: Int32) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        let list = RDKafkaTopicPartitionList(partitions)
        let err = rd_kafka_committed(handle.pointer, list.pointer, timeoutMs)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.commit, err, context: "reading committed offsets")
        }
        var result: [KafkaTopicPartition: Int64] = [:]
        for element in list.elements where element.offset >= 0 {
            result[element.partition] = element.offset
        }
        return result
    }

    func pause(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(partitions)
        let err = rd_kafka_pause_partitions(handle.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.assignment, err, context: "pausing \(partitions.count) partitions")
        }
    }

    func resume(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(partitions)
        let err = rd_kafka_resume_partitions(handle.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.assignment, err, context: "resuming \(partitions.count) partitions")
        }
    }

    func seek(_ offsets: [KafkaTopicPartition: KafkaOffset], timeoutMs: Int32) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        if let error = rd_kafka_seek_partitions(handle.pointer, list.pointer, timeoutMs) {
            throw KafkaError(.assignment, consuming: error, context: "seeking \(offsets.count) partitions")
        }
        if let failed = list.elements.first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
            throw KafkaError(.assignment, failed.error, context: "seeking \(failed.partition)")
        }
    }

    /// The oldest and the next offset of a partition, as the broker reports them now.
    func watermarks(_ partition: KafkaTopicPartition, timeoutMs: Int32) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(handle.pointer, partition.topic, partition.partition, &low, &high, timeoutMs)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.metadata, err, context: "reading the watermarks of \(partition)")
        }
        return (low, high)
    }

    /// Leaves the group (revoking through the rebalance handler) and stops fetching.
    /// Must run on the owner's poll queue.
    func close() throws(KafkaError) {
        let err = rd_kafka_consumer_close(handle.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.consume, err, context: "closing the consumer")
        }
    }

    private func record(from message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaRecord {
        let m = message.pointee
        let topic = topicName(m.rkt)
        let value = m.payload.map { Data(bytes: $0, count: m.len) } ?? Data()
        let key = m.key.map { Data(bytes: $0, count: m.key_len) }
        var headers: [KafkaHeader] = []
        var list: OpaquePointer?
        if rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            headers = headerCache.headers(of: list)
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return KafkaRecord(topic: topic, partition: m.partition, offset: m.offset, key: key, value: value,
                           headers: headers, timestamp: timestamp >= 0 ? timestamp : nil)
    }

    private func topicName(_ topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        if let name = topicNames[topic] { return name }
        let name = String(cString: rd_kafka_topic_name(topic))
        topicNames[topic] = name
        return name
    }

    /// Tells the owner, waits for its handler, then applies the change, in the eager or the
    /// cooperative protocol, whichever the group uses.
    private static func rebalance(
        _ rk: OpaquePointer, _ kind: RDKafkaCallbackContext.RebalanceKind,
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
        handler: KafkaRebalanceHandler?, logger: Logger
    ) {
        let partitions = RDKafkaTopicPartitionList.elements(of: list).map(\.partition)
        // NULL until the group has settled on a protocol (e.g. a revoke while leaving before the
        // first join completed): that is not the cooperative protocol.
        let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
        switch kind {
        case .assign:
            logger.info("Partitions assigned", metadata: ["kafka.partitions": "\(partitions)"])
            waitFor(handler, .assigned(partitions))
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, list) {
                    logger.error("Assigning partitions failed: \(KafkaError(.assignment, consuming: error, context: "assign"))")
                }
            } else {
                let err = rd_kafka_assign(rk, list)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.error("Assigning partitions failed: \(KafkaError(.assignment, err, context: "assign"))")
                }
            }
        case .revoke:
            let lost = rd_kafka_assignment_lost(rk) != 0
            logger.info(lost ? "Partitions lost" : "Partitions revoked", metadata: ["kafka.partitions": "\(partitions)"])
            waitFor(handler, lost ? .lost(partitions) : .revoked(partitions))
            if cooperative {
                if let error = rd_kafka_incremental_unassign(rk, list) { rd_kafka_error_destroy(error) }
            } else {
                _ = rd_kafka_assign(rk, nil)
            }
        }
    }

    /// Runs the async handler to completion from librdkafka's callback. This blocks the poll
    /// queue's thread, never a thread of the cooperative pool, which the handler runs on.
    private static func waitFor(_ handler: KafkaRebalanceHandler?, _ event: KafkaRebalanceEvent) {
        guard let handler else { return }
        let done = DispatchSemaphore(value: 0)
        Task {
            await handler(event)
            done.signal()
        }
        done.wait()
    }
}

private let rebalanceCallback: @convention(c) (
    OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?
) -> Void = { rk, err, list, opaque in
    guard let rk, let list, let opaque else { return }
    let context = Unmanaged<RDKafkaCallbackContext>.fromOpaque(opaque).takeUnretainedValue()
    let kind: RDKafkaCallbackContext.RebalanceKind = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS ? .assign : .revoke
    context.rebalance?(rk, kind, list)
}
