import Foundation
import KomfyEvents
import KomfyKafka
import KomfyRuntime
import KomfyTestSupport
import KomfyValidator
import KomfyWorkflow
import Testing

/// The validator stage on the real broker with the real engine's catalog: submissions become
/// JobValidated or JobRejected, with deterministic ids, and a replay cannot add a second outcome.
@Suite struct ValidatorServiceTests {
    @Test func validatesSubmissionsAgainstThePublishedCatalog() async throws {
        let pipeline = try await ValidatorPipeline.make()
        try await pipeline.publishCatalog()
        let good = UUID(), badSampler = UUID(), unknownNode = UUID(), badURL = UUID()
        try await pipeline.submit([
            good: SeedWorkflow.prompt,
            badSampler: SeedWorkflow.prompt(node: "5", input: "sampler_name", "invalid"),
            unknownNode: SeedWorkflow.prompt(node: "6", classType: "VAEDecodeX"),
            badURL: SeedWorkflow.prompt(node: "1", input: "ckpt_name", "http://huggingface.co/a/b.safetensors"),
        ])

        let outcomes = try await pipeline.runValidator { try await pipeline.outcomes(count: 4) }

        guard case .validated(let validated) = outcomes[good]?.event else {
            Issue.record("the seed workflow should pass, got \(String(describing: outcomes[good]))")
            return
        }
        #expect(validated.outputNodes == ["7"])
        #expect(validated.modelRefs == [ModelReference(
            nodeID: "1", input: "ckpt_name", folder: "checkpoints",
            url: "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors")])
        #expect(Set(validated.classTypes) == ["CheckpointLoaderSimple", "CLIPTextEncode", "EmptyLatentImage", "KSampler",
                                              "VAEDecode", "SaveImage"])

        let samplerError = try #require(outcomes[badSampler]?.rejection)
        #expect(samplerError.code == .workflowError)
        #expect(samplerError.message == "Node 5: Invalid sampler_name 'invalid'")
        #expect(try #require(outcomes[unknownNode]?.rejection).message.contains("VAEDecodeX"))
        #expect(try #require(outcomes[badURL]?.rejection).message.lowercased().contains("https"))

        for (job, outcome) in outcomes {
            let submission = EventID.derived(from: job, type: JobSubmitted.eventType)
            #expect(outcome.id == EventID.derived(from: submission, type: "ValidationOutcome"))
            #expect(outcome.causationID == submission)
        }
    }

    @Test func aReplayedSubmissionGetsTheSameOutcomeID() async throws {
        let pipeline = try await ValidatorPipeline.make()
        try await pipeline.publishCatalog()
        let job = UUID()
        try await pipeline.submit([job: SeedWorkflow.prompt(node: "5", input: "steps", .int(-3))])
        let first = try await pipeline.runValidator { try await pipeline.outcomes(count: 1) }
        // Another consumer group reads the log from the start again: a replay of every submission.
        let second = try await pipeline.runValidator(group: TestKafka.uniqueName("replay")) {
            try await pipeline.outcomes(count: 2, allRecords: true)
        }
        #expect(first[job]?.id == second[job]?.id, "both runs wrote one id; readers keep the first outcome")
    }

    @Test func jobsWaitForTheFirstCatalogInsteadOfFailing() async throws {
        let pipeline = try await ValidatorPipeline.make()
        let job = UUID()
        try await pipeline.submit([job: SeedWorkflow.prompt])
        let outcomes = try await pipeline.runValidator {
            try await Task.sleep(for: .seconds(2))
            #expect(try await pipeline.outcomes(count: 0).isEmpty, "no catalog, no verdict")
            try await pipeline.publishCatalog()
            return try await pipeline.outcomes(count: 1)
        }
        #expect(outcomes[job]?.rejection == nil)
    }

    @Test func catalogRecordsRoundTripAndRefuseAMismatchedKey() async throws {
        let objectInfo = try await TestEngine.objectInfo()
        let catalog = try NodeCatalog(objectInfo: objectInfo, engineVersion: try await TestEngine.version())
        let outgoing = NodeCatalogRecord.make(objectInfo: objectInfo, catalog: catalog, publisher: "test", topic: "t")
        var record = KafkaRecord(topic: "t", partition: 0, offset: 0, key: outgoing.key, value: outgoing.value,
                                 headers: outgoing.headers, timestamp: nil)
        let read = try NodeCatalogRecord.read(record)
        #expect(read.catalog.fingerprint == catalog.fingerprint)
        #expect(read.publisher == "test")
        record.key = Data("comfyui-0.0.0-0000000000000000".utf8)
        #expect(throws: (any Error).self) { try NodeCatalogRecord.read(record) }
    }
}

