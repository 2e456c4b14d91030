import Synchronization

/// Collects the delivery reports of records sent together and resumes their sender once all are in.
///
/// Each record is enqueued with a pointer to its slot; the poll thread's delivery callback finds
/// the batch through it. The batch keeps itself alive (one retain) until the last slot is done,
/// so a report can never reach a freed batch.
final class DeliveryBatch: Sendable {
    enum SlotResult: Sendable {
        case delivered(partition: Int32, offset: Int64)
        case failed(KafkaError)
    }

    private struct Slot {
        unowned(unsafe) let batch: DeliveryBatch
        let index: Int
    }

    private struct State {
        var remaining: Int
        var results: [SlotResult?]
        var continuation: CheckedContinuation<[SlotResult], Never>?
        var finished: [SlotResult]?
    }

    private let state: Mutex<State>
    /// `@unchecked`-free raw storage: written once in `init`, read by callbacks, freed in `deinit`.
    nonisolated(unsafe) private let slots: UnsafeMutablePointer<Slot>
    let count: Int

    init(count: Int) {
        self.count = count
        state = Mutex(State(remaining: count, results: Array(repeating: nil, count: count)))
        slots = .allocate(capacity: max(count, 1))
        for index in 0..<count {
            (slots + index).initialize(to: Slot(batch: self, index: index))
        }
        // Released by the slot that completes the batch.
        _ = Unmanaged.passRetained(self)
        if count == 0 {
            state.withLock { $0.finished = [] }
            Unmanaged.passUnretained(self).release()
        }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// The opaque pointer to enqueue record `index` with.
    func opaque(for index: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(slots + index)
    }

    /// Called from librdkafka's delivery report callback.
    static func complete(slot pointer: UnsafeMutableRawPointer, with result: SlotResult) {
        let slot = pointer.assumingMemoryBound(to: Slot.self).pointee
        slot.batch.record(result, range: slot.index..<(slot.index + 1))
    }

    /// Marks records that were never enqueued (the sender stopped at `range.lowerBound`).
    func abandon(_ range: Range<Int>, error: KafkaError) {
        guard !range.isEmpty else { return }
        record(.failed(error), range: range)
    }

    /// Every record's result, in the order they were given, once all are known.
    func results() async -> [SlotResult] {
        await withCheckedContinuation { continuation in
            let finished: [SlotResult]? = state.withLock { state in
                if let finished = state.finished { return finished }
                state.continuation = continuation
                return nil
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }

    private func record(_ result: SlotResult, range: Range<Int>) {
        let completion: (CheckedContinuation<[SlotResult], Never>?, [SlotResult])? = state.withLock { state in
            for index in range { state.results[index] = result }
            state.remaining -= range.count
            guard state.remaining == 0 else { return nil }
            let results = state.results.map { $0! }
            state.finished = results
            defer { state.continuation = nil }
            return (state.continuation, results)
        }
        guard let (continuation, results) = completion else { return }
        Unmanaged.passUnretained(self).release()
        continuation?.resume(returning: results)
    }
}
