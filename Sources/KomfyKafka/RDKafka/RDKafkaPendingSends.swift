import Synchronization

/// Sends whose records the producer's poll thread has yet to enqueue, oldest first.
final class RDKafkaPendingSends: Sendable {
    /// One `send`'s records and the batch that gets their reports; `next` is the first record
    /// not yet enqueued.
    struct Send: Sendable {
        let records: [KafkaOutgoingRecord]
        let batch: DeliveryBatch
        var next = 0
    }

    /// Rarely more than a few: a send is taken as soon as the poll thread is free.
    private let sends = Mutex<[Send]>([])
    private let unfinishedSends = Atomic<Int>(0)
    private let unfinishedRecordCount = Atomic<Int>(0)

    /// Sends submitted and not yet completely enqueued (including the one in progress).
    var unfinished: Int { unfinishedSends.load(ordering: .acquiring) }

    /// Records submitted and not yet enqueued.
    var unfinishedRecords: Int { unfinishedRecordCount.load(ordering: .relaxed) }

    func append(_ send: Send) {
        unfinishedSends.add(1, ordering: .acquiringAndReleasing)
        unfinishedRecordCount.add(send.records.count, ordering: .relaxed)
        sends.withLock { $0.append(send) }
    }

    /// The oldest waiting send, now the caller's to enqueue; `finished(_:)` once it is.
    func takeFirst() -> Send? {
        // Removed, not just passed: a taken send must not keep its records and batch alive here.
        sends.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }

    /// `count` more records are enqueued (or failed to be).
    func enqueued(_ count: Int) {
        unfinishedRecordCount.subtract(count, ordering: .relaxed)
    }

    /// Every record of `send` is enqueued (or failed to be).
    func finished(_ send: Send) {
        unfinishedSends.subtract(1, ordering: .acquiringAndReleasing)
    }
}