// MARK: - Fixtures

/// A validator's topics on the run's broker, a way to submit, and the outcomes it appended.
private struct ValidatorPipeline {
    let configuration: ValidatorConfiguration

    static func make() async throws -> ValidatorPipeline {
        let prefix = TestKafka.uniqueName("v") + "."
        var configuration = ValidatorConfiguration(kafka: try await TestKafka.client("validator-test"))
        configuration.prefixTopics(with: prefix)
        configuration.stage.groupID = prefix + "validator"
        let admin = try KafkaAdmin(client: configuration.kafka, logger: TestKafka.logger)
        _ = try await admin.createTopics([
            TopicSpec(name: configuration.stage.inputTopic, description: "test", key: "job id", partitions: 4),
            TopicSpec(name: configuration.stage.deadLetterTopic, description: "test", key: "original key", partitions: 1),
            TopicSpec(name: configuration.nodeCatalogTopic, description: "test", key: "fingerprint", partitions: 1,
                      config: ["max.message.bytes": "16777216"]),
        ])
        return ValidatorPipeline(configuration: configuration)
    }

    func publishCatalog() async throws {
        _ = try await NodeCatalogPublisher.publish(
            from: try await TestEngine.shared(), kafka: configuration.kafka, topic: configuration.nodeCatalogTopic,
            publisher: "test", logger: TestKafka.logger)
    }

    func submit(_ prompts: [UUID: JSONValue]) async throws {
        let producer = try await TestKafka.producer()
        _ = try await producer.send(try prompts.map { job, prompt in
            try JobEventRecord.make(JobEventEnvelope(
                id: EventID.derived(from: job, type: JobSubmitted.eventType), jobID: job, occurredAt: .now(),
                producer: "test", correlationID: job,
                event: .submitted(JobSubmitted(tenant: "t", prompt: prompt, source: .http, plan: "pro"))),
                topic: configuration.stage.inputTopic)
        })
        try await producer.close()
    }

    /// Runs a validator until `body` returns, then stops it.
    func runValidator<T: Sendable>(group: String? = nil, _ body: @Sendable () async throws -> T) async throws -> T {
        var configuration = configuration
        if let group { configuration.stage.groupID = group }
        let service = ValidatorService(configuration: configuration, logger: TestKafka.logger)
        let task = Task { try await service.run() }
        defer { task.cancel() }
        let result = try await body()
        task.cancel()
        _ = try? await task.value
        return result
    }

    /// The validation outcomes on the job-events topic by job (the first of each job unless
    /// `allRecords`, then the last), once there are `count` of them (or after 60 s when count is 0).
    func outcomes(count: Int, allRecords: Bool = false) async throws -> [UUID: JobEventEnvelope] {
        let consumer = try await KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: configuration.kafka,
                                                      mode: .broadcast(topics: [configuration.stage.inputTopic])),
            logger: TestKafka.logger)
        defer { Task { try? await consumer.close() } }
        var found: [JobEventEnvelope] = []
        let deadline = ContinuousClock.now + (count == 0 ? .seconds(1) : .seconds(60))
        while found.count < max(count, 1), ContinuousClock.now < deadline {
            for record in try await consumer.poll(timeout: .milliseconds(200))
            where [JobValidated.eventType, JobRejected.eventType].contains(record.headerString(JobEventCodec.typeHeader)) {
                found.append(try JobEventCodec().decode(record.value))
            }
        }
        if count > 0 { try #require(found.count >= count, "expected \(count) validation outcomes, found \(found.count)") }
        var byJob: [UUID: JobEventEnvelope] = [:]
        for outcome in found where allRecords || byJob[outcome.jobID] == nil { byJob[outcome.jobID] = outcome }
        return byJob
    }
}

extension JobEventEnvelope {
    var rejection: JobError? {
        if case .rejected(let rejected) = event { return rejected.error }
        return nil
    }
}
