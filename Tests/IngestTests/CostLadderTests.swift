import Foundation
import KomfyEvents
import KomfyKafka
import KomfyRuntime
import KomfyTestSupport
import Testing

@testable import KomfyIngest

@Suite("The cost ladder's routes (komfy bench ingest --ladder)")
struct CostLadderTests {
    @Test("off by default: its routes are unknown (404), so a deployment never serves them")
    func offByDefault() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest { client in
            for rung in CostLadderRung.all {
                let response = try await client.request(.post, rung.path, key: key, json: SeedRequests.quickstart)
                #expect(response.status == .notFound, "\(rung.path)")
            }
        }
    }

    @Test("each rung does its step: read answers without checking, check refuses a bad prompt, produce appends only to the ladder's topic, /v1 needs a key")
    func rungsDoTheirSteps() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        let ladderTopic = try await TestKafka.createTopic("ladder", partitions: 2)
        let cycle = #"{"prompt": {"1": {"class_type": "A", "inputs": {"x": ["2", 0]}}, "2": {"class_type": "B", "inputs": {"x": ["1", 0]}}}}"#
        let produced = try await harness.withIngest(configure: { $0.costLadderTopic = ladderTopic }) { client in
            // Reading the body only: even a cyclic prompt gets the fixed 202; a non-JSON body is still a 415.
            let read = try await client.request(.post, CostLadderRung.read.path, json: cycle)
            #expect(read.status == .accepted)
            #expect(read.json["status"] as? String == "queued")
            let text = try await client.request(.post, CostLadderRung.read.path, json: "x", headers: [.contentType: "text/plain"])
            #expect(text.status == .unsupportedMediaType)

            let refused = try await client.request(.post, CostLadderRung.check.path, json: cycle)
            #expect(refused.status == .badRequest)
            #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "invalid_workflow")
            let checked = try await client.request(.post, CostLadderRung.check.path, json: SeedRequests.quickstart)
            #expect(checked.status == .accepted)

            let unauthenticated = try await client.request(.post, CostLadderRung.authorizedProduce.path, json: SeedRequests.quickstart)
            #expect(unauthenticated.status == .unauthorized)
            var jobIDs: [String] = []
            for (path, key) in [(CostLadderRung.produce.path, nil), (CostLadderRung.authorizedProduce.path, key)] {
                let response = try await client.request(.post, path, key: key, json: SeedRequests.quickstart)
                #expect(response.status == .accepted, "\(path)")
                jobIDs.append(try #require(response.json["job_id"] as? String))
            }
            return jobIDs
        }

        let stored = try await TestKafka.recordsByKey(in: [ladderTopic, harness.topics.jobEvents], count: produced.count,
                                                      client: harness.kafka).mapValues(\.topic)
        // On the ladder's topic, and nothing on the job log.
        #expect(stored == Dictionary(uniqueKeysWithValues: produced.map { ($0, ladderTopic) }))
    }
}
