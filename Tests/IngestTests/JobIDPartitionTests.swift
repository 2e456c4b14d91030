import Foundation
import KomfyEvents
import KomfyKafka
import KomfyTestSupport
import Testing

@testable import KomfyIngest

@Suite("New jobs share a partition of komfy.job-events while the minter's window lasts")
struct JobIDPartitionTests {
    @Test("ingest learns the partition count; jobs submitted in one window land on one partition, as their ids predict")
    func burstSharesAPartition() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        let jobIDs = try await harness.withIngest(configure: { $0.jobIDPartitionWindowMs = 600_000 }) { client in
            try await client.eventuallyMetric("komfy_ingest_job_id_partitions", equals: 4)
            var jobIDs: [String] = []
            for _ in 0..<6 {
                let response = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
                #expect(response.status == .accepted)
                jobIDs.append(try #require(response.json["job_id"] as? String))
            }
            return jobIDs
        }
        let predicted = Set(jobIDs.map { KafkaKeyPartitioner.partition(ofKey: $0, partitionCount: 4) })
        #expect(predicted.count == 1, "ids \(jobIDs) over partitions \(predicted)")

        // Where the broker really stored them.
        let stored = try await TestKafka.recordsByKey(in: [harness.topics.jobEvents], count: jobIDs.count, client: harness.kafka)
            .mapValues(\.partition)
        #expect(Set(jobIDs) == Set(stored.keys))
        #expect(Set(stored.values.map(Int.init)) == predicted)
    }

    @Test("with a window of 0, ids are plain random and the minter stays off")
    func alignmentOff() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest(configure: { $0.jobIDPartitionWindowMs = 0 }) { client in
            let response = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
            #expect(response.status == .accepted)
            #expect(try await client.metric("komfy_ingest_job_id_partitions") == 0)
        }
    }
}

@Suite("The HTTP server's event loops")
struct EventLoopThreadsTests {
    @Test("instances with the same thread count share one group; a server on one loop answers")
    func sharedGroups() async throws {
        #expect(EventLoopGroups.shared(threads: 1) === EventLoopGroups.shared(threads: 1))
        #expect(EventLoopGroups.shared(threads: 1) !== EventLoopGroups.shared(threads: 2))
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest(configure: { $0.eventLoopThreads = 1 }) { client in
            let response = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
            #expect(response.status == .accepted)
        }
    }
}
