import CRdKafka
import Foundation
import Synchronization
import Testing
@testable import KomfyKafka

/// The producer's bookkeeping without a broker: batch memory from the pool, delivery reports
/// handed over in runs, header templates.
@Suite("Delivery batches, reports and their memory")
struct DeliveryBatchTests {
    private static func records(_ count: Int, topic: String = "t") -> [KafkaOutgoingRecord] {
        (0..<count).map { index in
            // Empty, inline-sized and heap-sized values; every third record without a key.
            let value = Data((0..<(index % 3 == 0 ? 0 : index * 37)).map { UInt8(truncatingIfNeeded: $0 &+ index) })
            return KafkaOutgoingRecord(topic: topic, key: index % 3 == 2 ? nil : Data("key-\(index)".utf8), value: value)
        }
    }

    private static func expectBytes(of batch: DeliveryBatch, match records: [KafkaOutgoingRecord]) {
        for (index, record) in records.enumerated() {
            #expect(Data(batch.value(index)) == record.value, "value \(index)")
            #expect(batch.key(index).map { Data($0) } == record.key, "key \(index)")
        }
    }

    @Test("a batch's values and keys are the records' bytes, also in memory a previous batch used")
    func bytesInReusedMemory() async {
        let pool = DeliveryMemoryPool()
        let first = Self.records(40)
        var batch: DeliveryBatch? = DeliveryBatch(records: first, pool: pool)
        Self.expectBytes(of: batch!, match: first)
        var reports = DeliveryReports()
        for index in 0..<first.count { reports.delivered(slot: batch!.opaque(for: index), partition: 0, offset: Int64(index)) }
        reports.flush()
        await batch!.completion()
        batch = nil
        #expect(pool.keptCapacities.count == 1, "the finished batch's memory is kept")

        let second = Self.records(30).reversed().map { $0 }
        let reused = DeliveryBatch(records: second, pool: pool)
        #expect(pool.keptCapacities.isEmpty, "the second batch took the kept block")
        Self.expectBytes(of: reused, match: second)
        reused.abandon(0..<second.count, error: KafkaError(.delivery, "test"))
        await reused.completion()
    }

    @Test("reports of two batches, interleaved and out of order, each reach their record")
    func interleavedReports() async {
        let pool = DeliveryMemoryPool()
        let a = DeliveryBatch(records: Self.records(5), pool: pool)
        let b = DeliveryBatch(records: Self.records(4), pool: pool)
        // As librdkafka might: a run of a, a run of b, a failure of b's in the middle of a's run.
        var reports = DeliveryReports()
        reports.delivered(slot: a.opaque(for: 1), partition: 3, offset: 11)
        reports.delivered(slot: a.opaque(for: 0), partition: 3, offset: 10)
        reports.delivered(slot: b.opaque(for: 0), partition: 1, offset: 20)
        reports.delivered(slot: a.opaque(for: 2), partition: 2, offset: 5)
        reports.failed(slot: b.opaque(for: 2), error: KafkaError(.delivery, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, context: "record not delivered"))
        reports.delivered(slot: b.opaque(for: 1), partition: 1, offset: 21)
        reports.flush()
        // Another event: the rest.
        reports.delivered(slot: a.opaque(for: 4), partition: 0, offset: 7)
        reports.delivered(slot: b.opaque(for: 3), partition: 1, offset: 22)
        reports.delivered(slot: a.opaque(for: 3), partition: 0, offset: 6)
        reports.flush()
        await a.completion()
        await b.completion()
        #expect(!a.hasFailures)
        #expect((0..<5).map { a.storedAt($0).partition } == [3, 3, 2, 0, 0])
        #expect((0..<5).map { a.storedAt($0).offset } == [10, 11, 5, 6, 7])
        #expect(b.hasFailures)
        #expect(b.failedRecords().map(\.index) == [2])
        #expect(b.failedRecords().first?.error.code == .delivery)
        #expect([0, 1, 3].map { b.storedAt($0).offset } == [20, 21, 22])
    }

