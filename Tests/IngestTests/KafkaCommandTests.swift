import Foundation
import KomfyAccess
import KomfyEvents
@testable import KomfyIngest
import KomfyKafka
import KomfyTestSupport
import Testing

@Suite("Kafka-native ingest: signed commands on komfy.job-commands")
struct KafkaCommandTests {
    @Test("a signed SubmitJob becomes a job (once, however often it is delivered); CancelJob cancels it")
    func submitAndCancel() async throws {
        let harness = try await IngestHarness.make()
        let secret = try await harness.key(tenant: "partner")
        let partner = try Partner(secret: secret, topic: harness.topics.jobCommands)
        let prompt = try JSONDecoder().decode(JSONValue.self, from: Data(SeedRequests.workflow.utf8))
        try await harness.withIngest(configure: { $0.consumesCommands = true }) { client in
            let submit = JobCommand.submit(SubmitJob(commandID: "cmd-1", clientReference: "order-77", prompt: prompt,
                                                     webhookURL: "https://partner.example.com/hook"))
            try await partner.send(submit)
            try await partner.send(submit)
            let jobID = JobCommandConsumer.jobID(keyID: partner.key.keyID, commandID: "cmd-1")
            let (read, job) = try await client.eventually("/v1/jobs/\(jobID.uuidString.lowercased())", key: secret,
                                                          timeout: .seconds(20)) { response, _ in response.status == .ok }
            #expect(read.status == .ok)
            #expect(job["status"] as? String == "queued")
            let (_, list) = try await client.eventually("/v1/jobs", key: secret) { _, json in (json["jobs"] as? [Any])?.count == 1 }
            #expect((list["jobs"] as? [Any])?.count == 1, "the redelivered command is the same job")

            try await partner.send(.cancel(CancelJob(commandID: "cmd-2", clientReference: "order-77", jobID: jobID)))
            let (_, cancelled) = try await client.eventually("/v1/jobs/\(jobID.uuidString.lowercased())", key: secret,
                                                             timeout: .seconds(20)) { _, json in
                json["status"] as? String == "cancelled"
            }
            #expect(cancelled["status"] as? String == "cancelled")
        }
    }

    @Test("bad signatures, unknown keys and invalid workflows come back as JobCommandRejected for the partner")
    func rejections() async throws {
        let harness = try await IngestHarness.make()
        let secret = try await harness.key(tenant: "partner")
        let partner = try Partner(secret: secret, topic: harness.topics.jobCommands)
        let stranger = try Partner(secret: "sk_live_" + String(repeating: "Z", count: 43), topic: harness.topics.jobCommands)
        let prompt = try JSONDecoder().decode(JSONValue.self, from: Data(SeedRequests.workflow.utf8))
        let cyclic = try JSONDecoder().decode(JSONValue.self, from: Data(SeedRequests.workflow.replacingOccurrences(
            of: #""latent_image": ["4", 0]"#, with: #""latent_image": ["6", 0]"#).utf8))
        try await harness.withIngest(configure: { $0.consumesCommands = true }) { _ in
            try await partner.send(.submit(SubmitJob(commandID: "forged", clientReference: "ref-forged", prompt: prompt)),
                                   tamper: true)
            try await stranger.send(.submit(SubmitJob(commandID: "stranger", clientReference: "ref-stranger", prompt: prompt)))
            try await partner.send(.submit(SubmitJob(commandID: "cyclic", clientReference: "ref-cyclic", prompt: cyclic)))
            try await partner.send(.submit(SubmitJob(commandID: "insecure", clientReference: "ref-insecure", prompt: prompt,
                                                     webhookURL: "http://partner.example.com/hook")))
            let rejected = try await Partner.readRejections(topic: harness.topics.jobCommands, count: 4)
            #expect(rejected["ref-forged"] == "bad_signature")
            #expect(rejected["ref-stranger"] == "unknown_key")
            #expect(rejected["ref-cyclic"] == "invalid_workflow")
            #expect(rejected["ref-insecure"] == "invalid_webhook_url")
        }
    }
}

/// A partner system that holds an API key and writes signed commands.
private struct Partner {
    let secret: ApiKeySecret
    let topic: String
    var key: (keyID: ApiKeyID, digest: ApiKeyDigest) { (secret.keyID, secret.digest) }

    init(secret text: String, topic: String) throws {
        guard case .wellFormed(let secret) = ApiKeySecret.parse(text) else { throw KafkaError(.consume, "bad test key") }
        self.secret = secret
        self.topic = topic
    }

    func send(_ command: JobCommand, tamper: Bool = false) async throws {
        let envelope = JobCommandEnvelope(keyID: secret.keyID, issuedAt: .now(), command: command)
        var record = try envelope.signedRecord(keyDigest: secret.digest)
        if tamper { record.value.append(contentsOf: Data(" ".utf8)) }
        let producer = try await TestKafka.producer()
        try await producer.send(KafkaOutgoingRecord(
            topic: topic, key: record.key, value: record.value,
            headers: [KafkaHeader(name: CommandSigner.headerName, string: record.signatureHeader)]))
        try await producer.close()
    }

    /// Error codes of the first `count` rejections on the topic, by client reference.
    static func readRejections(topic: String, count: Int) async throws -> [String: String] {
        let consumer = try await KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: try await TestKafka.client(), mode: .broadcast(topics: [topic])),
            logger: TestKafka.logger)
        var codes: [String: String] = [:]
        let deadline = ContinuousClock.now + .seconds(30)
        while codes.count < count, ContinuousClock.now < deadline {
            for record in try await consumer.poll(timeout: .milliseconds(500))
            where record.headerString(JobCommandCodec.typeHeader) == JobCommandRejected.eventType {
                let rejected = try JSONDecoder().decode(JobCommandRejected.self, from: record.value)
                codes[rejected.clientReference ?? "?"] = rejected.error.code.rawValue
            }
        }
        try await consumer.close()
        return codes
    }
}
