import KomfyKafka
@testable import KomfyRuntime
import Testing

@Suite struct OffsetTrackerTests {
    let p0 = KafkaTopicPartition("t", 0)
    let p1 = KafkaTopicPartition("t", 1)

    @Test func commitsUpToTheLowestUnfinishedRecord() {
        var tracker = OffsetTracker()
        for offset in 5...9 { tracker.received(p0, offset: Int64(offset)) }
        tracker.finished(p0, offset: 7)
        tracker.finished(p0, offset: 8)
        #expect(tracker.committable() == [p0: 5], "5 is unfinished: nothing past it may be committed")
        tracker.finished(p0, offset: 5)
        #expect(tracker.committable() == [p0: 6])
        tracker.finished(p0, offset: 6)
        #expect(tracker.committable() == [p0: 9])
        tracker.finished(p0, offset: 9)
        #expect(tracker.committable() == [p0: 10], "all done: one past the highest received")
    }

    @Test func offersOnlyOffsetsThatMovedSinceTheLastCommit() {
        var tracker = OffsetTracker()
        tracker.received(p0, offset: 0)
        tracker.received(p1, offset: 3)
        tracker.finished(p0, offset: 0)
        #expect(tracker.committable() == [p0: 1, p1: 3])
        tracker.markCommitted([p0: 1, p1: 3])
        #expect(tracker.committable().isEmpty)
        tracker.finished(p1, offset: 3)
        #expect(tracker.committable() == [p1: 4])
    }

    @Test func countsAndFiltersByPartition() {
        var tracker = OffsetTracker()
        tracker.received(p0, offset: 0)
        tracker.received(p0, offset: 1)
        tracker.received(p1, offset: 0)
        #expect(tracker.unfinishedCount() == 3)
        #expect(tracker.unfinishedCount(in: [p1]) == 1)
        #expect(tracker.committable(in: [p1]) == [p1: 0])
    }

    @Test func forgottenPartitionsAreNeitherCountedNorCommitted() {
        var tracker = OffsetTracker()
        tracker.received(p0, offset: 4)
        tracker.received(p1, offset: 4)
        tracker.forget([p0])
        tracker.finished(p0, offset: 4)
        #expect(tracker.unfinishedCount() == 1)
        #expect(tracker.committable() == [p1: 4])
        tracker.markCommitted([p0: 5])
        #expect(tracker.committable() == [p1: 4])
    }
}
