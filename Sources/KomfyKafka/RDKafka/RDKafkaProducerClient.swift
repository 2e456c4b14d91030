import CRdKafka
import Foundation
import Logging
import Synchronization

/// The producer side of librdkafka: enqueueing records, the poll thread that serves delivery
/// reports, flushing and transactions. `KafkaProducer` is the public face.
///
/// `@unchecked Sendable`: the handle is thread-safe; the topic cache and the waiters are behind
/// mutexes; the poll thread only reads the handle.
final class RDKafkaProducerClient: @unchecked Sendable {
    let handle: RDKafkaHandle
    private let topics = Mutex<[String: OpaquePointer]>([:])
    private let queueSpace = QueueSpaceSignal()
    private let pollThread: RDKafkaPollThread

    init(properties: [String: String], logger: Logger) throws(KafkaError) {
        let context = RDKafkaCallbackContext(logger: logger)
        handle = try RDKafkaHandle.make(RD_KAFKA_PRODUCER, properties: properties, context: context) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryReportCallback)
        }
        let handle = handle
        let queueSpace = queueSpace
        pollThread = RDKafkaPollThread(name: "komfy-kafka-producer") {
            // Blocks until an event arrives or 100 ms pass; delivery reports run their callbacks here.
            let served = rd_kafka_poll(handle.pointer, 100)
            if served > 0 { queueSpace.signal() }
        } wake: {
            rd_kafka_yield(handle.pointer)
        }
    }

    deinit {
        pollThread.stop()
        queueSpace.signal()
        topics.withLock { topics in
            for topic in topics.values { rd_kafka_topic_destroy(topic) }
        }
    }

    /// Enqueues record `index` of `batch` without copying its bytes (the batch holds them until the
    /// delivery report). Does not block. `topic` is `topicHandle(record.topic)`, looked up once by
    /// the caller for a run of records.
    func enqueue(_ record: UnsafePointer<KafkaOutgoingRecord>, index: Int, of batch: DeliveryBatch, topic: OpaquePointer)
        -> rd_kafka_resp_err_t
    {
        var headers: OpaquePointer?
        let headerCount = record.pointee.headers.count
        if headerCount > 0 {
            headers = rd_kafka_headers_new(headerCount)
            for index in 0..<headerCount {
                record.pointee.headers[index].name.withCString { name in
                    if let value = record.pointee.headers[index].value {
                        value.withUnsafeBytes { bytes in
                            _ = rd_kafka_header_add(headers, name, -1, bytes.baseAddress, bytes.count)
                        }
                    } else {
                        _ = rd_kafka_header_add(headers, name, -1, nil, 0)
                    }
                }
            }
        }
        let value = batch.value(index)
        let key = batch.key(index)
        let err = withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { fields in
            var count = 0
            func add(_ type: rd_kafka_vtype_t, _ set: (inout rd_kafka_vu_t) -> Void) {
                var field = rd_kafka_vu_t()
                field.vtype = type
                set(&field)
                fields[count] = field
                count += 1
            }
            add(RD_KAFKA_VTYPE_RKT) { $0.u.rkt = topic }
            // Without a partition (RD_KAFKA_PARTITION_UA), the partitioner picks one from the key.
            add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = record.pointee.partition ?? -1 }
            // No RD_KAFKA_MSG_F_COPY: the bytes live in the batch until the delivery report.
            add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = 0 }
            add(RD_KAFKA_VTYPE_VALUE) {
                $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                $0.u.mem.size = value.count
            }
            if let key {
                add(RD_KAFKA_VTYPE_KEY) {
                    $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                    $0.u.mem.size = key.count
                }
            }
            if let headers {
                add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers }
            }
            add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = batch.opaque(for: index) }
            guard let error = rd_kafka_produceva(handle.pointer, fields.baseAddress, count) else {
                return RD_KAFKA_RESP_ERR_NO_ERROR
            }
            let code = rd_kafka_error_code(error)
            rd_kafka_error_destroy(error)
            return code
        }
        // On success librdkafka owns the headers; on failure they are still ours.
        if err != RD_KAFKA_RESP_ERR_NO_ERROR, let headers { rd_kafka_headers_destroy(headers) }
        return err
    }

    /// Waits until the poll thread has served at least one event, i.e. until the local queue had
    /// a chance to drain, after `enqueue` answered `_QUEUE_FULL`.
    func waitForQueueSpace() async {
        await queueSpace.wait()
    }

    /// Blocks until every enqueued record is delivered or failed, or the timeout passes.
    func flush(timeoutMs: Int32) -> rd_kafka_resp_err_t {
        rd_kafka_flush(handle.pointer, timeoutMs)
    }

    /// Records enqueued and not yet reported.
    var outstanding: Int32 { rd_kafka_outq_len(handle.pointer) }

    func topicHandle(_ name: String) -> OpaquePointer {
        topics.withLock { topics in
            if let topic = topics[name] { return topic }
            let topic = rd_kafka_topic_new(handle.pointer, name, nil)!
            topics[name] = topic
            return topic
        }
    }
}

/// Runs on the poll thread for every delivered or failed record, and hands the result to the
/// `DeliveryBatch` slot the record was enqueued with.
private let deliveryReportCallback: @convention(c) (
    OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?
) -> Void = { _, message, _ in
    guard let message, let slot = message.pointee._private else { return }
    let err = message.pointee.err
    if err == RD_KAFKA_RESP_ERR_NO_ERROR {
        DeliveryBatch.delivered(slot: slot, partition: message.pointee.partition, offset: message.pointee.offset)
    } else {
        DeliveryBatch.failed(slot: slot, error: KafkaError(.delivery, err, context: "record not delivered"))
    }
}

/// Wakes senders waiting for room in librdkafka's local queue.
private final class QueueSpaceSignal: Sendable {
    private let waiters = Mutex<[CheckedContinuation<Void, Never>]>([])

    func wait() async {
        await withCheckedContinuation { continuation in
            waiters.withLock { $0.append(continuation) }
        }
    }

    func signal() {
        let waiting = waiters.withLock { waiters in
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in waiting { waiter.resume() }
    }
}
