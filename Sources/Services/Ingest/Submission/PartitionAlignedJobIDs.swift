import Foundation
import KomfyEvents
import KomfyKafka
import Synchronization

/// Mints the ids of new jobs so that jobs submitted close together land on the same partition of
/// `komfy.job-events`: the partitioner hashes the job id, so ingest picks ids whose hash names the
/// partition of the moment, and moves to the next partition every `window`.
///
/// Why: every submission waits for its acknowledgement, so the producer holds only as many records
/// as there are requests in flight. Spread over 24 partitions by random ids, a produce request of 64
/// records carried ~24 record batches of 2-3 records, and the broker's cost is per batch: the
/// embedded Tansu spent 36-38 µs of CPU per record that way against 4-5 µs with every record on one
/// partition (rdkafka_performance, 20,000 1 KiB records, 64 queued). Kafka's own sticky partitioner
/// does the same for records without a key; a job's key is its id, so ingest chooses the id.
///
/// Nothing depends on it for correctness: the producer still computes every record's partition from
/// its key, so a stale partition count (partitions added) only loses the batching. Over any span
/// longer than `window` × partitions the jobs are spread evenly (the partitions are taken in turn).
/// An id is a time-ordered version-7 UUID (`RandomUUID.makeTimeOrdered`) with its last two bytes
/// searched (on average `partitionCount` tries of a 36-byte hash); of its 74 random bits, the
/// search fixes about log2(`partitionCount`).
struct PartitionAlignedJobIDs: Sendable {
    /// How long one partition takes the new jobs. Default: 20 ms.
    let window: Duration
    /// Unknown (0) until `partitionCount` is set: ids are then not aligned.
    private(set) var partitionCount = 0
    private var partition = 0
    private var windowStart: ContinuousClock.Instant?

    /// Partition counts above this are not worth the search (~20 ns per try, `partitionCount` tries
    /// per id on average); ids are then not aligned.
    static let largestAlignedPartitionCount = 256

    init(window: Duration = .milliseconds(20)) {
        self.window = window
    }

    mutating func use(partitionCount: Int, startingAt first: Int = Int.random(in: 0..<4096)) {
        guard partitionCount != self.partitionCount else { return }
        self.partitionCount = partitionCount <= Self.largestAlignedPartitionCount ? max(partitionCount, 0) : 0
        partition = self.partitionCount > 0 ? first % self.partitionCount : 0
        windowStart = nil
    }

    /// The partition new ids land on at `now`, moving to the next one when the window has passed.
    mutating func currentPartition(at now: ContinuousClock.Instant) -> Int? {
        guard partitionCount > 1 else { return nil }
        if let start = windowStart, now - start < window { return partition }
        if windowStart != nil { partition = (partition + 1) % partitionCount }
        windowStart = now
        return partition
    }

    /// `random` (a UUID of any version; its first 14 bytes are kept) with its last two bytes changed so that its key (the lowercase string, as
    /// `JobEventRecord` writes it) lands on `target`; nil in the unlikely case no value does.
    static func id(near random: UUID, onPartition target: Int, of partitionCount: Int) -> UUID? {
        var bytes = random.uuid
        var key = Array(random.lowercasedString.utf8)
        precondition(key.count == 36, "a UUID string has 36 characters")
        let (high, low) = (bytes.14, bytes.15)
        return key.withUnsafeMutableBytes { key -> UUID? in
            for tweak in 0...UInt16.max {
                bytes.14 = high ^ UInt8(truncatingIfNeeded: tweak >> 8)
                bytes.15 = low ^ UInt8(truncatingIfNeeded: tweak)
                writeHex(bytes.14, into: key, at: 32)
                writeHex(bytes.15, into: key, at: 34)
                if KafkaKeyPartitioner.partition(ofKey: UnsafeRawBufferPointer(key), partitionCount: partitionCount) == target {
                    return UUID(uuid: bytes)
                }
            }
            return nil
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeHex(_ byte: UInt8, into key: UnsafeMutableRawBufferPointer, at offset: Int) {
        key[offset] = hexDigits[Int(byte >> 4)]
        key[offset + 1] = hexDigits[Int(byte & 0x0f)]
    }
}

/// `PartitionAlignedJobIDs` shared by the request handlers of one ingest instance.
///
/// Every new job's id is time-ordered (version 7), aligned or not: the read model keys its tables by
/// job id, and with random ids each new job's rows landed on a random page of three b-trees (the
/// jobs, and the index of the events), so every batch dirtied and wrote about one page per job. In
/// time order they land on the last pages: the projector wrote 50,000 jobs in batches of 200 into a
/// read model that held 50,000 already at 39 µs of CPU per job against 84 µs with version-4 ids
/// (`komfy bench read-model`, 2026-12-03).
final class JobIDMinter: Sendable {
    private let state: Mutex<PartitionAlignedJobIDs>

    init(window: Duration = .milliseconds(20)) {
        state = Mutex(PartitionAlignedJobIDs(window: window))
    }

    var partitionCount: Int { state.withLock { $0.partitionCount } }

    func use(partitionCount: Int) {
        state.withLock { $0.use(partitionCount: partitionCount) }
    }

    func next() -> UUID {
        let random = RandomUUID.makeTimeOrdered(millisecondsSinceEpoch: Timestamp.now().millisecondsSinceEpoch)
        let now = ContinuousClock.now
        let (target, count) = state.withLock { ids in (ids.currentPartition(at: now), ids.partitionCount) }
        guard let target else { return random }
        // The search runs outside the lock: it is the costly part, and it needs no shared state.
        return PartitionAlignedJobIDs.id(near: random, onPartition: target, of: count) ?? random
    }
}
