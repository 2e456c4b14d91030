import CRdKafka
import Foundation
import Logging
import Synchronization

/// The producer side of librdkafka: the poll thread that enqueues records and serves their
/// delivery reports, flushing and transactions. `KafkaProducer` is the public face.
///
/// One thread both enqueues every record and serves every delivery report (as events, a produce
/// request's records at a time), as librdkafka's own tools do from their main thread: librdkafka
/// allocates a message and its headers when a record is enqueued and frees them with the report,
/// so allocation and free stay on one thread and its malloc caches. Enqueued from the sending
/// tasks and freed on the poll thread, every freed chunk went back to another thread's arena,
/// and each large allocation (a send's report array) first consolidated tens of thousands of them.
///
/// `@unchecked Sendable`: the handle is thread-safe; the pending sends are behind a mutex; the
/// enqueue state (topic handles, header template) is touched only by the poll thread, and by
/// `deinit` after the thread stopped.
final class RDKafkaProducerClient: @unchecked Sendable {
    let handle: RDKafkaHandle
    /// Memory for the batches of `send`, reused from one send to the next, by every producer of
    /// the process (a bench or a test makes one producer after another).
    let batchMemory = DeliveryMemoryPool.shared
    /// The main queue: delivery reports and errors arrive here as events.
    private let events: OpaquePointer
    private let pending: RDKafkaPendingSends
    private let enqueuer: Enqueuer
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
        let pending = RDKafkaPendingSends()
        self.pending = pending
        let enqueuer = Enqueuer(handle: handle, pending: pending)
        self.enqueuer = enqueuer
        pollThread = RDKafkaPollThread(name: "komfy-kafka-producer") {
            // Enqueue what waits (a slice of it if much waits), then serve one event: wait for it
            // if nothing else is left to do, or the local queue is full until reports free room.
            let moreToEnqueue = enqueuer.enqueuePending()
            guard let event = rd_kafka_queue_poll(events, moreToEnqueue ? 0 : Self.idlePollMs) else { return }
            defer { rd_kafka_event_destroy(event) }
            switch rd_kafka_event_type(event) {
            case RD_KAFKA_EVENT_DR:
                Self.serveDeliveryReports(event)
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

    /// How long the poll thread waits for an event when it has nothing to enqueue. A new send
    /// wakes it at once (`rd_kafka_queue_yield`); the bound only matters if that wake-up arrives
    /// in the instant between librdkafka's check for it and its wait.
    private static let idlePollMs: Int32 = 10

    deinit {
        pollThread.stop()
        rd_kafka_queue_destroy(events)
        enqueuer.destroyTopics()
    }

    /// Hands `records` to the poll thread, which enqueues them in order after the sends before.
    /// `batch` holds their bytes and gets their delivery reports (or the enqueueing error of a
    /// refused record, and of every record after it).
    func submit(_ records: [KafkaOutgoingRecord], batch: DeliveryBatch) {
        guard !records.isEmpty else { return }
        pending.append(RDKafkaPendingSends.Send(records: records, batch: batch))
        rd_kafka_queue_yield(events)
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

    /// Blocks until every submitted record is enqueued and then delivered or failed, or the
    /// timeout passes.
    func flush(timeoutMs: Int32) -> rd_kafka_resp_err_t {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMs))
        while pending.unfinished > 0 {
            guard ContinuousClock.now < deadline else { return RD_KAFKA_RESP_ERR__TIMED_OUT }
            usleep(1000)
        }
        return rd_kafka_flush(handle.pointer, max(0, (deadline - ContinuousClock.now).milliseconds))
    }

    /// Records submitted and not yet reported.
    var outstanding: Int { pending.unfinishedRecords + Int(rd_kafka_outq_len(handle.pointer)) }
}

/// The poll thread's side of enqueueing: the send in progress, topic handles and the header
/// template. `@unchecked Sendable`: only the poll thread uses it (and `deinit` after it stopped).
private final class Enqueuer: @unchecked Sendable {
    /// Records enqueued per call before the poll thread serves an event, so reports keep flowing
    /// while many sends wait.
    static let sliceRecords = 2048

    let handle: RDKafkaHandle
    let pending: RDKafkaPendingSends
    private var current: RDKafkaPendingSends.Send?
    private var topics: [String: OpaquePointer] = [:]
    private var topicName = ""
    private var topic: OpaquePointer?
    private let headers = RDKafkaHeaderTemplate()

    init(handle: RDKafkaHandle, pending: RDKafkaPendingSends) {
        self.handle = handle
        self.pending = pending
    }

    func destroyTopics() {
        for topic in topics.values { rd_kafka_topic_destroy(topic) }
        topics = [:]
    }

    /// Enqueues up to `sliceRecords` waiting records. Returns whether more can be enqueued now
    /// (false when nothing waits, or when librdkafka's queue is full until reports free room).
    func enqueuePending() -> Bool {
        var budget = Self.sliceRecords
        while budget > 0 {
            if current == nil { current = pending.takeFirst() }
            guard var send = current else { return false }
            let first = send.next
            let err = send.records.withUnsafeBufferPointer { records in
                while send.next < records.count, budget > 0 {
                    // Through a pointer: reading fields in place copies no record (and retains nothing).
                    let record = records.baseAddress! + send.next
                    if topic == nil || record.pointee.topic != topicName {
                        topicName = record.pointee.topic
                        topic = topicHandle(topicName)
                    }
                    let err = RDKafkaProducerClient.enqueue(handle, record, index: send.next, of: send.batch, topic: topic!,
                                                            headers: headers)
                    guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { return err }
                    send.next += 1
                    budget -= 1
                }
                return RD_KAFKA_RESP_ERR_NO_ERROR
            }
            if err == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                pending.enqueued(send.next - first)
                current = send
                return false
            }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let topicName = send.records[send.next].topic
                send.batch.abandon(send.next..<send.records.count,
                                   error: KafkaError(.delivery, err, context: "enqueueing a record for \(topicName)"))
                send.next = send.records.count
            }
            pending.enqueued(send.next - first)
            if send.next == send.records.count {
                current = nil
                pending.finished(send)
            } else {
                current = send
            }
        }
        return true
    }

    private func topicHandle(_ name: String) -> OpaquePointer {
        if let topic = topics[name] { return topic }
        let topic = rd_kafka_topic_new(handle.pointer, name, nil)!
        topics[name] = topic
        return topic
    }
}

extension RDKafkaProducerClient {
    /// Enqueues record `index` of `batch` without copying its bytes (the batch holds them until the
    /// delivery report). Does not block. `topic` is `topicHandle(record.topic)`, looked up once by
    /// the caller for a run of records.
    static func enqueue(_ handle: RDKafkaHandle, _ record: UnsafePointer<KafkaOutgoingRecord>, index: Int,
                        of batch: DeliveryBatch, topic: OpaquePointer, headers template: RDKafkaHeaderTemplate)
        -> rd_kafka_resp_err_t
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
}
