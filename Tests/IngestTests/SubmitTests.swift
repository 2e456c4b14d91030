import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KomfyEvents
import KomfyKafka
import KomfyTestSupport
import Testing

@Suite("POST /v1/jobs through the real server and broker")
struct SubmitTests {
    @Test("every seed example request is accepted with exactly the seeds' four fields, and readable right away")
    func seedRequests() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest { client in
            for body in [SeedRequests.quickstart, SeedRequests.quickstartWithWebhookURL, SeedRequests.firstWorkflow] {
                let response = try await client.request(.post, "/v1/jobs", key: key, json: body)
                #expect(response.status == .accepted)
                let json = response.json
                #expect(Set(json.keys) == ["job_id", "status", "queue_position", "estimated_wait_seconds"])
                #expect(json["status"] as? String == "queued")
                #expect((json["queue_position"] as? Int ?? 0) >= 1)
                #expect((json["estimated_wait_seconds"] as? Int ?? -1) >= 0)
                let jobID = try #require(json["job_id"] as? String)
                #expect(UUID(uuidString: jobID) != nil)
                #expect(response.headers[HTTPField.Name("X-Request-ID")!] != nil)
                // Read-your-writes: the instance that answered 202 knows the job at once.
                let read = try await client.request(.get, "/v1/jobs/\(jobID)", key: key)
                #expect(read.status == .ok)
                #expect(read.json["job_id"] as? String == jobID)
                #expect(read.json["status"] as? String == "queued")
            }
        }
    }

    @Test("queue positions count the jobs ahead: the second of two queued jobs is at position 2")
    func queuePosition() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest { client in
            let first = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
            let second = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
            #expect(first.json["queue_position"] as? Int == 1)
            #expect(second.json["queue_position"] as? Int == 2)
            let urgent = try await client.request(
                .post, "/v1/jobs", key: key, json: #"{"prompt": \#(SeedRequests.workflow), "priority": 5}"#)
            #expect(urgent.json["queue_position"] as? Int == 1)
        }
    }

    @Test("an Idempotency-Key returns the original job; the same key with another request is a 409")
    func idempotency() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest { client in
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "order-42"]
            let first = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart, headers: headers)
            let again = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart, headers: headers)
            #expect(first.status == .accepted)
            #expect(again.status == .accepted)
            #expect(again.json["job_id"] as? String == first.json["job_id"] as? String)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let different = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.firstWorkflow,
                                                     headers: headers)
            #expect(different.status == .conflict)
            #expect(different.errorCode == "idempotency_key_reused")
            let (_, list) = try await client.eventually("/v1/jobs", key: key) { _, json in
                (json["jobs"] as? [Any])?.count == 1
            }
            #expect((list["jobs"] as? [Any])?.count == 1)
        }
    }
}

@Suite("Wait estimates from the fleet")
struct WaitEstimateTests {
    @Test("estimated_wait_seconds shares the queue among the executors with a live heartbeat")
    func executorsShareTheQueue() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest(configure: { $0.defaultExecutionSeconds = 40 }) { client in
            let alone = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
            #expect(alone.json["queue_position"] as? Int == 1)
            #expect(alone.json["estimated_wait_seconds"] as? Int == 40, "no executor heard from: assume one")

            let producer = try await TestKafka.producer()
            try await producer.send((1...4).map { index in
                let heartbeat = ExecutorHeartbeat(executorID: "gpu-\(index)", state: .idle, gpu: "cpu",
                                                  engineFingerprint: "test", at: .now())
                return KafkaOutgoingRecord(topic: harness.topics.executorStatus, key: heartbeat.executorID,
                                           value: try! JSONEncoder().encode(heartbeat),
                                           headers: [KafkaHeader(name: "komfy-type", string: ExecutorHeartbeat.eventType)])
            })
            try await producer.close()
            let deadline = ContinuousClock.now + .seconds(10)
            var wait: Int?
            repeat {
                try await Task.sleep(for: .milliseconds(200))
                wait = try await client.request(.get, "/v1/jobs/\(alone.json["job_id"] as? String ?? "")", key: key)
                    .json["estimated_wait_seconds"] as? Int
            } while wait != 10 && ContinuousClock.now < deadline
            #expect(wait == 10, "position 1 of a queue shared by 4 executors: 40 s / 4 \(harness.topicPrefix)")
        }
    }
}