    @Test("a batch completes only with its last report, not with the end of a run")
    func completionWaitsForLastReport() async {
        let batch = DeliveryBatch(records: Self.records(3), pool: DeliveryMemoryPool())
        let done = Completion()
        let waiter = Task {
            await batch.completion()
            done.set()
        }
        var reports = DeliveryReports()
        reports.delivered(slot: batch.opaque(for: 0), partition: 0, offset: 0)
        reports.delivered(slot: batch.opaque(for: 1), partition: 0, offset: 1)
        reports.flush()
        try? await Task.sleep(for: .milliseconds(50))
        #expect(!done.isSet, "two of three reports must not resume the sender")
        reports.delivered(slot: batch.opaque(for: 2), partition: 0, offset: 2)
        reports.flush()
        await waiter.value
        #expect(done.isSet)
    }

    @Test("an empty batch is complete at once")
    func emptyBatch() async {
        let batch = DeliveryBatch(records: [], pool: DeliveryMemoryPool())
        await batch.completion()
        #expect(!batch.hasFailures)
    }

    @Test("the pool reuses the smallest block that fits and keeps the largest within its limits")
    func poolLimits() {
        let pool = DeliveryMemoryPool(retainedBlocks: 2, retainedBytes: 1 << 20)
        let small = pool.take(byteCount: 100)
        let middle = pool.take(byteCount: 20_000)
        let large = pool.take(byteCount: 300_000)
        #expect(small.capacity == 4096 && middle.capacity == 20_480 && large.capacity == 303_104)
        pool.give(small)
        pool.give(middle)
        pool.give(large)
        #expect(pool.keptCapacities == [20_480, 303_104], "over two blocks, the smallest goes")
        let fitting = pool.take(byteCount: 5_000)
        #expect(fitting.pointer == middle.pointer, "the smallest block that fits, not the largest")
        pool.give(fitting)
        let huge = pool.take(byteCount: 2 << 20)
        pool.give(huge)
        #expect(pool.keptCapacities == [20_480, 303_104], "a block over the byte limit is not kept")
    }

    @Test("a header template gives librdkafka a list per record, rebuilt when the headers change")
    func headerTemplate() {
        let template = RDKafkaHeaderTemplate()
        #expect(template.list(for: []) == nil)
        let typed = [KafkaHeader(name: "komfy-type", string: "JobExecuted"), KafkaHeader(name: "empty", value: nil)]
        let first = template.list(for: typed)!
        let second = template.list(for: typed)!
        #expect(first != second, "each record owns its copy")
        #expect(Self.headers(first) == typed && Self.headers(second) == typed)
        let other = [KafkaHeader(name: "komfy-type", string: "JobFailed")]
        let third = template.list(for: other)!
        #expect(Self.headers(third) == other)
        for list in [first, second, third] { rd_kafka_headers_destroy(list) }
    }

    private static func headers(_ list: OpaquePointer) -> [KafkaHeader] {
        var headers: [KafkaHeader] = []
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, headers.count, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            headers.append(KafkaHeader(name: String(cString: name!), value: value.map { Data(bytes: $0, count: size) }))
        }
        return headers
    }
}

private final class Completion: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}

@Suite("Sends waiting for the poll thread")
struct PendingSendsTests {
    @Test("sends are taken oldest first, and counted until every record of them is enqueued")
    func fifoAndCounts() async {
        let pending = RDKafkaPendingSends()
        let pool = DeliveryMemoryPool()
        var batches: [DeliveryBatch] = []
        for size in 1...100 {
            let records = (0..<size).map { _ in KafkaOutgoingRecord(topic: "t", key: nil, value: Data([UInt8(size)])) }
            let batch = DeliveryBatch(records: records, pool: pool)
            batches.append(batch)
            pending.append(RDKafkaPendingSends.Send(records: records, batch: batch))
        }
        #expect(pending.unfinished == 100)
        #expect(pending.unfinishedRecords == 5050)
        for size in 1...100 {
            guard let send = pending.takeFirst() else {
                Issue.record("send \(size) missing")
                return
            }
            #expect(send.records.count == size && send.next == 0, "oldest first")
            #expect(pending.unfinished == 101 - size, "a taken send is unfinished until enqueued")
            pending.enqueued(size)
            pending.finished(send)
            send.batch.abandon(0..<size, error: KafkaError(.delivery, "test"))
        }
        #expect(pending.takeFirst() == nil)
        #expect(pending.unfinished == 0 && pending.unfinishedRecords == 0)
        for batch in batches { await batch.completion() }
    }
}
