import Foundation
import KomfyAccess
import KomfyEvents
import KomfyKafka
import Logging
import ServiceLifecycle

/// Kafka-native ingest: partner systems produce signed `SubmitJob` and `CancelJob` commands to
/// `komfy.job-commands` (docs/access.md) instead of calling the HTTP API.
///
/// Each command is checked exactly like an HTTP request (signature and key instead of the bearer
/// header, then the same structural checks and webhook rules) and becomes `JobSubmitted` or
/// `JobCancelRequested` on `komfy.job-events`, or a `JobCommandRejected` record back on
/// `komfy.job-commands`, keyed by the command's client reference, for the partner to read.
///
/// A submitted job's id derives from the key and the command id (or the idempotency key, shared
/// with HTTP), so a redelivered command is the same job. Limits hold commands back instead of
/// refusing them: the consumer waits until the tenant may submit again, and the partner sees lag,
/// not rejections. Offsets are committed only after the outputs of a batch are acknowledged.
final class JobCommandConsumer: Service, Sendable {
    private let kafka: KafkaClientConfiguration
    private let topic: String
    private let groupID: String
    private let keys: KeyDirectory
    private let submitter: JobSubmitter
    private let board: ActivityBoard
    private let store: JobStore
    private let limits: LimitsConfiguration
    private let metrics: IngestMetrics
    private let logger: Logger

    init(kafka: KafkaClientConfiguration, topic: String, groupID: String, keys: KeyDirectory, submitter: JobSubmitter, board: ActivityBoard,
         store: JobStore, limits: LimitsConfiguration, metrics: IngestMetrics, logger: Logger) {
        self.kafka = kafka
        self.topic = topic
        self.groupID = groupID
        self.keys = keys
        self.submitter = submitter
        self.board = board
        self.store = store
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
    }

    func run() async throws {
        // Commands signed by a key created a moment ago must find it.
        while !keys.isLoaded { try await Task.sleep(for: .milliseconds(50)) }
        let consumer = try await KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: kafka, mode: .group(id: groupID, topics: [topic])),
            logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: kafka), logger: logger)
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let records = try await consumer.poll(timeout: .milliseconds(500))
                guard !records.isEmpty else { continue }
                var rejections: [KafkaOutgoingRecord] = []
                for record in records where record.headerString(JobCommandCodec.typeHeader) != JobCommandRejected.eventType {
                    if let rejection = try await self.handle(record) { rejections.append(rejection) }
                }
                if !rejections.isEmpty { try await producer.send(rejections) }
                try await consumer.commit(through: records)
            }
        }
        try await producer.close()
        try await consumer.close()
    }

    /// Carries out one command; returns the rejection record when it is refused.
    func handle(_ record: KafkaRecord) async throws -> KafkaOutgoingRecord? {
        let verified: VerifiedJobCommand
        do {
            verified = try JobCommand.decode(value: record.value, signatureHeader: record.headerString(CommandSigner.headerName),
                                             keys: keys.snapshot, recordKey: record.keyString)
        } catch {
            return try rejection(JobCommandRejected(error), key: record.keyString)
        }
        let rejected = { (error: APIError) throws -> KafkaOutgoingRecord in
            try self.rejection(JobCommandRejected(
                commandID: verified.command.commandID, clientReference: verified.command.clientReference,
                keyID: verified.key.keyID, error: AccessError(code: .init(rawValue: error.code), message: error.message)),
                key: verified.command.clientReference)
        }
        do {
            switch verified.command {
            case .submit(let command):
                try await submit(command, key: verified.key)
            case .cancel(let command):
                try await cancel(command, key: verified.key)
            }
            return nil
        } catch let error as APIError {
            return try rejected(error)
        }
    }

    private func submit(_ command: SubmitJob, key: ApiKeyRecord) async throws {
        var fields: [String: JSONValue] = ["prompt": command.prompt]
        if let url = command.webhookURL { fields["webhook_url"] = .string(url) }
        if let priority = command.priority { fields["priority"] = .int(Int64(priority)) }
        if let metadata = command.metadata { fields["metadata"] = metadata }
        let request = try SubmitRequest.check(fields)
        try await waitUntilAdmitted(key)
        let outcome = try await submitter.submit(
            request, by: key, idempotencyKey: command.idempotencyKey, requestID: "cmd_" + command.commandID,
            source: .kafka, derivedJobID: Self.jobID(keyID: key.keyID, commandID: command.commandID))
        if case .accepted = outcome { metrics.jobsSubmitted(source: "kafka") }
    }

    private func cancel(_ command: CancelJob, key: ApiKeyRecord) async throws {
        let id = command.jobID.lowercasedString
        guard let job = try board.pendingJob(command.jobID) ?? store.job(command.jobID), job.tenant == key.tenant else {
            throw APIError.jobNotFound(id)
        }
        guard !job.status.isTerminal else {
            throw APIError(.conflict, "job_not_cancellable", "Job \(id) is already \(job.status.rawValue).")
        }
        try await submitter.requestCancel(of: job, by: key)
    }

    /// Holds the command back while the tenant is over a limit (backpressure, not rejection).
    private func waitUntilAdmitted(_ key: ApiKeyRecord) async throws {
        while true {
            let decision = board.admit(tenant: key.tenant, kind: .submission, limits: limits.limits(for: key))
            if decision.isAllowed { return }
            logger.info("Holding back a command until the tenant's limits allow it", metadata: [
                "komfy.tenant": "\(key.tenant)", "retry_after": "\(decision.retryAfterSeconds ?? 1)"])
            try await Task.sleep(for: .seconds(decision.retryAfterSeconds ?? 1))
        }
    }

    private func rejection(_ rejected: JobCommandRejected, key: String?) throws -> KafkaOutgoingRecord {
        logger.info("Rejected a job command", metadata: [
            "command_id": "\(rejected.commandID ?? "-")", "error": "\(rejected.error.code)"])
        return KafkaOutgoingRecord(
            topic: topic, key: key.map { Data($0.utf8) }, value: try JobCommandCodec.encode(rejected),
            headers: [KafkaHeader(name: JobCommandCodec.typeHeader, string: JobCommandRejected.eventType)])
    }

    static func jobID(keyID: ApiKeyID, commandID: String) -> UUID {
        EventID.uuidV5(namespace: EventID.namespace, name: "job-command\n\(keyID.rawValue)\n\(commandID)")
    }
}

/// How rejections are written: sorted-key JSON with the type in the `komfy-type` header.
enum JobCommandCodec {
    static let typeHeader = JobEventCodec.typeHeader

    static func encode(_ rejected: JobCommandRejected) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(rejected)
    }
}
