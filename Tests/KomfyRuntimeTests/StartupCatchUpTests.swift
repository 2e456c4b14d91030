import Foundation
import KomfyKafka
import KomfyRuntime
import Testing

@Suite("StartupCatchUp: a log reader is ready once it read what the log held at its start")
struct StartupCatchUpTests {
    static let start = ContinuousClock.now
    static let a = KafkaTopicPartition("keys", 0)
    static let b = KafkaTopicPartition("keys", 1)

    static func record(_ partition: KafkaTopicPartition, _ offset: Int64) -> KafkaRecord {
        KafkaRecord(topic: partition.topic, partition: partition.partition, offset: offset, key: nil, value: Data(),
                    headers: [], timestamp: nil)
    }

    @Test("empty topics are caught up at once")
    func emptyTopics() {
        #expect(StartupCatchUp(endOffsets: [Self.a: 0, Self.b: 0], startedAt: Self.start).isDone)
        #expect(StartupCatchUp(endOffsets: [:], startedAt: Self.start).isDone)
    }

    @Test("a reader that starts at or past the end (a resumed read model) is caught up at once")
    func resumedAtTheEnd() {
        #expect(StartupCatchUp(endOffsets: [Self.a: 7, Self.b: 3], startOffsets: [Self.a: 7, Self.b: 4], startedAt: Self.start).isDone)
        var behind = StartupCatchUp(endOffsets: [Self.a: 7, Self.b: 3], startOffsets: [Self.a: 7, Self.b: 1], startedAt: Self.start)
        #expect(!behind.isDone)
        behind.read([Self.record(Self.b, 2)], at: Self.start)
        #expect(behind.isDone)
    }

    @Test("an empty first poll does not count while records are still due; the last record of each partition does")
    func waitsForTheRecords() {
        var catchUp = StartupCatchUp(endOffsets: [Self.a: 3, Self.b: 1], startedAt: Self.start)
        catchUp.read([], at: Self.start + .milliseconds(200))
        #expect(!catchUp.isDone)
        catchUp.read([Self.record(Self.a, 0), Self.record(Self.a, 1), Self.record(Self.b, 0)], at: Self.start + .milliseconds(400))
        #expect(!catchUp.isDone)
        catchUp.read([Self.record(Self.a, 2)], at: Self.start + .milliseconds(600))
        #expect(catchUp.isDone)
    }

    @Test("records written after the start also complete it; an idle reader gives up waiting after its patience")
    func laterRecordsAndPatience() {
        var later = StartupCatchUp(endOffsets: [Self.a: 2], startedAt: Self.start)
        later.read([Self.record(Self.a, 5)])
        #expect(later.isDone)

        var stuck = StartupCatchUp(endOffsets: [Self.a: 2], patience: .seconds(10), startedAt: Self.start)
        stuck.read([Self.record(Self.a, 0)], at: Self.start + .seconds(11))
        #expect(!stuck.isDone, "a batch with records is not idleness")
        stuck.read([], at: Self.start + .seconds(9))
        #expect(!stuck.isDone)
        stuck.read([], at: Self.start + .seconds(11))
        #expect(stuck.isDone)
    }
}
