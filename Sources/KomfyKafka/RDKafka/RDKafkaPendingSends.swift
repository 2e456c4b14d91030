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

    private struct State {
        var sends: [Send] = []
        var head = 0
    }

    private let state = Mutex(State())
    private let unfinishedSends = Atomic<Int>(0)
    private let unfinishedRecordCount = Atomic<Int>(0)

    /// Sends submitted and not yet completely enqueued (including the one in progress).
    var unfinished: Int { unfinishedSends.load(ordering: .acquiring) }

    /// Records submitted and not yet enqueued.
    var unfinishedRecords: Int { unfinishedRecordCount.load(ordering: .relaxed) }

    func append(_ send: Send) {
        unfinishedSends.add(1, ordering: .acquiringAndReleasing)
        unfinishedRecordCount.add(send.records.count, ordering: .relaxed)
        state.withLock { $0.sends.append(send) }
    }

    /// The oldest waiting send, now the caller's to enqueue; `finished(_:)` once it is.
    func takeFirst() -> Send? {
        state.withLock { state in
            guard state.head < state.sends.count else { return nil }
            let send = state.sends[state.head]
            state.head += 1
            // Drop the taken ones now and then rather than shifting the array on every take.
            if state.head == state.sends.count {
                state.sends.removeAll(keepingCapacity: true)
                state.head = 0
            } else if state.head >= 64 {
                state.sends.removeFirst(state.head)
                state.head = 0
            }
            return send
        }
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
