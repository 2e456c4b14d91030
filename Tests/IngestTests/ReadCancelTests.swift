import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KomfyEvents
import Testing

@Suite("Reading, listing, cancelling and streaming jobs")
struct ReadCancelTests {
    @Test("GET /v1/jobs/{id} has the seeds' shape for running, completed, failed and cancelled jobs")
    func shapes() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        let pipeline = Pipeline(topic: harness.topics.jobEvents)
        try await harness.withIngest { client in
            func submit() async throws -> (String, UUID) {
                let id = try #require(try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
                    .json["job_id"] as? String)
                return (id, try #require(UUID(uuidString: id)))
            }
            let (runningID, running) = try await submit()
            let (completedID, completed) = try await submit()
            let (failedID, failed) = try await submit()
            try await pipeline.start(running)
            try await pipeline.complete(completed, images: ["https://cdn.example.com/outputs/\(completedID)/image_0.png"])
            try await pipeline.reject(failed, code: .workflowError, message: "Node 5: Invalid sampler_name 'invalid'",
                                      nodeID: "5")

            let (_, runningJSON) = try await client.eventually("/v1/jobs/\(runningID)", key: key) { _, json in
                json["status"] as? String == "running"
            }
            #expect(runningJSON["status"] as? String == "running")
            #expect(runningJSON["started_at"] is String)
            #expect(runningJSON["queue_position"] == nil)

            let (_, completedJSON) = try await client.eventually("/v1/jobs/\(completedID)", key: key) { _, json in
                json["status"] as? String == "completed"
            }
            #expect(completedJSON["status"] as? String == "completed")
            #expect((completedJSON["outputs"] as? [String: Any])?["images"] as? [String]
                    == ["https://cdn.example.com/outputs/\(completedID)/image_0.png"])
            #expect(completedJSON["execution_time_ms"] as? Int == 12_450)
            for field in ["created_at", "started_at", "completed_at"] {
                #expect(Timestamp(rfc3339: completedJSON[field] as? String ?? "") != nil, "\(field)")
            }

            let (_, failedJSON) = try await client.eventually("/v1/jobs/\(failedID)", key: key) { _, json in
                json["status"] as? String == "failed"
            }
            let error = try #require(failedJSON["error"] as? [String: Any])
            #expect(error["code"] as? String == "workflow_error")
            #expect(error["message"] as? String == "Node 5: Invalid sampler_name 'invalid'")
            #expect(failedJSON["completed_at"] is String)
        }
    }

    @Test("cancel before the run cancels; cancelling a terminal job is 409; DELETE is the same as cancel")
    func cancel() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest { client in
            let jobID = try #require(try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
                .json["job_id"] as? String)
            let cancel = try await client.request(.post, "/v1/jobs/\(jobID)/cancel", key: key)
            #expect(cancel.status == .accepted)
            let (_, json) = try await client.eventually("/v1/jobs/\(jobID)", key: key) { _, json in
                json["status"] as? String == "cancelled"
            }
            let read = try await client.recordsRead()
            #expect(json["status"] as? String == "cancelled", "\(harness.topicPrefix) read \(read)")
            let again = try await client.request(.post, "/v1/jobs/\(jobID)/cancel", key: key)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "job_not_cancellable")

            let other = try #require(try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
                .json["job_id"] as? String)
            #expect(try await client.request(.delete, "/v1/jobs/\(other)", key: key).status == .accepted)
            let (_, deleted) = try await client.eventually("/v1/jobs/\(other)", key: key) { _, json in
                json["status"] as? String == "cancelled"
            }
            #expect(deleted["status"] as? String == "cancelled")
        }
    }

    @Test("the list is the caller's jobs newest first, in pages joined by a cursor, filterable by status")
    func list() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest { client in
            var submitted: [String] = []
            for _ in 0..<5 {
                submitted.append(try #require(
                    try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart).json["job_id"] as? String))
                try await Task.sleep(for: .milliseconds(5))
            }
            _ = try await client.request(.post, "/v1/jobs/\(submitted[1])/cancel", key: key)
            _ = try await client.eventually("/v1/jobs/\(submitted[1])", key: key) { _, json in
                json["status"] as? String == "cancelled"
            }
            _ = try await client.eventually("/v1/jobs?limit=100", key: key) { _, json in (json["jobs"] as? [Any])?.count == 5 }

            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.request(.get, "/v1/jobs?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), key: key)
                #expect(page.status == .ok)
                let jobs = try #require(page.json["jobs"] as? [[String: Any]])
                #expect(jobs.count <= 2)
                seen += jobs.compactMap { $0["job_id"] as? String }
                cursor = page.json["next_cursor"] as? String
                #expect((page.json["has_more"] as? Bool) == (cursor != nil))
            } while cursor != nil
            #expect(seen == submitted.reversed())

            let cancelled = try await client.request(.get, "/v1/jobs?status=cancelled", key: key)
            #expect((cancelled.json["jobs"] as? [[String: Any]])?.compactMap { $0["job_id"] as? String } == [submitted[1]])
            let bad = try await client.request(.get, "/v1/jobs?status=done", key: key)
            #expect(bad.status == .badRequest)
            #expect(try await client.request(.get, "/v1/jobs?cursor=garbage", key: key).errorCode == "invalid_cursor")
        }
    }

    @Test("the job's events stream as SSE with ids, end at the terminal event and resume after Last-Event-ID")
    func events() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest { client in
            let jobID = try #require(try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
                .json["job_id"] as? String)
            _ = try await client.request(.post, "/v1/jobs/\(jobID)/cancel", key: key)
            let stream = try await client.request(.get, "/v1/jobs/\(jobID)/events", key: key)
            #expect(stream.status == .ok)
            #expect(stream.headers[.contentType] == "text/event-stream")
            let lines = stream.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.filter { $0.hasPrefix("id: ") } == ["id: 1", "id: 2"])
            #expect(lines.filter { $0.hasPrefix("event: ") } == ["event: JobSubmitted", "event: JobCancelRequested"])
            #expect(lines.contains { $0.hasPrefix("data: {") && $0.contains(jobID) })

            let resumed = try await client.request(.get, "/v1/jobs/\(jobID)/events", key: key,
                                                   headers: [HTTPField.Name("Last-Event-ID")!: "1"])
            let resumedIDs = resumed.text.split(separator: "\n").filter { $0.hasPrefix("id: ") }
            #expect(resumedIDs == ["id: 2"])
        }
    }
}
