import Foundation
import Synchronization

/// The records of one `send` while librdkafka holds them: their bytes, and their delivery reports
/// until the last one is in, when it resumes the sender.
///
/// The values and keys are copied once into one buffer that lives as long as the batch, and
/// librdkafka is given pointers into it without copying again. That replaces a malloc, a copy and
/// a free per record (`RD_KAFKA_MSG_F_COPY`) with one block per batch, taken from a
/// `DeliveryMemoryPool` and given back in `deinit`.
///
/// Each record is enqueued with a pointer to its slot; the poll thread finds the batch through it
/// (`DeliveryReports`). The batch keeps itself alive (one retain) until the last slot is done,
/// so neither a report nor librdkafka's read of a payload can reach freed memory.
final class DeliveryBatch: Sendable {
    fileprivate struct Slot {
        /// Unretained: the batch keeps itself alive until its last slot is done.
        let batch: Unmanaged<DeliveryBatch>
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
    private let pool: DeliveryMemoryPool
    /// Holds `slots`, `extents`, `partitions`, `offsets` and `bytes`, in that order; back to the
    /// pool in `deinit`.
    private let memory: DeliveryMemoryPool.Block
    /// Written once in `init`, read by librdkafka and the callbacks, freed in `deinit`.
    nonisolated(unsafe) private let slots: UnsafeMutablePointer<Slot>
    nonisolated(unsafe) private let extents: UnsafeMutablePointer<Extent>
    nonisolated(unsafe) private let bytes: UnsafeMutableRawPointer
    /// Where each delivered record was stored. One writer per slot (the poll thread); read only after
    /// `remaining` reached zero, which orders the writes before the read. Plain integers rather than
    /// a result enum per record: nothing to initialise, copy or release for the usual all-delivered
    /// batch (an enum that can carry a `KafkaError` is ~100 bytes with references to retain).
    nonisolated(unsafe) fileprivate let partitions: UnsafeMutablePointer<Int32>
    nonisolated(unsafe) fileprivate let offsets: UnsafeMutablePointer<Int64>
    /// The records that failed, by index: rare, so behind a lock.
    private let failures = Mutex<[Int: KafkaError]>([:])
    private let remaining: Atomic<Int>
    private let waiter = Mutex<Waiter>(Waiter())

    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>?
        var finished = false
    }

    /// Copies the records' values and keys into memory from `pool`.
    init(records: [KafkaOutgoingRecord], pool: DeliveryMemoryPool) {
        count = records.count
        self.pool = pool
        remaining = Atomic(count)
        var total = 0
        records.withUnsafeBufferPointer { records in
            for index in records.indices { total += records[index].value.count + (records[index].key?.count ?? 0) }
        }
        // Every part starts 16-byte aligned.
        func rounded(_ size: Int) -> Int { (size + 15) & ~15 }
        let slotsSize = rounded(count * MemoryLayout<Slot>.stride)
        let extentsSize = rounded(count * MemoryLayout<Extent>.stride)
        let partitionsSize = rounded(count * MemoryLayout<Int32>.stride)
        let offsetsSize = rounded(count * MemoryLayout<Int64>.stride)
        memory = pool.take(byteCount: slotsSize + extentsSize + partitionsSize + offsetsSize + total)
        var start = memory.pointer
        slots = start.bindMemory(to: Slot.self, capacity: count)
        start += slotsSize
        extents = start.bindMemory(to: Extent.self, capacity: count)
        start += extentsSize
        partitions = start.bindMemory(to: Int32.self, capacity: count)
        start += partitionsSize
        offsets = start.bindMemory(to: Int64.self, capacity: count)
        start += offsetsSize
        bytes = start
        let batch = Unmanaged.passUnretained(self)
        records.withUnsafeBufferPointer { records in
            // Local to the closure, so no access to it needs a dynamic exclusivity check.
            var offset = 0
            for index in 0..<count {
                (slots + index).initialize(to: Slot(batch: batch, index: index))
                let record = records.baseAddress! + index
                var extent = Extent(valueOffset: offset, valueCount: record.pointee.value.count, keyOffset: 0, keyCount: -1)
                offset += Self.copy(record.pointee.value, to: bytes + offset)
                if let key = record.pointee.key {
                    extent.keyOffset = offset
                    extent.keyCount = key.count
                    offset += Self.copy(key, to: bytes + offset)
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

    /// Copies `data` to `destination`; returns its count.
    private static func copy(_ data: Data, to destination: UnsafeMutableRawPointer) -> Int {
        data.withUnsafeBytes { source in
            if let base = source.baseAddress { destination.copyMemory(from: base, byteCount: source.count) }
            return source.count
        }
    }

    deinit {
        // Slots and extents hold no references (the batch is `unowned(unsafe)`): nothing to deinitialise.
        pool.give(memory)
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

    fileprivate func fail(_ range: Range<Int>, error: KafkaError) {
        failures.withLock { failures in
            for index in range { failures[index] = error }
        }
        finish(range.count)
    }

    fileprivate func finish(_ done: Int) {
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

/// Hands the delivery reports of one librdkafka event to their batches, on the poll thread.
///
/// The reports of one event are mostly runs of records of one batch (librdkafka reports a produce
/// request's records together); a run of delivered records costs one update of its batch's count
/// instead of one per record, and no reference counting per record. Call `flush()` after the
/// event's last report.
struct DeliveryReports {
    /// The batch of the current run, and where its reports go.
    private var batch: Unmanaged<DeliveryBatch>?
    private var partitions: UnsafeMutablePointer<Int32>?
    private var offsets: UnsafeMutablePointer<Int64>?
    /// Delivered records of the current run not yet counted.
    private var pending = 0

    /// Record `slot` (the opaque pointer it was enqueued with) is stored at `partition`, `offset`.
    mutating func delivered(slot pointer: UnsafeMutableRawPointer, partition: Int32, offset: Int64) {
        let slot = pointer.assumingMemoryBound(to: DeliveryBatch.Slot.self)
        if batch?.toOpaque() != slot.pointee.batch.toOpaque() {
            flush()
            batch = slot.pointee.batch
            slot.pointee.batch._withUnsafeGuaranteedRef { batch in
                partitions = batch.partitions
                offsets = batch.offsets
            }
        }
        partitions![slot.pointee.index] = partition
        offsets![slot.pointee.index] = offset
        pending += 1
    }

    /// Record `slot` was not delivered.
    mutating func failed(slot pointer: UnsafeMutableRawPointer, error: KafkaError) {
        // The run before it first: the failure may be the batch's last record.
        flush()
        let slot = pointer.assumingMemoryBound(to: DeliveryBatch.Slot.self)
        let index = slot.pointee.index
        // A strong reference for the call: completing the batch may release its last other one.
        slot.pointee.batch.takeUnretainedValue().fail(index..<(index + 1), error: error)
    }

    /// Counts the current run. After it the run's batch may be gone (its sender resumed).
    mutating func flush() {
        if let batch, pending > 0 {
            batch.takeUnretainedValue().finish(pending)
        }
        batch = nil
        partitions = nil
        offsets = nil
        pending = 0
    }
}
