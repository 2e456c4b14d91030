import CRdKafka
import Foundation
import Logging
import Synchronization

/// The producer side of librdkafka: enqueueing records, the poll thread that serves delivery
/// reports (as events, a produce request's records at a time), flushing and transactions.
/// `KafkaProducer` is the public face.
///
/// `@unchecked Sendable`: the handle is thread-safe; the topic cache and the waiters are behind
/// mutexes; the poll thread only reads the handle.
final class RDKafkaProducerClient: @unchecked Sendable {
    let handle: RDKafkaHandle
    /// Memory for the batches of `send`, reused from one send to the next, by every producer of
    /// the process (a bench or a test makes one producer after another).
    let batchMemory = DeliveryMemoryPool.shared
    /// The main queue: delivery reports and errors arrive here as events.
    private let events: OpaquePointer
    private let topics = Mutex<[String: OpaquePointer]>([:])
    private let queueSpace = QueueSpaceSignal()
    private let pollThread: RDKafkaPollThread

    init(properties: [String: String], logger: Logger) throws(KafkaError) {
        let context = RDKafkaCallbackContext(logger: logger)
        handle = try RDKafkaHandle.make(RD_KAFKA_PRODUCER, properties: properties, context: context) { conf in
            // Delivery reports as events: one event per produce request's records, served in a loop
            // of ours, instead of one callback per record. Errors then arrive as events too (the
            // error callback is not called); other ops still run their callbacks.
            // `rd_kafka_flush` waits for the poll thread to serve the reports.
            rd_kafka_conf_set_events(conf, RD_KAFKA_EVENT_DR)
        }
        let handle = handle
        // librdkafka's queues are thread-safe; the poll thread stops before `deinit` destroys it.
        nonisolated(unsafe) let events = rd_kafka_queue_get_main(handle.pointer)!
        self.events = events
        let queueSpace = queueSpace
        pollThread = RDKafkaPollThread(name: "komfy-kafka-producer") {
            // Blocks until an event arrives or 100 ms pass.
            guard let event = rd_kafka_queue_poll(events, 100) else { return }
            defer { rd_kafka_event_destroy(event) }
            switch rd_kafka_event_type(event) {
            case RD_KAFKA_EVENT_DR:
                Self.serveDeliveryReports(event)
                queueSpace.signal()
            case RD_KAFKA_EVENT_ERROR:
                let reason = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
                handle.context.clientError(rd_kafka_event_error(event), reason: reason,
                                           isFatal: rd_kafka_event_error_is_fatal(event) != 0, rk: handle.pointer)
            default:
                break
            }
        } wake: {
            rd_kafka_queue_yield(events)
        }
    }

    deinit {
        pollThread.stop()
        queueSpace.signal()
        rd_kafka_queue_destroy(events)
        topics.withLock { topics in
            for topic in topics.values { rd_kafka_topic_destroy(topic) }
        }
    }

    /// Hands every record of a delivery report event to its `DeliveryBatch`.
    private static func serveDeliveryReports(_ event: OpaquePointer) {
        var reports = DeliveryReports()
        withUnsafeTemporaryAllocation(of: UnsafePointer<rd_kafka_message_t>?.self, capacity: 256) { messages in
            while true {
                let count = rd_kafka_event_message_array(event, messages.baseAddress, messages.count)
                guard count > 0 else { break }
                for index in 0..<count {
                    guard let message = messages[index], let slot = message.pointee._private else { continue }
                    let err = message.pointee.err
                    if err == RD_KAFKA_RESP_ERR_NO_ERROR {
                        reports.delivered(slot: slot, partition: message.pointee.partition, offset: message.pointee.offset)
                    } else {
                        reports.failed(slot: slot, error: KafkaError(.delivery, err, context: "record not delivered"))
                    }
                }
            }
        }
        reports.flush()
    }

    /// Enqueues record `index` of `batch` without copying its bytes (the batch holds them until the
    /// delivery report). Does not block. `topic` is `topicHandle(record.topic)`, looked up once by
    /// the caller for a run of records.
    func enqueue(_ record: UnsafePointer<KafkaOutgoingRecord>, index: Int, of batch: DeliveryBatch, topic: OpaquePointer,
                 headers template: RDKafkaHeaderTemplate) -> rd_kafka_resp_err_t
    {
        let headers = template.list(for: record.pointee.headers)
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
