import Foundation
import Synchronization

/// The records of one `send` while librdkafka holds them: their bytes, and their delivery reports
/// until the last one is in, when it resumes the sender.
///
/// The values and keys are copied once into one buffer that lives as long as the batch, and
/// librdkafka is given pointers into it without copying again. That replaces a malloc, a copy and
/// a free per record (`RD_KAFKA_MSG_F_COPY`) with one allocation per batch.
///
/// Each record is enqueued with a pointer to its slot; the poll thread's delivery callback finds
/// the batch through it. The batch keeps itself alive (one retain) until the last slot is done,
/// so neither a report nor librdkafka's read of a payload can reach freed memory.
final class DeliveryBatch: Sendable {
    enum SlotResult: Sendable {
        case delivered(partition: Int32, offset: Int64)
        case failed(KafkaError)
    }

    private struct Slot {
        unowned(unsafe) let batch: DeliveryBatch
        let index: Int
    }

    /// Where a record's value and key sit in `bytes`.
    private struct Extent {
        var valueOffset: Int
        var valueCount: Int
        var keyOffset: Int
        /// -1: the record has no key.
        var keyCount: Int
    }

    let count: Int
    /// Written once in `init`, read by librdkafka and the callbacks, freed in `deinit`.
    nonisolated(unsafe) private let slots: UnsafeMutablePointer<Slot>
    nonisolated(unsafe) private let extents: UnsafeMutablePointer<Extent>
    nonisolated(unsafe) private let bytes: UnsafeMutableRawPointer
    /// One writer per slot (the poll thread, or the sender for records it never enqueued); read only
    /// after `remaining` reached zero, which orders the writes before the read.
    nonisolated(unsafe) private let results: UnsafeMutablePointer<SlotResult?>
    private let remaining: Atomic<Int>
    private let waiter = Mutex<Waiter>(Waiter())

    private struct Waiter {
        var continuation: CheckedContinuation<[SlotResult], Never>?
        var finished: [SlotResult]?
    }

    init(records: [KafkaOutgoingRecord]) {
        count = records.count
        remaining = Atomic(count)
        slots = .allocate(capacity: max(count, 1))
        extents = .allocate(capacity: max(count, 1))
        results = .allocate(capacity: max(count, 1))
        results.initialize(repeating: nil, count: count)
        var total = 0
        records.withUnsafeBufferPointer { records in
            for index in records.indices { total += records[index].value.count + (records[index].key?.count ?? 0) }
        }
        bytes = .allocate(byteCount: max(total, 1), alignment: 16)
        var offset = 0
        func append(_ data: Data) -> Int {
            let start = offset
            data.withUnsafeBytes { source in
                if let base = source.baseAddress { (bytes + offset).copyMemory(from: base, byteCount: source.count) }
            }
            offset += data.count
            return start
        }
        records.withUnsafeBufferPointer { records in
            for index in 0..<count {
                (slots + index).initialize(to: Slot(batch: self, index: index))
                let record = records.baseAddress! + index
                var extent = Extent(valueOffset: append(record.pointee.value), valueCount: record.pointee.value.count,
                                    keyOffset: 0, keyCount: -1)
                if let key = record.pointee.key {
                    extent.keyOffset = append(key)
                    extent.keyCount = key.count
                }
                (extents + index).initialize(to: extent)
            }
        }
        // Released by the slot that completes the batch.
        _ = Unmanaged.passRetained(self)
        if count == 0 {
            waiter.withLock { $0.finished = [] }
            Unmanaged.passUnretained(self).release()
        }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
        extents.deinitialize(count: count)
        extents.deallocate()
        results.deinitialize(count: count)
        results.deallocate()
        bytes.deallocate()
    }

    /// The opaque pointer to enqueue record `index` with.
    func opaque(for index: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(slots + index)
    }

    /// Record `index`'s value, valid until its delivery report.
    func value(_ index: Int) -> UnsafeRawBufferPointer {
        let extent = extents[index]
        return UnsafeRawBufferPointer(start: bytes + extent.valueOffset, count: extent.valueCount)
    }

    /// Record `index`'s key (nil without one), valid until its delivery report.
    func key(_ index: Int) -> UnsafeRawBufferPointer? {
        let extent = extents[index]
        guard extent.keyCount >= 0 else { return nil }
        return UnsafeRawBufferPointer(start: bytes + extent.keyOffset, count: extent.keyCount)
    }

    /// Called from librdkafka's delivery report callback.
    static func complete(slot pointer: UnsafeMutableRawPointer, with result: SlotResult) {
        let slot = pointer.assumingMemoryBound(to: Slot.self)
        slot.pointee.batch.record(result, range: slot.pointee.index..<(slot.pointee.index + 1))
    }

    /// Marks records that were never enqueued (the sender stopped at `range.lowerBound`).
    func abandon(_ range: Range<Int>, error: KafkaError) {
        guard !range.isEmpty else { return }
        record(.failed(error), range: range)
    }

    /// Every record's result, in the order they were given, once all are known.
    func results() async -> [SlotResult] {
        await withCheckedContinuation { continuation in
            let finished: [SlotResult]? = waiter.withLock { waiter in
                if let finished = waiter.finished { return finished }
                waiter.continuation = continuation
                return nil
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }

    private func record(_ result: SlotResult, range: Range<Int>) {
        for index in range { results[index] = result }
        guard remaining.subtract(range.count, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        let all = (0..<count).map { results[$0]! }
        let continuation = waiter.withLock { waiter in
            waiter.finished = all
            defer { waiter.continuation = nil }
            return waiter.continuation
        }
        Unmanaged.passUnretained(self).release()
        continuation?.resume(returning: all)
    }
}
