import Foundation
import KomfyEvents
import KomfyJobs
import KomfyKafka
import KomfyRuntime
import KomfyTestSupport
import Testing

/// Job events through a real broker: per-job order over many partitions.
@Suite("Job events on a real broker")
struct JobEventLogTests {
    @Test("10,000 events over 24 partitions keyed by job id arrive in per-job order")
    func perJobOrder() async throws {
        let topic = try await TestKafka.createTopic("job-events", partitions: 24)
        let jobs = (0..<500).map { JobLog.completedJob(index: $0, progressSteps: 12) }
        #expect(jobs.allSatisfy { $0.count == 20 })
        let codec = JobEventCodec()
        // Interleave the jobs the way a busy cluster would, keeping each job's own order.
        var records: [KafkaOutgoingRecord] = []
        for position in 0..<20 {
            for job in jobs {
                records.append(try JobEventRecord.make(job[position], topic: topic, codec: codec))
            }
        }
        let producer = try await TestKafka.producer()
        try await producer.send(records)
        try await producer.close()

        let consumer = try await broadcastConsumer(topic)
        let consumed = try await consume(consumer, count: 10_000)
        try await consumer.close()
        #expect(consumed.count == 10_000)

        var partitionOfJob: [UUID: Int32] = [:]
        var eventsOfJob: [UUID: [JobEventEnvelope]] = [:]
        for record in consumed {
            #expect(record.headerString(JobEventCodec.typeHeader) != nil)
            let envelope = try codec.decode(record.value)
            #expect(record.keyString == envelope.jobID.uuidString.lowercased())
            #expect(record.headerString(JobEventCodec.typeHeader) == envelope.event.type)
            if let partition = partitionOfJob[envelope.jobID] {
                #expect(partition == record.partition, "job \(envelope.jobID) spread over partitions")
            }
            partitionOfJob[envelope.jobID] = record.partition
            eventsOfJob[envelope.jobID, default: []].append(envelope)
        }
        #expect(Set(partitionOfJob.values).count == 24, "keys should spread over every partition")
        for job in jobs {
            let received = eventsOfJob[job[0].jobID] ?? []
            #expect(received.map(\.id) == job.map(\.id), "job \(job[0].jobID) out of order")
            #expect(JobState.fold(received)?.status == .completed)
        }
    }
}
