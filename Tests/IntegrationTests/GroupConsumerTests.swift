import Foundation
import KomfyEvents
import KomfyJobs
import KomfyKafka
import KomfyRuntime
import KomfyTestSupport
import Synchronization
import Testing

/// Consumer groups on a real broker: manual commits, restarts and rebalances.
@Suite("Consumer groups on a real broker")
struct GroupConsumerTests {
    @Test("a member closed without committing is replaced without losing events; the reducer drops the repeats")
    func restartWithoutCommit() async throws {
        let topic = try await TestKafka.createTopic("restart", partitions: 6)
        let group = TestKafka.uniqueName("group")
        let codec = JobEventCodec()
        let jobs = (0..<100).map { JobLog.completedJob(index: $0, progressSteps: 2) }
        let producer = try await TestKafka.producer()
        try await producer.send(try jobs.flatMap { try $0.map { try JobEventRecord.make($0, topic: topic, codec: codec) } })
        try await producer.close()
        let total = jobs.reduce(0) { $0 + $1.count }

        // The first member processes some records, commits only part of them, and stops.
        let first = try await groupConsumer(topic: topic, group: group)
        let firstRecords = try await consume(first, count: total / 2)
        let committed = Array(firstRecords.prefix(total / 5))
        try await first.commit(through: committed)
        try await first.close()

        // Its replacement starts at the committed offsets: everything after them comes again.
        let second = try await groupConsumer(topic: topic, group: group)
        var secondRecords: [KafkaRecord] = []
        let expectedAgain = total - committed.count
        secondRecords = try await consume(second, count: expectedAgain)
        secondRecords += try await second.poll(timeout: .seconds(1))
        try await second.close()

        let delivered = firstRecords + secondRecords
        let envelopes = try delivered.map { try codec.decode($0.value) }
        #expect(Set(envelopes.map(\.id)) == Set(jobs.joined().map(\.id)), "an event was lost")
        #expect(secondRecords.count == expectedAgain, "the replacement must resume exactly at the committed offsets")
        #expect(delivered.count > total, "the uncommitted records must be delivered twice")

        // Folding everything delivered, repeats included, gives each job's true state.
        var states: [UUID: JobState] = [:]
        for envelope in envelopes { JobState.apply(envelope, to: &states[envelope.jobID]) }
        for job in jobs {
            let state = try #require(states[job[0].jobID])
            #expect(state == JobState.fold(job))
            #expect(state.appliedEventCount == job.count)
            #expect(state.status == .completed)
        }
    }

    @Test("on a rebalance the owner finishes and commits before its partitions move")
    func rebalanceCommitsBeforeRevoke() async throws {
        let topic = try await TestKafka.createTopic("rebalance", partitions: 4)
        let group = TestKafka.uniqueName("group")
        let producer = try await TestKafka.producer()
        try await producer.send((0..<200).map { KafkaOutgoingRecord(topic: topic, key: "k\($0)", value: Data("\($0)".utf8)) })

        let processed = Mutex<[KafkaRecord]>([])
        let events = Mutex<[String]>([])
        let firstBox = ConsumerBox()
        let first = try await groupConsumer(topic: topic, group: group) { event in
            switch event {
            case .assigned(let partitions): events.withLock { $0.append("assigned \(partitions.count)") }
            case .revoked(let partitions):
                // Finish: commit everything processed so far, so the next owner does not repeat it.
                let done = processed.withLock { $0 }
                try? await firstBox.consumer?.commit(through: done)
                events.withLock { $0.append("revoked \(partitions.count) after committing \(done.count)") }
            case .lost: events.withLock { $0.append("lost") }
            }
        }
        firstBox.consumer = first
        let initial = try await consume(first, count: 200)
        processed.withLock { $0 = initial }
        #expect(initial.count == 200)

        // A second member joins; the first keeps polling so the rebalance can run.
        let polling = Task {
            var more: [KafkaRecord] = []
            while !Task.isCancelled {
                more += try await first.poll(timeout: .milliseconds(200))
            }
            return more
        }
        let second = try await groupConsumer(topic: topic, group: group)
        let deadline = ContinuousClock.now + .seconds(30)
        while try second.assignment().isEmpty, ContinuousClock.now < deadline {
            #expect(try await second.poll(timeout: .milliseconds(200)).isEmpty, "committed records came again")
        }
        #expect(try second.assignment().count == 2)
        #expect(events.withLock { $0 }.contains("revoked 4 after committing 200"))

        // New records are shared by both members, each read once.
        try await producer.send((200..<300).map { KafkaOutgoingRecord(topic: topic, key: "k\($0)", value: Data("\($0)".utf8)) })
        var secondRecords = try await consume(second, count: 1, deadline: .seconds(10))
        try await Task.sleep(for: .seconds(2))
        secondRecords += try await second.poll(timeout: .milliseconds(500))
        polling.cancel()
        let firstRecords = try await polling.value
        let values = (firstRecords + secondRecords).map { String(decoding: $0.value, as: UTF8.self) }
        #expect(values.sorted() == (200..<300).map(String.init).sorted())
        #expect(!firstRecords.isEmpty && !secondRecords.isEmpty)
        try await producer.close()
        try await first.close()
        try await second.close()
    }
}

/// Lets a rebalance handler reach the consumer it was created with.
final class ConsumerBox: @unchecked Sendable {
    // Set once right after creation, before any rebalance can revoke.
    var consumer: KafkaConsumer?
}

func groupConsumer(topic: String, group: String, handler: KafkaRebalanceHandler? = nil) async throws -> KafkaConsumer {
    try await KafkaConsumer(
        configuration: KafkaConsumerConfiguration(client: try await TestKafka.client(), mode: .group(id: group, topics: [topic])),
        rebalanceHandler: handler, logger: TestKafka.logger)
}
