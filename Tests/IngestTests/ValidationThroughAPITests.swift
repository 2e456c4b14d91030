import Foundation
import KomfyKafka
import KomfyRuntime
import KomfyTestSupport
import KomfyValidator
import Testing

/// Ingest and the validator together, as `komfy up` runs them: a workflow the structural checks let
/// through but the node catalog refuses is accepted with 202 and then shows as `failed` with the
/// validator's error; a good one stays queued.
@Suite struct ValidationThroughAPITests {
    @Test("a job the catalog refuses shows as failed with workflow_error; the seed job stays queued")
    func rejectedJobsShowAsFailed() async throws {
        let harness = try await IngestHarness.make()
        var validation = ValidatorConfiguration(kafka: harness.kafka)
        validation.prefixTopics(with: harness.topicPrefix)
        validation.stage.groupID = harness.topicPrefix + "validator"
        let admin = try KafkaAdmin(client: harness.kafka, logger: TestKafka.logger)
        _ = try await admin.createTopics([
            TopicSpec(name: validation.stage.deadLetterTopic, description: "test", key: "original key", partitions: 1),
            TopicSpec(name: validation.nodeCatalogTopic, description: "test", key: "fingerprint", partitions: 1,
                      config: ["max.message.bytes": "16777216"]),
        ])
        _ = try await NodeCatalogPublisher.publish(
            from: try await TestEngine.shared(), kafka: harness.kafka, topic: validation.nodeCatalogTopic,
            publisher: "test", logger: TestKafka.logger)
        let key = try await harness.key()
        let validator = ValidatorService(configuration: validation, logger: TestKafka.logger)

        try await harness.withIngest(alongside: [validator]) { client in
            let bad = try await client.request(
                .post, "/v1/jobs", key: key,
                json: SeedRequests.prompt(replacing: #""euler_ancestral""#, with: #""invalid""#))
            #expect(bad.status == .accepted, "the structural checks cannot know sampler names")
            let badID = try #require(bad.json["job_id"] as? String)
            let good = try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart)
            let goodID = try #require(good.json["job_id"] as? String)

            let (_, failed) = try await client.eventually("/v1/jobs/\(badID)", key: key, timeout: .seconds(60)) { _, json in
                json["status"] as? String == "failed"
            }
            #expect(failed["status"] as? String == "failed")
            let error = try #require(failed["error"] as? [String: Any])
            #expect(error["code"] as? String == "workflow_error")
            #expect(error["message"] as? String == "Node 5: Invalid sampler_name 'invalid'")

            // The good job was validated (its events say so) and waits for an executor.
            let (_, events) = try await client.eventually("/v1/jobs/\(goodID)", key: key, timeout: .seconds(30)) { _, _ in
                validator.statistics.handled >= 2
            }
            #expect(events["status"] as? String == "queued")
        }
    }
}
