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
    /// Where each delivered record was stored. One writer per slot (the poll thread); read only after
    /// `remaining` reached zero, which orders the writes before the read. Plain integers rather than
    /// a result enum per record: nothing to initialise, copy or release for the usual all-delivered
    /// batch (an enum that can carry a `KafkaError` is ~100 bytes with references to retain).
    nonisolated(unsafe) private let partitions: UnsafeMutablePointer<Int32>
    nonisolated(unsafe) private let offsets: UnsafeMutablePointer<Int64>
    /// The records that failed, by index: rare, so behind a lock.
    private let failures = Mutex<[Int: KafkaError]>([:])
    private let remaining: Atomic<Int>
    private let waiter = Mutex<Waiter>(Waiter())

    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>?
        var finished = false
    }

    init(records: [KafkaOutgoingRecord]) {
        count = records.count
        remaining = Atomic(count)
        slots = .allocate(capacity: max(count, 1))
        extents = .allocate(capacity: max(count, 1))
        partitions = .allocate(capacity: max(count, 1))
        offsets = .allocate(capacity: max(count, 1))
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
            waiter.withLock { $0.finished = true }
            Unmanaged.passUnretained(self).release()
        }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
        extents.deinitialize(count: count)
        extents.deallocate()
        partitions.deallocate()
        offsets.deallocate()
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

    /// Called from librdkafka's delivery report callback for a record the broker stored.
    static func delivered(slot pointer: UnsafeMutableRawPointer, partition: Int32, offset: Int64) {
        let slot = pointer.assumingMemoryBound(to: Slot.self)
        let batch = slot.pointee.batch, index = slot.pointee.index
        batch.partitions[index] = partition
        batch.offsets[index] = offset
        batch.finish(1)
    }

    /// Called from librdkafka's delivery report callback for a record that was not delivered.
    static func failed(slot pointer: UnsafeMutableRawPointer, error: KafkaError) {
        let slot = pointer.assumingMemoryBound(to: Slot.self)
        slot.pointee.batch.fail(slot.pointee.index..<(slot.pointee.index + 1), error: error)
    }

    /// Marks records that were never enqueued (the sender stopped at `range.lowerBound`).
    func abandon(_ range: Range<Int>, error: KafkaError) {
        guard !range.isEmpty else { return }
        fail(range, error: error)
    }

    /// Returns once every record is delivered or failed.
    func completion() async {
        await withCheckedContinuation { continuation in
            let finished = waiter.withLock { waiter in
                if waiter.finished { return true }
                waiter.continuation = continuation
                return false
            }
            if finished { continuation.resume() }
        }
    }

    /// After `completion()`: where record `index` was stored. Only for a record that did not fail.
    func storedAt(_ index: Int) -> (partition: Int32, offset: Int64) {
        (partitions[index], offsets[index])
    }

    /// After `completion()`: the failed records' errors, in record order.
    func failedRecords() -> [(index: Int, error: KafkaError)] {
        failures.withLock { $0.sorted { $0.key < $1.key }.map { (index: $0.key, error: $0.value) } }
    }

    /// After `completion()`: whether any record failed.
    var hasFailures: Bool { failures.withLock { !$0.isEmpty } }

    private func fail(_ range: Range<Int>, error: KafkaError) {
        failures.withLock { failures in
            for index in range { failures[index] = error }
        }
        finish(range.count)
    }

    private func finish(_ done: Int) {
        guard remaining.subtract(done, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        let continuation = waiter.withLock { waiter in
            waiter.finished = true
            defer { waiter.continuation = nil }
            return waiter.continuation
        }
        Unmanaged.passUnretained(self).release()
        continuation?.resume()
    }
}
