import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KomfyAccess
import KomfyIngest
import KomfyTestSupport
import Testing

@Suite("Limits, several instances, restarts")
struct LimitsAndInstancesTests {
    @Test("requests per minute: headers on every answer, then 429 rate_limit_exceeded with Retry-After")
    func rateLimit() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key(limits: LimitOverride(requestsPerMinute: 3))
        try await harness.withIngest { client in
            for remaining in [2, 1, 0] {
                let response = try await client.request(.get, "/v1/jobs", key: key)
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-RateLimit-Limit")!] == "3")
                #expect(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] == String(remaining))
                #expect(response.headers[HTTPField.Name("X-Concurrent-Limit")!] == "10")
                #expect(response.headers[HTTPField.Name("X-Queue-Limit")!] == "100")
            }
            let refused = try await client.request(.get, "/v1/jobs", key: key)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "rate_limit_exceeded")
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap(Int.init))
            #expect((1...60).contains(retryAfter))
            #expect((refused.json["error"] as? [String: Any])?["retry_after"] as? Int == retryAfter)
        }
    }

    @Test("queue depth: submissions beyond the plan's queue get 429 queue_full")
    func queueFull() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key(limits: LimitOverride(queueDepth: 2))
        try await harness.withIngest { client in
            for depth in [1, 2] {
                let response = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
                #expect(response.status == .accepted)
                #expect(response.headers[HTTPField.Name("X-Queue-Depth")!] == String(depth - 1))
            }
            let refused = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "queue_full")
            #expect(refused.headers[.retryAfter] != nil)
        }
    }

    @Test("two instances on one broker: each reads the other's jobs, shares an idempotency key and a rate limit")
    func twoInstances() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key(limits: LimitOverride(requestsPerMinute: 6))
        try await harness.withIngest(instance: "a") { a in
            try await harness.withIngest(instance: "b") { b in
                let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "shared-7"]
                let viaA = try await a.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart, headers: headers)
                let viaB = try await b.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart, headers: headers)
                let jobID = try #require(viaA.json["job_id"] as? String)
                #expect(viaB.json["job_id"] as? String == jobID)
                // A second job through A; wait on A (B's own requests count toward the limit).
                _ = try await a.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
                let (list, _) = try await a.eventually("/v1/jobs", key: key) { _, json in (json["jobs"] as? [Any])?.count == 2 }
                try await Task.sleep(for: .seconds(1))
                // B let through one request itself; the log adds A's two submissions. Counting only
                // its own, B would report 4 or 5 of 6 remaining.
                let counted = try await b.request(.get, "/v1/jobs", key: key)
                #expect(counted.status == .ok)
                #expect(Int(counted.headers[HTTPField.Name("X-RateLimit-Remaining")!] ?? "") ?? 99 <= 3, "\(counted.headers)")
                #expect((counted.json["jobs"] as? [[String: Any]])?.contains { $0["job_id"] as? String == jobID } == true)
                #expect((list.json["jobs"] as? [Any])?.count == 2, "one job for the shared key, one without")
            }
        }
    }

    @Test("a restarted instance resumes its read model where it stopped: nothing lost, nothing applied twice")
    func restart() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        let jobIDs = try await harness.withIngest(instance: "a") { client in
            var ids: [String] = []
            for _ in 0..<3 {
                ids.append(try #require(
                    try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart).json["job_id"] as? String))
            }
            // Until its read model has the three (the list would show them before, from read-your-writes).
            try await client.waitForRecordsRead(3)
            return ids
        }
        // While it is down, another instance cancels one of the jobs.
        try await harness.withIngest(instance: "b") { client in
            _ = try await client.eventually("/v1/jobs/\(jobIDs[0])", key: key) { response, _ in response.status == .ok }
            #expect(try await client.request(.post, "/v1/jobs/\(jobIDs[0])/cancel", key: key).status == .accepted)
        }
        try await harness.withIngest(instance: "a") { client in
            let (_, json) = try await client.eventually("/v1/jobs/\(jobIDs[0])", key: key) { _, json in
                json["status"] as? String == "cancelled"
            }
            #expect(json["status"] as? String == "cancelled")
            let list = try await client.request(.get, "/v1/jobs", key: key)
            #expect(Set((list.json["jobs"] as? [[String: Any]])?.compactMap { $0["job_id"] as? String } ?? []) == Set(jobIDs))
            // Each event once: the job's history is exactly JobSubmitted, JobCancelRequested.
            let events = try await client.request(.get, "/v1/jobs/\(jobIDs[0])/events", key: key)
            #expect(events.text.split(separator: "\n").filter { $0.hasPrefix("id: ") } == ["id: 1", "id: 2"])
            // And it resumed at its stored positions: since the restart it read the one new record
            // (the cancel), not the three submissions again.
            #expect(try await client.recordsRead() == 1)
        }
        // `komfy replay rebuild`: from offset 0 again, to the same jobs and events.
        let summary = try await ReadModelRebuild.run(configuration: harness.configuration(instance: "a"),
                                                     logger: TestKafka.logger)
        #expect(summary == ReadModelRebuild.Summary(jobs: 3, events: 4))
        try await harness.withIngest(instance: "a") { client in
            let list = try await client.request(.get, "/v1/jobs?status=cancelled", key: key)
            #expect((list.json["jobs"] as? [[String: Any]])?.compactMap { $0["job_id"] as? String } == [jobIDs[0]])
            #expect(try await client.recordsRead() == 0, "the rebuilt read model resumes at the end")
        }
    }

    @Test("health, readiness and Prometheus metrics need no key")
    func health() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest { client in
            #expect(try await client.request(.get, "/healthz").status == .ok)
            let ready = try await client.request(.get, "/readyz")
            #expect(ready.status == .ok)
            #expect(ready.json["status"] as? String == "ready")
            _ = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
            _ = try await client.request(.get, "/v1/jobs")
            let metrics = try await client.request(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("komfy_http_requests_total"))
            #expect(metrics.text.contains(#"route="/v1/jobs""#))
            #expect(metrics.text.contains("komfy_ingest_jobs_submitted_total"))
            #expect(metrics.text.contains("komfy_ingest_submission_ack_seconds_count 1"),
                    "the one submission's acknowledgement is timed")
            #expect(metrics.text.contains(#"status="401""#), "refused requests are counted with their status")
        }
    }
}
